"""Cases API, every endpoint: anonymous -> 401, roles without a cases capability -> 403,
another organisation's case -> 404, and nothing of organisation A in organisation B's answers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.cases import services
from haven.cases.models import Case, Consent, Document, Note, Person, Task
from haven.cases.tests.test_api_cases import CASES, PROBLEM, open_case

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 access test"
SECRETS = ("Kowalczyk", "Ludmila", "Secret A note", "Sensitive A task")


@dataclass
class Targets:
    case: Any
    document: Any
    task: Any


@dataclass(frozen=True)
class Call:
    method: str
    path: Callable[[Targets], str]
    body: Any = None
    multipart: bool = False

    def send(self, client: Any, targets: Targets) -> Any:
        url = self.path(targets)
        if self.method == "get":
            return client.get(url)
        if self.multipart:
            upload = SimpleUploadedFile("x.pdf", PDF)
            return client.post(url, {"kind": "other", "file": upload})
        return getattr(client, self.method)(url, self.body or {}, "application/json")

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.path(Targets('<case>', '<document>', '<task>'))}"


def on_case(suffix: str) -> Callable[[Targets], str]:
    return lambda t: f"{CASES}{getattr(t.case, 'pk', t.case)}/{suffix}"


REGISTER = {"person": {"family_name": "Nowak", "given_names": "Ewa"}, "confirm_new_person": True}
LIST_CALLS = [
    Call("get", lambda t: CASES),
    Call("post", lambda t: CASES, REGISTER),
    Call("post", lambda t: f"{CASES}search", {"search": "Kowalczyk Ludmila"}),
    Call("post", lambda t: f"{CASES}duplicate-check", {"family_name": "Kowalczyk"}),
    Call("get", lambda t: "/api/v1/tasks/"),
]
CASE_CALLS = [
    Call("get", on_case("")),
    Call("patch", on_case(""), {"risk_level": "high"}),
    Call("patch", on_case("person"), {"family_name": "Changed"}),
    Call("post", on_case("transition"), {"target": "assistance", "reason": "first help"}),
    Call("get", on_case("consents")),
    Call(
        "post",
        on_case("consents"),
        {"purpose": "statistics", "given": True, "method": "oral", "language": "en"},
    ),
    Call("get", on_case("assessments")),
    Call("post", on_case("assessments"), {"kind": "needs", "level": "individual"}),
    Call("get", on_case("plans")),
    Call("post", on_case("plans"), {"type": "Health", "objectives": "x"}),
    Call("get", on_case("services")),
    Call("post", on_case("services"), {"category": "Health"}),
    Call("get", on_case("events")),
    Call("post", on_case("events"), {"type": "Transit"}),
    Call("get", on_case("proceedings")),
    Call("post", on_case("proceedings"), {"kind": "civil"}),
    Call("get", on_case("tasks")),
    Call("post", on_case("tasks"), {"title": "x", "due_on": "2030-01-01"}),
    Call("get", on_case("notes")),
    Call("post", on_case("notes"), {"text": "x"}),
    Call("get", on_case("documents")),
    Call("post", on_case("documents"), multipart=True),
    Call("get", lambda t: f"{CASES}{t.case.pk}/documents/{t.document.pk}"),
    Call("post", lambda t: f"/api/v1/tasks/{t.task.pk}/done"),
]
ALL_CALLS = LIST_CALLS + CASE_CALLS
WITHOUT_CASES = [
    Role.ANALYST,
    Role.TRAINER,
    Role.TRAINEE,
    Role.SHELTER_MANAGER,
    Role.ORG_ADMIN,
    Role.SYSADMIN,
]


@pytest.fixture
def targets(world: Any) -> Targets:
    """Organisation A's case with a note, a document and a task."""
    case = open_case(world, family_name="Kowalczyk", given_names="Ludmila")
    caseworker = world.user(Role.CASEWORKER)
    services.note_add(actor=caseworker, case=case, text="Secret A note")
    document = services.document_add(
        actor=caseworker, case=case, kind="identity", name="Kowalczyk.pdf", data=PDF
    )
    task = services.task_save(
        actor=caseworker, case=case, title="Sensitive A task", due_on=case.identified_on
    )
    return Targets(case=case, document=document, task=task)


def assert_nothing_of_a(response: Any, targets: Targets) -> None:
    body = response.content.decode()
    for secret in (*SECRETS, targets.case.reference):
        assert secret not in body, secret


def test_anonymous_gets_401_everywhere(world, client, targets):
    for call in ALL_CALLS:
        response = call.send(client, targets)
        assert response.status_code == 401, str(call)
        assert response["Content-Type"] == PROBLEM
        assert_nothing_of_a(response, targets)


@pytest.mark.parametrize("role", WITHOUT_CASES)
def test_roles_without_a_cases_capability_get_403_everywhere(world, login, targets, role):
    client = login(world.user(role))

    for call in ALL_CALLS:
        response = call.send(client, targets)
        assert response.status_code == 403, (role, str(call), response.status_code)
        assert_nothing_of_a(response, targets)
    assert Person.objects.count() == 1


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.COORDINATOR, Role.SCREENER])
def test_another_organisations_case_is_not_found_and_nothing_leaks(world, login, targets, role):
    open_case(world, role=role, other=True, family_name="Schmidt", given_names="Anna")
    client = login(world.user(role, other=True))
    before = {m: m.objects.count() for m in (Case, Consent, Document, Note, Task)}

    for call in CASE_CALLS:
        response = call.send(client, targets)
        if response.status_code == 403:  # a screener lacks the capability to change cases
            assert role == Role.SCREENER, str(call)
        else:
            assert response.status_code == 404, (role, str(call), response.status_code)
        assert_nothing_of_a(response, targets)
    for call in LIST_CALLS:
        response = call.send(client, targets)
        assert response.status_code in (200, 201), (role, str(call), response.content)
        assert_nothing_of_a(response, targets)

    assert {m: m.objects.count() for m in before} == {
        **before,
        Case: before[Case] + 1,  # the registration in LIST_CALLS
    }
    targets.case.refresh_from_db()
    targets.task.refresh_from_db()
    assert targets.case.stage == "identified"
    assert targets.case.risk_level == "unknown"
    assert targets.task.done_at is None
    assert not AuditEvent.objects.filter(
        action="case.viewed", object_id=str(targets.case.pk)
    ).exists()
