"""Faults: the database failing in the middle of a write gives a clean error and leaves no
partial write, on the web, in the API and in a bulk import.

The fault is real, not a mock: a wrapper around the database connection makes one statement
fail the way a dropped connection does, after the earlier statements of the same request or
import have already run.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.cases.htcds import export_cases, import_cases
from haven.cases.models import Case, Note, Person
from haven.cases.tests.test_htcds_support import make_cases
from haven.referrals.tests.factories import open_case

pytestmark = pytest.mark.django_db

SECRET = "Synthetic note text that must not survive the failure"


@contextmanager
def database_fails(*, statement: str, after: int = 0) -> Iterator[list[str]]:
    """Let ``after`` statements that start with ``statement`` run, then fail the next one."""
    seen: list[str] = []

    def wrapper(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(statement.upper()):
            seen.append(sql)
            if len(seen) > after:
                raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield seen


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_a_web_write_interrupted_at_its_audit_event_leaves_no_note(world):
    case = open_case(world)
    client = _client(world.user(Role.CASEWORKER))
    events = AuditEvent.objects.count()
    with database_fails(statement='INSERT INTO "audit_auditevent"') as seen:
        response = client.post(reverse("cases:note_add", kwargs={"pk": case.pk}), {"text": SECRET})
    assert seen, "the request reached the audit insert"
    assert response.status_code == 500
    assert SECRET.encode() not in response.content
    assert b"Traceback" not in response.content
    assert not Note.objects.filter(case=case).exists()
    assert AuditEvent.objects.count() == events


def test_an_api_write_interrupted_mid_way_answers_a_problem_and_writes_nothing(world):
    case = open_case(world)
    client = _client(world.user(Role.CASEWORKER))
    with database_fails(statement='INSERT INTO "audit_auditevent"'):
        response = client.post(
            reverse("api:case_notes", kwargs={"pk": case.pk}),
            {"text": SECRET},
            content_type="application/json",
        )
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/problem+json")
    assert SECRET.encode() not in response.content
    assert not Note.objects.filter(case=case).exists()


def test_a_crash_half_way_through_an_import_leaves_nothing_imported(world):
    make_cases(world)
    exported = export_cases(world.user(Role.CASEWORKER), "csv")
    importer = world.user(Role.CASEWORKER, other=True)
    before = (Person.objects.count(), Case.objects.count(), AuditEvent.objects.count())
    with (
        database_fails(statement='INSERT INTO "cases_case"', after=2) as seen,
        pytest.raises(OperationalError),
    ):
        import_cases(importer, world.org_b, exported, "csv")
    assert len(seen) == 3, "two cases were written before the crash"
    assert (Person.objects.count(), Case.objects.count(), AuditEvent.objects.count()) == before

    report = import_cases(importer, world.org_b, exported, "csv")
    assert report.ok, "the same file imports cleanly afterwards"
    assert report.imported == 4
