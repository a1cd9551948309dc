"""The audit trail is append-only, carries no personal values, and is scoped."""

import pytest
from django.db import DatabaseError, connection, transaction

from haven.accounts.roles import Role
from haven.audit import selectors
from haven.audit.models import AuditEvent
from haven.audit.services import AuditDetailError, record

pytestmark = pytest.mark.django_db


def test_events_cannot_be_changed_or_deleted(world):
    event = AuditEvent.objects.first()
    event.action = "auth.logout"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="auth.logout")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


def test_the_database_refuses_updates_behind_the_orm(world):
    event = AuditEvent.objects.first()
    pk = event.pk.hex if connection.vendor == "sqlite" else event.pk
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = 'x' WHERE id = %s", [pk])
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [pk])


@pytest.mark.parametrize(
    "details",
    [
        {"full_name": "x"},
        {"email": "a@b.c"},
        {"birth_date": "2001-01-01"},
        {"note": "x"},
        {"roles": [{"nested": 1}]},
        {"code": "x" * 200},
    ],
)
def test_personal_values_are_refused(world, details):
    with pytest.raises(AuditDetailError):
        record(actor=world.user(Role.ORG_ADMIN), action="user.updated", details=details)


def test_unknown_actions_are_refused(world):
    with pytest.raises(ValueError, match="Unknown audit action"):
        record(actor=None, action="made.up")


def test_field_names_and_counts_are_allowed(world):
    event = record(
        actor=world.user(Role.ORG_ADMIN),
        action="user.updated",
        details={"changed_fields": ["full_name", "email"], "name_count": 2},
    )
    assert event.details["changed_fields"] == ["full_name", "email"]


def test_each_administrator_sees_their_own_organisation_only(world):
    admin_a = world.user(Role.ORG_ADMIN)
    mine = selectors.audit_event_list(actor=admin_a)
    assert mine.exists()
    assert set(mine.values_list("organisation_id", flat=True)) == {world.org_a.pk}
    everything = selectors.audit_event_list(actor=world.user(Role.SYSADMIN))
    assert {world.org_a.pk, world.org_b.pk} <= set(
        everything.values_list("organisation_id", flat=True)
    )
    assert not selectors.audit_event_list(actor=world.user(Role.CASEWORKER)).exists()
