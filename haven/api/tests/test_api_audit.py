"""API of the audit trail: scoped to the reader's organisations, filtered, paginated."""

from __future__ import annotations

import datetime
from typing import Any
from unittest import mock

import pytest
from django.utils import timezone

from haven.accounts import services
from haven.accounts.roles import MATRIX, Cap, Role
from haven.audit import actions
from haven.audit.models import AuditEvent
from haven.audit.services import record

URL = "/api/v1/audit-events/"
PROBLEM = "application/problem+json"

ROLES_WITHOUT_AUDIT = [r for r in Role if Cap.AUDIT_READ not in MATRIX[r]]


def results(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    return body


def some_events(world: Any) -> None:
    """A few more events in both organisations and one belonging to none."""
    admin_a = world.user(Role.ORG_ADMIN)
    admin_b = world.user(Role.ORG_ADMIN, other=True)
    services.user_update(
        actor=admin_a, user=world.user(Role.SCREENER), full_name="A", email="", language="en"
    )
    services.user_update(
        actor=admin_b,
        user=world.user(Role.SCREENER, other=True),
        full_name="B",
        email="",
        language="en",
    )
    record(actor=None, action=actions.LOGIN_FAILED, details={"known_user": False})


def test_org_admin_sees_only_own_org_events(world: Any, login: Any) -> None:
    some_events(world)

    rows = results(login(world.user(Role.ORG_ADMIN)).get(URL, {"page_size": 200}))

    assert {row["organisation"] for row in rows} == {str(world.org_a.pk)}
    assert len(rows) == AuditEvent.objects.filter(organisation=world.org_a).count()
    assert AuditEvent.objects.exclude(organisation=world.org_a).count() > 0


def test_org_admin_cannot_filter_into_other_org(world: Any, login: Any) -> None:
    some_events(world)
    client = login(world.user(Role.ORG_ADMIN))
    event_b = AuditEvent.objects.filter(organisation=world.org_b).first()
    assert event_b is not None

    assert results(client.get(URL, {"organisation": str(world.org_b.pk)})) == []
    assert results(client.get(URL, {"object_id": event_b.object_id})) == []
    assert results(client.get(URL, {"user": str(world.user(Role.ORG_ADMIN, other=True).pk)})) == []


def test_sysadmin_sees_every_event(world: Any, login: Any) -> None:
    some_events(world)

    response = login(world.user(Role.SYSADMIN)).get(URL, {"page_size": 200})

    rows = results(response)
    assert response.json()["count"] == AuditEvent.objects.count()
    organisations = {row["organisation"] for row in rows}
    assert organisations == {str(world.org_a.pk), str(world.org_b.pk), None}


def test_event_rows(world: Any, login: Any) -> None:
    admin = world.user(Role.ORG_ADMIN)
    target = world.user(Role.SCREENER)
    services.user_update(actor=admin, user=target, full_name="A", email="", language="en")

    [row] = results(login(admin).get(URL, {"action": actions.USER_UPDATED}))

    assert row["actor"] == str(admin.pk)
    assert row["actor_username"] == admin.username
    assert row["organisation"] == str(world.org_a.pk)
    assert row["object_type"] == "accounts.user"
    assert row["object_id"] == str(target.pk)
    assert row["action_label"] == "Changed a user's details"
    assert row["details"] == {"changed_fields": ["full_name", "email"]}
    assert "ip_address" not in row


def test_newest_first(world: Any, login: Any) -> None:
    rows = results(login(world.user(Role.SYSADMIN)).get(URL, {"page_size": 200}))

    times = [row["created_at"] for row in rows]
    assert times == sorted(times, reverse=True)


def test_filter_by_action(world: Any, login: Any) -> None:
    some_events(world)

    rows = results(login(world.user(Role.ORG_ADMIN)).get(URL, {"action": actions.USER_CREATED}))

    assert rows
    assert {row["action"] for row in rows} == {actions.USER_CREATED}
    expected = AuditEvent.objects.filter(action=actions.USER_CREATED, organisation=world.org_a)
    assert len(rows) == expected.count()


def test_filter_by_user(world: Any, login: Any) -> None:
    some_events(world)
    admin = world.user(Role.ORG_ADMIN)

    rows = results(login(world.user(Role.SYSADMIN)).get(URL, {"user": str(admin.pk)}))

    assert [row["action"] for row in rows] == [actions.USER_UPDATED]
    assert rows[0]["actor"] == str(admin.pk)


def test_filter_by_object_id(world: Any, login: Any) -> None:
    some_events(world)
    target = world.user(Role.SCREENER)

    rows = results(login(world.user(Role.ORG_ADMIN)).get(URL, {"object_id": str(target.pk)}))

    assert {row["object_id"] for row in rows} == {str(target.pk)}
    assert {row["action"] for row in rows} == {actions.USER_CREATED, actions.USER_UPDATED}


def test_filter_by_dates(world: Any, login: Any) -> None:
    admin = world.user(Role.ORG_ADMIN)
    past = timezone.now() - datetime.timedelta(days=40)
    with mock.patch("django.utils.timezone.now", return_value=past):
        services.user_update(
            actor=admin, user=world.user(Role.ANALYST), full_name="Old", email="", language="en"
        )
    old = AuditEvent.objects.get(action=actions.USER_UPDATED)
    assert old.created_at == past
    client = login(admin)
    today = timezone.localdate()
    past_day = timezone.localtime(past).date()

    def ids(**params: str) -> set[str]:
        return {row["id"] for row in results(client.get(URL, {"page_size": 200, **params}))}

    everything = ids()
    assert str(old.pk) in everything
    assert ids(date_to=past_day.isoformat()) == {str(old.pk)}
    assert ids(date_from=past_day.isoformat(), date_to=past_day.isoformat()) == {str(old.pk)}
    assert ids(date_from=(past_day + datetime.timedelta(days=1)).isoformat()) == everything - {
        str(old.pk)
    }
    assert ids(date_from=today.isoformat()) == everything - {str(old.pk)}
    assert ids(date_from=(today + datetime.timedelta(days=1)).isoformat()) == set()
    assert ids(date_to=(past_day - datetime.timedelta(days=1)).isoformat()) == set()


@pytest.mark.parametrize(
    "params",
    [
        {"user": "not-a-uuid"},
        {"organisation": "123"},
        {"date_from": "yesterday"},
        {"date_to": "2024-13-01"},
        {"date_from": "01/02/2024"},
    ],
    ids=lambda p: "-".join(f"{k}={v}" for k, v in p.items()),
)
def test_bad_filters_are_400(world: Any, login: Any, params: dict[str, str]) -> None:
    response = login(world.user(Role.ORG_ADMIN)).get(URL, params)

    body = assert_problem(response, 400)
    assert body["detail"]


@pytest.mark.parametrize("role", ROLES_WITHOUT_AUDIT)
def test_roles_without_audit_read_are_refused(world: Any, login: Any, role: Role) -> None:
    response = login(world.user(role)).get(URL)

    body = assert_problem(response, 403)
    assert "results" not in body


def test_roles_without_audit_read_are_the_expected_ones() -> None:
    assert set(ROLES_WITHOUT_AUDIT) == set(Role) - {Role.ORG_ADMIN, Role.SYSADMIN}


def test_org_admin_of_other_org_sees_other_org_only(world: Any, login: Any) -> None:
    some_events(world)

    rows = results(login(world.user(Role.ORG_ADMIN, other=True)).get(URL, {"page_size": 200}))

    assert rows
    assert {row["organisation"] for row in rows} == {str(world.org_b.pk)}


def test_pagination(world: Any, login: Any) -> None:
    client = login(world.user(Role.ORG_ADMIN))
    total = AuditEvent.objects.filter(organisation=world.org_a).count()
    assert total > 2

    first = client.get(URL, {"page_size": 2})
    body = first.json()

    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == total
    assert body["previous"] is None
    assert len(body["results"]) == 2
    assert "page=2" in body["next"]
    assert "page_size=2" in body["next"]
    second = client.get(body["next"]).json()
    assert second["previous"] is not None
    assert not {r["id"] for r in second["results"]} & {r["id"] for r in body["results"]}


def test_page_size_is_capped_at_200(world: Any, login: Any) -> None:
    for _i in range(205):
        record(actor=None, action=actions.LOGIN_FAILED, organisation=world.org_a)
    client = login(world.user(Role.ORG_ADMIN))

    body = client.get(URL, {"page_size": 1000}).json()

    assert body["count"] > 205
    assert len(body["results"]) == 200
    assert body["next"] is not None
    assert len(client.get(URL).json()["results"]) == 50


def test_page_out_of_range_is_404_problem(world: Any, login: Any) -> None:
    response = login(world.user(Role.ORG_ADMIN)).get(URL, {"page": 999})

    assert_problem(response, 404)


def test_audit_list_queries_are_constant(
    world: Any, login: Any, django_assert_max_num_queries: Any
) -> None:
    some_events(world)
    client = login(world.user(Role.SYSADMIN))
    client.get(URL)

    with django_assert_max_num_queries(10):
        assert len(results(client.get(URL, {"page_size": 200}))) > 20
