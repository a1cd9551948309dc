"""Accounts API: creating and changing users, roles and (de)activation."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from conftest import PASSWORD
from haven.accounts.models import User
from haven.accounts.roles import Role
from haven.api.tests.accounts_support import (
    ME_URL,
    ORGS_URL,
    TOKEN_URL,
    USERS_URL,
    _fresh_cache,  # noqa: F401  (autouse fixture)
    add_to_org_a,
    assert_no_ciphertext,
    assert_problem,
    create_body,
    error_fields,
    membership_url,
    org_url,
    send,
    user_url,
)
from haven.audit import actions
from haven.audit.models import AuditEvent

# Users: creating and changing ---------------------------------------------------------------


def test_org_admin_creates_user_with_roles(world: Any, login: Any) -> None:
    admin = world.user(Role.ORG_ADMIN)

    response = send(login(admin), "post", USERS_URL, create_body(world))

    assert response.status_code == 201, response.content
    assert_no_ciphertext(response)
    body = response.json()
    assert body["set_password_link"].startswith("http")
    assert body["emailed"] is True
    assert body["user"]["username"] == "new.caseworker"
    assert body["user"]["full_name"] == "Wang Fang"
    [membership] = body["user"]["memberships"]
    assert membership["organisation"]["id"] == str(world.org_a.pk)
    assert membership["roles"] == ["caseworker", "screener"]
    user = User.objects.get(username="new.caseworker")
    assert not user.has_usable_password()
    assert user.language == "zh-hans"
    event = AuditEvent.objects.get(action=actions.USER_CREATED, object_id=str(user.pk))
    assert event.actor == admin
    assert event.organisation_id == world.org_a.pk
    assert event.details["roles"] == ["caseworker", "screener"]
    recorded = str(event.details).lower()
    for value in ("wang", "fang", "example.org", "new.caseworker"):
        assert value not in recorded


def test_created_user_sets_password_through_the_link(world: Any, login: Any) -> None:
    response = send(login(world.user(Role.ORG_ADMIN)), "post", USERS_URL, create_body(world))
    link = response.json()["set_password_link"]

    page = Client().get(link, follow=True)

    assert page.status_code == 200
    assert b"password" in page.content.lower()


def test_cannot_create_user_in_another_org(world: Any, login: Any) -> None:
    body = create_body(world, organisation=str(world.org_b.pk))

    response = send(login(world.user(Role.ORG_ADMIN)), "post", USERS_URL, body)

    assert error_fields(response) == {"organisation"}
    assert not User.objects.filter(username="new.caseworker").exists()


def test_org_admin_cannot_grant_sysadmin(world: Any, login: Any) -> None:
    body = create_body(world, roles=["sysadmin"])

    response = send(login(world.user(Role.ORG_ADMIN)), "post", USERS_URL, body)

    assert_problem(response, 403)
    assert not User.objects.filter(username="new.caseworker").exists()


@pytest.mark.parametrize("username", ["screener_b", "SCREENER_A"])
def test_duplicate_username_is_400(world: Any, login: Any, username: str) -> None:
    body = create_body(world, username=username)

    response = send(login(world.user(Role.ORG_ADMIN)), "post", USERS_URL, body)

    assert error_fields(response) == {"username"}
    assert User.objects.filter(username__iexact=username).count() == 1


def test_invalid_user_fields_are_listed(world: Any, login: Any) -> None:
    body = create_body(world, username="has space", email="not-an-email", roles=["emperor"])

    response = send(login(world.user(Role.ORG_ADMIN)), "post", USERS_URL, body)

    assert error_fields(response) == {"username", "email", "roles"}


def test_org_admin_changes_user_of_own_org(world: Any, login: Any) -> None:
    admin = world.user(Role.ORG_ADMIN)
    target = world.user(Role.SCREENER)

    response = send(login(admin), "patch", user_url(target), {"full_name": "Zhang Wei"})

    assert response.status_code == 200, response.content
    assert_no_ciphertext(response)
    assert response.json()["full_name"] == "Zhang Wei"
    assert response.json()["email"] == "screener.a@example.org"
    target.refresh_from_db()
    assert target.full_name == "Zhang Wei"
    event = AuditEvent.objects.get(action=actions.USER_UPDATED)
    assert event.details == {"changed_fields": ["full_name"]}
    assert event.organisation_id == world.org_a.pk


def test_users_of_other_org_are_404(world: Any, login: Any) -> None:
    client = login(world.user(Role.ORG_ADMIN))
    target = world.user(Role.SCREENER, other=True)
    membership = target.memberships.get()

    assert_problem(client.get(user_url(target)), 404)
    assert_problem(send(client, "patch", user_url(target), {"full_name": "Hacked"}), 404)
    assert_problem(send(client, "post", f"{user_url(target)}password-link"), 404)
    roles_url = membership_url(target, membership, "roles")
    assert_problem(send(client, "put", roles_url, {"roles": ["analyst"]}), 404)
    assert_problem(send(client, "post", membership_url(target, membership, "deactivate")), 404)
    target.refresh_from_db()
    assert target.full_name == "Test screener B"
    assert target.is_active
    assert sorted(membership.grants.values_list("role", flat=True)) == ["screener"]


def test_membership_of_other_org_through_own_user_is_404(world: Any, login: Any) -> None:
    shared = world.user(Role.CASEWORKER, other=True)
    add_to_org_a(world, shared, [Role.SCREENER.value])
    membership_b = shared.memberships.get(organisation=world.org_b)
    client = login(world.user(Role.ORG_ADMIN))

    roles_url = membership_url(shared, membership_b, "roles")
    assert_problem(send(client, "put", roles_url, {"roles": ["analyst"]}), 404)
    assert_problem(send(client, "post", membership_url(shared, membership_b, "deactivate")), 404)
    membership_b.refresh_from_db()
    assert membership_b.is_active
    assert membership_b.role_codes == ["caseworker"]


def test_password_link_for_own_org_user(world: Any, login: Any) -> None:
    target = world.user(Role.SCREENER)

    response = send(login(world.user(Role.ORG_ADMIN)), "post", f"{user_url(target)}password-link")

    assert response.status_code == 201, response.content
    assert_no_ciphertext(response)
    assert "/" in response.json()["set_password_link"]
    event = AuditEvent.objects.get(action=actions.PASSWORD_LINK_ISSUED)
    assert event.object_id == str(target.pk)
    assert event.organisation_id == world.org_a.pk


def test_org_admin_cannot_take_over_sysadmin_account(world: Any, login: Any) -> None:
    """A set-password link is returned to the caller: for a system administrator's account
    it would hand the whole installation to an organisation administrator."""
    sysadmin = world.user(Role.SYSADMIN)
    client = login(world.user(Role.ORG_ADMIN))

    assert_problem(send(client, "post", f"{user_url(sysadmin)}password-link"), 403)
    assert_problem(send(client, "patch", user_url(sysadmin), {"email": "me@evil.example"}), 403)
    sysadmin.refresh_from_db()
    assert sysadmin.email == ""
    assert not AuditEvent.objects.filter(action=actions.PASSWORD_LINK_ISSUED).exists()


def test_org_admin_cannot_take_over_account_reaching_another_org(world: Any, login: Any) -> None:
    shared = world.user(Role.COORDINATOR, other=True)
    add_to_org_a(world, shared, [Role.TRAINEE.value])
    client = login(world.user(Role.ORG_ADMIN))

    assert_problem(send(client, "post", f"{user_url(shared)}password-link"), 403)
    assert_problem(send(client, "patch", user_url(shared), {"email": "me@evil.example"}), 403)
    shared.refresh_from_db()
    assert shared.email == "coordinator.b@example.org"


def test_sysadmin_may_issue_password_link_for_shared_account(world: Any, login: Any) -> None:
    shared = world.user(Role.COORDINATOR, other=True)
    add_to_org_a(world, shared, [Role.TRAINEE.value])

    response = send(login(world.user(Role.SYSADMIN)), "post", f"{user_url(shared)}password-link")

    assert response.status_code == 201, response.content


# Roles and (de)activation -------------------------------------------------------------------


def test_put_roles_replaces_roles(world: Any, login: Any) -> None:
    admin = world.user(Role.ORG_ADMIN)
    target = world.user(Role.SCREENER)
    membership = target.memberships.get()

    response = send(
        login(admin),
        "put",
        membership_url(target, membership, "roles"),
        {"roles": ["caseworker", "analyst"]},
    )

    assert response.status_code == 200, response.content
    assert response.json()["roles"] == ["analyst", "caseworker"]
    assert membership.role_codes == ["analyst", "caseworker"]
    event = AuditEvent.objects.get(action=actions.USER_ROLES_CHANGED)
    assert event.details == {"added": ["analyst", "caseworker"], "removed": ["screener"]}
    assert event.object_id == str(target.pk)


def test_put_roles_cannot_grant_sysadmin(world: Any, login: Any) -> None:
    target = world.user(Role.SCREENER)
    membership = target.memberships.get()

    response = send(
        login(world.user(Role.ORG_ADMIN)),
        "put",
        membership_url(target, membership, "roles"),
        {"roles": ["sysadmin"]},
    )

    assert_problem(response, 403)
    assert membership.role_codes == ["screener"]


def test_put_roles_cannot_demote_sysadmin(world: Any, login: Any) -> None:
    sysadmin = world.user(Role.SYSADMIN)
    membership = sysadmin.memberships.get()

    response = send(
        login(world.user(Role.ORG_ADMIN)),
        "put",
        membership_url(sysadmin, membership, "roles"),
        {"roles": ["screener"]},
    )

    assert_problem(response, 403)
    assert membership.role_codes == ["sysadmin"]


@pytest.mark.parametrize("actor_role", [Role.ORG_ADMIN, Role.SYSADMIN])
def test_cannot_remove_the_last_org_admin(world: Any, login: Any, actor_role: Role) -> None:
    admin = world.user(Role.ORG_ADMIN)
    membership = admin.memberships.get()

    response = send(
        login(world.user(actor_role)),
        "put",
        membership_url(admin, membership, "roles"),
        {"roles": ["screener"]},
    )

    assert error_fields(response) == {"roles"}
    assert membership.role_codes == ["org_admin"]


def test_cannot_deactivate_the_last_org_admin(world: Any, login: Any) -> None:
    admin = world.user(Role.ORG_ADMIN)

    response = send(
        login(world.user(Role.SYSADMIN)),
        "post",
        membership_url(admin, admin.memberships.get(), "deactivate"),
    )

    assert_problem(response, 400)
    admin.refresh_from_db()
    assert admin.is_active


def test_deactivate_and_reactivate(world: Any, login: Any) -> None:
    admin = world.user(Role.ORG_ADMIN)
    target = world.user(Role.CASEWORKER)
    membership = target.memberships.get()
    client = login(admin)
    token = Client()

    response = send(client, "post", membership_url(target, membership, "deactivate"))

    assert response.status_code == 200, response.content
    assert response.json()["is_active"] is False
    refused = send(token, "post", TOKEN_URL, {"username": target.username, "password": PASSWORD})
    assert_problem(refused, 401)
    listed = client.get(user_url(target)).json()
    assert listed["is_active"] is False
    assert listed["memberships"][0]["is_active"] is False
    event = AuditEvent.objects.get(action=actions.USER_DEACTIVATED)
    assert event.details == {"account_disabled": True}

    response = send(client, "post", membership_url(target, membership, "reactivate"))

    assert response.status_code == 200, response.content
    assert response.json()["is_active"] is True
    assert client.get(user_url(target)).json()["is_active"] is True
    assert AuditEvent.objects.filter(action=actions.USER_REACTIVATED).count() == 1
    again = send(token, "post", TOKEN_URL, {"username": target.username, "password": PASSWORD})
    assert again.status_code == 201, again.content


def test_cannot_deactivate_oneself(world: Any, login: Any) -> None:
    sysadmin = world.user(Role.SYSADMIN)

    response = send(
        login(sysadmin), "post", membership_url(sysadmin, sysadmin.memberships.get(), "deactivate")
    )

    assert_problem(response, 400)
    sysadmin.refresh_from_db()
    assert sysadmin.is_active


def test_org_admin_cannot_deactivate_sysadmin(world: Any, login: Any) -> None:
    sysadmin = world.user(Role.SYSADMIN)
    membership = sysadmin.memberships.get()

    response = send(
        login(world.user(Role.ORG_ADMIN)),
        "post",
        membership_url(sysadmin, membership, "deactivate"),
    )

    assert_problem(response, 403)
    membership.refresh_from_db()
    sysadmin.refresh_from_db()
    assert membership.is_active
    assert sysadmin.is_active


# No ciphertext ------------------------------------------------------------------------------


def test_no_response_carries_ciphertext(world: Any, login: Any) -> None:
    sysadmin = world.user(Role.SYSADMIN)
    shared = world.user(Role.CASEWORKER, other=True)
    add_to_org_a(world, shared, [Role.SCREENER.value])
    responses = []
    for actor in (sysadmin, world.user(Role.ORG_ADMIN)):
        client = login(actor)
        responses += [
            client.get(ME_URL),
            client.get(ORGS_URL),
            client.get(org_url(world.org_a)),
            client.get(USERS_URL, {"page_size": 200}),
            client.get(user_url(shared)),
            client.get(USERS_URL, {"search": "Test caseworker B"}),
            send(client, "patch", user_url(world.user(Role.ANALYST)), {"full_name": "Renamed"}),
            send(client, "post", f"{user_url(world.user(Role.TRAINER))}password-link"),
        ]
    responses.append(
        send(login(sysadmin), "post", USERS_URL, create_body(world, full_name="Chen Jing"))
    )

    for response in responses:
        assert response.status_code in (200, 201), response.content
        assert_no_ciphertext(response)
    assert b"Chen Jing" in responses[-1].content
    assert b"Test caseworker B" in responses[5].content
