"""Accounts API: /me, organisations, and listing users."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from haven.accounts import services
from haven.accounts.models import Organisation, User
from haven.accounts.roles import MATRIX, Cap, Role
from haven.api.tests.accounts_support import (
    ME_URL,
    ORGS_URL,
    ROLES_EXCEPT_SYSADMIN,
    ROLES_WITHOUT_USER_MANAGEMENT,
    USERS_URL,
    _fresh_cache,  # noqa: F401  (autouse fixture)
    add_to_org_a,
    assert_no_ciphertext,
    assert_problem,
    create_body,
    error_fields,
    membership_url,
    names,
    org_url,
    send,
    user_url,
    usernames,
)
from haven.audit import actions
from haven.audit.models import AuditEvent

# /me ----------------------------------------------------------------------------------------


def test_me_shows_memberships_roles_and_capabilities(world: Any, login: Any) -> None:
    user = world.user(Role.COORDINATOR)

    response = login(user).get(ME_URL)

    assert response.status_code == 200
    assert_no_ciphertext(response)
    body = response.json()
    assert body["username"] == user.username
    assert body["full_name"] == "Test coordinator A"
    assert body["two_factor"] is False
    assert body["capabilities"] == sorted(str(c) for c in MATRIX[Role.COORDINATOR])
    [membership] = body["memberships"]
    assert membership["organisation"]["id"] == str(world.org_a.pk)
    assert membership["roles"] == ["coordinator"]
    assert membership["is_active"] is True


def test_me_combines_roles_of_several_organisations(world: Any, login: Any) -> None:
    user = world.user(Role.ANALYST, other=True)
    add_to_org_a(world, user, [Role.TRAINER.value, Role.SCREENER.value])

    body = login(user).get(ME_URL).json()

    roles = {m["organisation"]["id"]: m["roles"] for m in body["memberships"]}
    assert roles == {
        str(world.org_b.pk): ["analyst"],
        str(world.org_a.pk): ["screener", "trainer"],
    }
    expected = set(MATRIX[Role.ANALYST]) | set(MATRIX[Role.TRAINER]) | set(MATRIX[Role.SCREENER])
    assert body["capabilities"] == sorted(str(c) for c in expected)


def test_sysadmin_me_has_system_capabilities(world: Any, login: Any) -> None:
    body = login(world.user(Role.SYSADMIN)).get(ME_URL).json()

    assert str(Cap.ORGS_MANAGE) in body["capabilities"]
    assert str(Cap.USERS_MANAGE) in body["capabilities"]


# Organisations ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES_EXCEPT_SYSADMIN)
def test_organisation_list_shows_only_own_organisation(world: Any, login: Any, role: Role) -> None:
    response = login(world.user(role)).get(ORGS_URL)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert [o["id"] for o in body["results"]] == [str(world.org_a.pk)]


def test_sysadmin_sees_every_organisation(world: Any, login: Any) -> None:
    response = login(world.user(Role.SYSADMIN)).get(ORGS_URL)

    assert response.status_code == 200
    ids = {o["id"] for o in response.json()["results"]}
    assert ids == {str(world.org_a.pk), str(world.org_b.pk)}


def test_organisation_detail(world: Any, login: Any) -> None:
    client = login(world.user(Role.ORG_ADMIN))

    own = client.get(org_url(world.org_a))
    other = client.get(org_url(world.org_b))

    assert own.status_code == 200
    assert own.json()["country"] == "CN"
    assert own.json()["name"] == world.org_a.name
    body = assert_problem(other, 404)
    assert world.org_b.name not in str(body)


def test_organisation_detail_of_other_org_is_404_for_every_role(world: Any, login: Any) -> None:
    for role in ROLES_EXCEPT_SYSADMIN:
        client = login(world.user(role))
        assert_problem(client.get(org_url(world.org_b)), 404)
        assert_problem(send(client, "patch", org_url(world.org_b), {"require_2fa": True}), 404)
    world.org_b.refresh_from_db()
    assert world.org_b.require_2fa is False


def test_org_admin_cannot_create_organisation(world: Any, login: Any) -> None:
    response = send(
        login(world.user(Role.ORG_ADMIN)),
        "post",
        ORGS_URL,
        {"name": "Rogue unit", "kind": "police", "country": "CN"},
    )

    assert_problem(response, 403)
    assert not Organisation.objects.filter(name="Rogue unit").exists()


def test_sysadmin_creates_organisation(world: Any, login: Any) -> None:
    sysadmin = world.user(Role.SYSADMIN)

    response = send(
        login(sysadmin),
        "post",
        ORGS_URL,
        {
            "name": "Shelter C (synthetic)",
            "kind": "shelter_provider",
            "country": "TH",
            "name_translations": {"zh-hans": "庇护所丙"},
            "languages": ["th", "en"],
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    org = Organisation.objects.get(pk=body["id"])
    assert org.name == "Shelter C (synthetic)"
    assert org.country == "TH"
    assert body["kind"] == "shelter_provider"
    assert body["require_2fa"] is False
    event = AuditEvent.objects.get(action=actions.ORG_CREATED, object_id=str(org.pk))
    assert event.actor == sysadmin
    assert event.organisation_id == org.pk


def test_bad_country_is_400_on_country(world: Any, login: Any) -> None:
    response = send(
        login(world.user(Role.SYSADMIN)),
        "post",
        ORGS_URL,
        {"name": "Nowhere unit", "kind": "police", "country": "XX"},
    )

    assert error_fields(response) == {"country"}
    assert not Organisation.objects.filter(name="Nowhere unit").exists()


def test_org_admin_may_change_two_factor_rule_of_own_org(world: Any, login: Any) -> None:
    admin = world.user(Role.ORG_ADMIN)

    response = send(login(admin), "patch", org_url(world.org_a), {"require_2fa": True})

    assert response.status_code == 200, response.content
    assert response.json()["require_2fa"] is True
    world.org_a.refresh_from_db()
    assert world.org_a.require_2fa is True
    event = AuditEvent.objects.get(action=actions.ORG_UPDATED)
    assert event.actor == admin
    assert event.organisation_id == world.org_a.pk
    assert event.details == {"changed_fields": ["require_2fa"]}


@pytest.mark.parametrize(
    "change",
    [{"name": "Renamed"}, {"country": "DE"}, {"is_active": False}, {"kind": "ngo"}],
    ids=lambda c: next(iter(c)),
)
def test_org_admin_may_not_change_sysadmin_fields(
    world: Any, login: Any, change: dict[str, Any]
) -> None:
    response = send(login(world.user(Role.ORG_ADMIN)), "patch", org_url(world.org_a), change)

    assert_problem(response, 403)
    org = Organisation.objects.get(pk=world.org_a.pk)
    assert (org.name, org.country, org.is_active, org.kind) == (
        world.org_a.name,
        "CN",
        True,
        "police",
    )
    assert not AuditEvent.objects.filter(action=actions.ORG_UPDATED).exists()


def test_member_without_user_management_cannot_change_own_org(world: Any, login: Any) -> None:
    response = send(
        login(world.user(Role.CASEWORKER)), "patch", org_url(world.org_a), {"require_2fa": True}
    )

    assert_problem(response, 403)
    world.org_a.refresh_from_db()
    assert world.org_a.require_2fa is False


def test_sysadmin_renames_organisation(world: Any, login: Any) -> None:
    response = send(
        login(world.user(Role.SYSADMIN)), "patch", org_url(world.org_b), {"name": "NGO B2"}
    )

    assert response.status_code == 200, response.content
    event = AuditEvent.objects.get(action=actions.ORG_UPDATED)
    assert event.details == {"changed_fields": ["name"]}
    assert "NGO B2" not in str(event.details)


# Users: listing -----------------------------------------------------------------------------


def test_org_admin_lists_exactly_own_org_users(world: Any, login: Any) -> None:
    listed = usernames(login(world.user(Role.ORG_ADMIN)).get(USERS_URL, {"page_size": 200}))

    assert listed == names(world.users_a)
    assert not listed & names(world.users_b)


def test_org_admin_cannot_reach_other_org_users_by_filter_or_search(world: Any, login: Any) -> None:
    client = login(world.user(Role.ORG_ADMIN))

    assert usernames(client.get(USERS_URL, {"organisation": str(world.org_b.pk)})) == set()
    assert usernames(client.get(USERS_URL, {"search": "_b"})) == set()
    assert usernames(client.get(USERS_URL, {"search": "Test screener B"})) == set()


def test_sysadmin_lists_users_of_every_org(world: Any, login: Any) -> None:
    listed = usernames(login(world.user(Role.SYSADMIN)).get(USERS_URL, {"page_size": 200}))

    assert listed == names(world.users_a) | names(world.users_b)


def test_shared_user_shows_only_memberships_the_admin_manages(world: Any, login: Any) -> None:
    shared = world.user(Role.CASEWORKER, other=True)
    add_to_org_a(world, shared, [Role.SCREENER.value])

    response = login(world.user(Role.ORG_ADMIN)).get(user_url(shared))

    assert response.status_code == 200
    memberships = response.json()["memberships"]
    assert [m["organisation"]["id"] for m in memberships] == [str(world.org_a.pk)]
    assert memberships[0]["roles"] == ["screener"]
    assert world.org_b.name.encode() not in response.content


def test_search_by_full_name_uses_the_exact_blind_index(world: Any, login: Any) -> None:
    sysadmin = world.user(Role.SYSADMIN)
    services.user_create(
        actor=sysadmin,
        organisation=world.org_a,
        username="u1047",
        roles=[Role.SCREENER.value],
        full_name="Li Xiaoming",
    )
    client = login(world.user(Role.ORG_ADMIN))

    assert usernames(client.get(USERS_URL, {"search": "Li Xiaoming"})) == {"u1047"}
    assert usernames(client.get(USERS_URL, {"search": "  li   XIAOMING "})) == {"u1047"}
    assert usernames(client.get(USERS_URL, {"search": "Xiaoming"})) == set()
    assert usernames(client.get(USERS_URL, {"search": "Li Xiao"})) == set()


def test_filter_by_role(world: Any, login: Any) -> None:
    client = login(world.user(Role.ORG_ADMIN))

    assert usernames(client.get(USERS_URL, {"role": "screener"})) == {"screener_a"}
    assert usernames(client.get(USERS_URL, {"role": "sysadmin"})) == {"sysadmin_a"}


def test_filter_by_status(world: Any, login: Any) -> None:
    admin = world.user(Role.ORG_ADMIN)
    trainee = world.user(Role.TRAINEE)
    services.membership_deactivate(actor=admin, membership=trainee.memberships.get())
    client = login(admin)

    assert usernames(client.get(USERS_URL, {"status": "inactive"})) == {"trainee_a"}
    active = usernames(client.get(USERS_URL, {"status": "active", "page_size": 200}))
    assert active == names(world.users_a) - {"trainee_a"}


def test_bad_organisation_filter_is_400(world: Any, login: Any) -> None:
    response = login(world.user(Role.ORG_ADMIN)).get(USERS_URL, {"organisation": "nope"})

    assert_problem(response, 400)


@pytest.mark.parametrize("role", ROLES_WITHOUT_USER_MANAGEMENT)
def test_roles_without_user_management_are_refused(world: Any, login: Any, role: Role) -> None:
    client = login(world.user(role))
    target = world.user(Role.SCREENER)
    membership = target.memberships.get()

    assert_problem(client.get(USERS_URL), 403)
    assert_problem(send(client, "post", USERS_URL, create_body(world)), 403)
    assert_problem(client.get(user_url(target)), 403)
    assert_problem(send(client, "patch", user_url(target), {"full_name": "X"}), 403)
    assert_problem(send(client, "post", f"{user_url(target)}password-link"), 403)
    roles_url = membership_url(target, membership, "roles")
    assert_problem(send(client, "put", roles_url, {"roles": ["analyst"]}), 403)
    for action in ("deactivate", "reactivate"):
        assert_problem(send(client, "post", membership_url(target, membership, action)), 403)
    assert not User.objects.filter(username="new.caseworker").exists()


def test_roles_without_user_management_cover_every_such_role() -> None:
    assert set(ROLES_WITHOUT_USER_MANAGEMENT) == set(Role) - {Role.ORG_ADMIN, Role.SYSADMIN}


def test_user_list_queries_do_not_grow_with_users(
    world: Any, login: Any, django_assert_num_queries: Any
) -> None:
    sysadmin = world.user(Role.SYSADMIN)
    org = services.organisation_create(actor=sysadmin, name="Unit C", kind="police", country="VN")

    def add_user(i: int, roles: list[str]) -> Any:
        return services.user_create(
            actor=sysadmin,
            organisation=org,
            username=f"c{i}",
            roles=roles,
            full_name=f"Person {i}",
        ).user

    admin = add_user(0, [Role.ORG_ADMIN.value])
    client = login(admin)
    client.get(USERS_URL)  # warm the session and the caches
    with CaptureQueriesContext(connection) as one:
        assert usernames(client.get(USERS_URL)) == {"c0"}
    for i in range(1, 10):
        add_user(i, [Role.SCREENER.value, Role.CASEWORKER.value])

    with django_assert_num_queries(len(one)):
        assert len(usernames(client.get(USERS_URL))) == 10


def test_user_list_query_count_is_bounded(
    world: Any, login: Any, django_assert_max_num_queries: Any
) -> None:
    client = login(world.user(Role.SYSADMIN))
    client.get(USERS_URL)

    with django_assert_max_num_queries(12):
        assert len(usernames(client.get(USERS_URL))) == 18
