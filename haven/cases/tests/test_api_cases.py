"""Cases API: registration with duplicate warnings, list and search, the full case, changes,
the person, and the workflow table through the API."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.cases import services
from haven.cases.models import Case, Person, Stage
from haven.cases.vocab import ExploitationType

pytestmark = pytest.mark.django_db

CASES = "/api/v1/cases/"
PROBLEM = "application/problem+json"
CIPHERTEXT = b"hv1."


def case_url(case: Any, suffix: str = "") -> str:
    return f"{CASES}{case.pk}/{suffix}"


def send(client: Any, method: str, url: str, data: Any = None) -> Any:
    if method == "get":
        return client.get(url, data or {})
    return getattr(client, method)(url, data if data is not None else {}, "application/json")


def open_case(world: Any, role: Role = Role.CASEWORKER, other: bool = False, **person: Any) -> Case:
    actor = world.user(role, other=other)
    values = {
        "family_name": "张",
        "given_names": "伟",
        "sex": "Masculine",
        "birth_date": datetime.date(1990, 5, 1),
    }
    values.update(person)
    p = services.person_register(
        actor=actor, organisation=world.org_b if other else world.org_a, **values
    )
    return services.case_open(
        actor=actor, person=p, exploitation_types=[ExploitationType.FORCED_LABOUR]
    )


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    return response.json()


def error_fields(response: Any) -> set[str]:
    return {e["field"] for e in assert_problem(response, 400)["errors"]}


def register_body(**person: Any) -> dict[str, Any]:
    values = {"family_name": "Kowalczyk", "given_names": "Ludmila", "sex": "Feminine"}
    values.update(person)
    return {
        "person": values,
        "case": {"exploitation_types": ["SexualExploitation"], "risk_level": "high"},
    }


# Registration -------------------------------------------------------------------------------


def test_register_person_and_case_in_one_request(world, login):
    client = login(world.user(Role.CASEWORKER))
    body = register_body(birth_date="1995-02-03", contacts={"phone": "+48 600 000 000"})

    response = send(client, "post", CASES, body)

    assert response.status_code == 201, response.content
    assert CIPHERTEXT not in response.content
    data = response.json()
    assert data["reference"].startswith(f"HV-{timezone.localdate().year}-")
    assert data["person"]["family_name"] == "Kowalczyk"
    assert data["person"]["contacts"] == {"phone": "+48 600 000 000"}
    assert data["person"]["estimated_age"] >= 30
    assert data["stage"] == "identified"
    assert data["exploitation_types"] == ["SexualExploitation"]
    assert data["risk_level"] == "high"
    assert data["owner"]["username"] == "caseworker_a"
    assert data["consents"] == dict.fromkeys(data["consents"], False)
    assert {t["target"] for t in data["allowed_transitions"]} == {
        "referred",
        "assistance",
        "closed",
    }
    assert [item["kind"] for item in data["timeline"]] == ["opened"]
    case = Case.objects.get(pk=data["id"])
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"person.registered", "case.opened"} <= actions
    assert case.person.family_name == "Kowalczyk"


def test_possible_duplicate_answers_409_without_names_then_registers_when_confirmed(world, login):
    existing = open_case(world)
    client = login(world.user(Role.CASEWORKER))
    body = register_body(family_name="Zhang", given_names="Wei", sex="Masculine")
    body["person"]["birth_date"] = "1990-12-31"

    response = send(client, "post", CASES, body)

    problem = assert_problem(response, 409)
    assert problem["candidates"] == [
        {
            "case_references": [existing.reference],
            "score": 5,
            "reasons": ["name", "birth_year", "sex"],
        }
    ]
    for name in ("张", "伟", "Zhang", "Wei", "1990"):
        assert name not in response.content.decode()
    assert Person.objects.count() == 1

    response = send(client, "post", CASES, {**body, "confirm_new_person": True})

    assert response.status_code == 201, response.content
    assert Person.objects.count() == 2


def test_duplicate_check_takes_names_in_the_body_only(world, login):
    existing = open_case(world)
    client = login(world.user(Role.SCREENER))
    open_case(world, role=Role.SCREENER, family_name="Li", given_names="Na")

    mine = send(
        client, "post", f"{CASES}duplicate-check", {"family_name": "li", "given_names": "na"}
    )
    hidden = send(client, "post", f"{CASES}duplicate-check", {"family_name": "zhang wei"})

    assert mine.status_code == 200
    [candidate] = mine.json()["candidates"]
    assert candidate["reasons"] == ["name"]
    # A screener sees only the cases they registered: the caseworker's is not a candidate.
    assert hidden.json() == {"candidates": []}
    assert existing.reference not in hidden.content.decode()
    assert "family_name" in error_fields(send(client, "post", f"{CASES}duplicate-check", {}))
    assert client.get(f"{CASES}duplicate-check").status_code == 405


def test_registration_is_all_or_nothing(world, login):
    client = login(world.user(Role.CASEWORKER))
    body = register_body()
    body["case"]["trafficking_status"] = "ActualVictimOfTrafficking"  # who decided? missing

    response = send(client, "post", CASES, body)

    assert "status_decided_on" in error_fields(response)
    assert not Person.objects.exists()
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"person": {"sex": "robot"}}, "person.sex"),
        ({"person": {"birth_date": "2999-01-01"}}, "person.birth_date"),
        ({"person": {"citizenship": ["XX"]}}, "person.citizenship"),
        ({"case": {"exploitation_types": ["Nonsense"]}}, "case.exploitation_types"),
        (
            {"case": {"status_deciding_organisation": "not-a-uuid"}},
            "case.status_deciding_organisation",
        ),
        ({"person": "text"}, "person"),
    ],
)
def test_registration_input_is_validated(world, login, change, field):
    body = {**register_body(), **change}

    response = send(login(world.user(Role.CASEWORKER)), "post", CASES, body)

    assert field in error_fields(response)
    assert not Person.objects.exists()


def test_owner_and_organisation_must_be_the_registering_users(world, login):
    client = login(world.user(Role.COORDINATOR))
    body = register_body()
    body["case"]["owner"] = str(world.user(Role.CASEWORKER, other=True).pk)

    assert "case.owner" in error_fields(send(client, "post", CASES, body))

    body["case"]["owner"] = str(world.user(Role.CASEWORKER).pk)
    body["organisation"] = str(world.org_b.pk)
    assert "organisation" in error_fields(send(client, "post", CASES, body))

    body["organisation"] = str(world.org_a.pk)
    response = send(client, "post", CASES, body)
    assert response.status_code == 201
    assert response.json()["owner"]["username"] == "caseworker_a"


def test_child_presumed_when_age_uncertain(world, login):
    body = register_body(age_uncertain=True)
    body["reasons_to_believe_child"] = True

    data = send(login(world.user(Role.SCREENER)), "post", CASES, body).json()

    assert data["is_child"] is True
    assert data["child_presumed"] is True
    assert data["owner"] is None  # a screener does not edit cases


# List and search ----------------------------------------------------------------------------


def test_list_filters_sort_and_pages(world, login):
    child = open_case(
        world,
        family_name="Child",
        birth_date=timezone.localdate() - datetime.timedelta(days=365 * 15),
    )
    adult = open_case(world, family_name="Adult")
    services.case_transition(
        actor=world.user(Role.CASEWORKER), case=adult, target=Stage.REFERRED, reason="NGO"
    )
    client = login(world.user(Role.CASEWORKER))

    def refs(**params: Any) -> list[str]:
        response = client.get(CASES, params)
        assert response.status_code == 200, response.content
        return [row["reference"] for row in response.json()["results"]]

    assert refs() == [adult.reference, child.reference]
    assert refs(sort="reference") == sorted([adult.reference, child.reference])
    assert refs(stage="referred") == [adult.reference]
    assert refs(child="true") == [child.reference]
    assert refs(child="false") == [adult.reference]
    assert refs(exploitation_type="ForcedLabour", page_size=1) == [adult.reference]
    assert refs(exploitation_type="SexualExploitation") == []
    assert refs(organisation=str(world.org_b.pk)) == []
    today = timezone.localdate().isoformat()
    assert len(refs(identified_from=today, identified_to=today)) == 2
    assert refs(search=child.reference) == [child.reference]
    assert refs(search=child.reference[-6:]) == [child.reference]
    row = client.get(CASES).json()["results"][0]
    assert row["person_name"] == "Adult 伟"
    assert row["organisation"]["id"] == str(world.org_a.pk)
    assert client.get(CASES, {"page_size": 1}).json()["count"] == 2
    for bad in (
        {"stage": "nowhere"},
        {"child": "maybe"},
        {"identified_from": "soon"},
        {"sort": "name"},
        {"organisation": "x"},
    ):
        assert_problem(client.get(CASES, bad), 400)
    assert "identified_to" in error_fields(
        client.get(CASES, {"identified_from": today, "identified_to": "2000-01-01"})
    )


def test_names_are_searched_in_the_body_never_in_the_address(world, login):
    case = open_case(world)
    open_case(world, family_name="Müller", given_names="José")
    client = login(world.user(Role.CASEWORKER))

    refused = client.get(CASES, {"search": "Zhang Wei"})
    found = send(client, "post", f"{CASES}search", {"search": "zhang wei", "stage": "identified"})

    assert "search" in error_fields(refused)
    assert found.status_code == 200
    assert [row["reference"] for row in found.json()["results"]] == [case.reference]
    by_hanzi = send(client, "post", f"{CASES}search", {"search": "張偉"}).json()
    assert by_hanzi["count"] == 1
    assert "stage" in error_fields(send(client, "post", f"{CASES}search", {"stage": "x"}))


def test_list_query_count_does_not_grow_with_cases(world, login, django_assert_max_num_queries):
    client = login(world.user(Role.CASEWORKER))
    for n in range(2):
        open_case(world, family_name=f"Few{n}")
    with CaptureQueriesContext(connection) as few:
        assert client.get(CASES).status_code == 200
    for n in range(10):
        open_case(world, family_name=f"Many{n}")

    with django_assert_max_num_queries(len(few)):
        response = client.get(CASES)

    assert response.json()["count"] == 12


def test_screener_lists_only_the_cases_they_registered(world, login):
    mine = open_case(world, role=Role.SCREENER)
    open_case(world, family_name="Other")

    response = login(world.user(Role.SCREENER)).get(CASES)

    assert [row["reference"] for row in response.json()["results"]] == [mine.reference]


# One case -----------------------------------------------------------------------------------


def test_case_page_is_audited_and_complete(world, login):
    case = open_case(world, contacts={"phone": "+86 138 0000 0000"})
    services.note_add(actor=world.user(Role.CASEWORKER), case=case, text="Met at the station")
    client = login(world.user(Role.COORDINATOR))

    response = client.get(case_url(case))

    assert response.status_code == 200
    assert CIPHERTEXT not in response.content
    data = response.json()
    assert data["person"]["given_names"] == "伟"
    assert data["person"]["birth_date"] == "1990-05-01"
    assert data["person"]["contacts"] == {"phone": "+86 138 0000 0000"}
    assert (data["timeline"][0]["kind"], data["timeline"][0]["text"]) == (
        "note",
        "Met at the station",
    )
    assert AuditEvent.objects.filter(action="case.viewed", object_id=str(case.pk)).count() == 1
    event = AuditEvent.objects.get(action="case.viewed")
    assert "138" not in str(event.details)
    assert_problem(client.get(f"{CASES}00000000-0000-0000-0000-000000000000/"), 404)


def test_patch_changes_case_fields(world, login):
    case = open_case(world)
    client = login(world.user(Role.CASEWORKER))
    body = {
        "risk_level": "medium",
        "methods_of_control": ["DebtBondage", "WithholdsDocuments"],
        "recruitment_country": "VN",
        "vulnerability_details": "Owes a recruitment fee",
        "owner": str(world.user(Role.COORDINATOR).pk),
    }

    response = send(client, "patch", case_url(case), body)

    assert response.status_code == 200, response.content
    data = response.json()
    assert data["risk_level"] == "medium"
    assert data["methods_of_control"] == ["DebtBondage", "WithholdsDocuments"]
    assert data["recruitment_country"] == "VN"
    assert data["owner"]["username"] == "coordinator_a"
    event = AuditEvent.objects.get(action="case.updated")
    assert "Owes" not in str(event.details)
    assert "vulnerability_details" in event.details["changed_fields"]
    status = send(
        client, "patch", case_url(case), {"trafficking_status": "ActualVictimOfTrafficking"}
    )
    assert "status_decided_on" in error_fields(status)
    screener_owner = {"owner": str(world.user(Role.SCREENER).pk)}
    assert "owner" in error_fields(send(client, "patch", case_url(case), screener_owner))
    decided = {
        "trafficking_status": "ActualVictimOfTrafficking",
        "status_decided_by": "Police",
        "status_decided_on": timezone.localdate().isoformat(),
        "status_deciding_organisation": str(world.org_b.pk),
    }
    assert send(client, "patch", case_url(case), decided).status_code == 200


def test_patch_person_updates_identity_and_search(world, login):
    case = open_case(world)
    client = login(world.user(Role.CASEWORKER))

    response = send(
        client, "patch", case_url(case, "person"), {"family_name": "王", "aliases": ["Wong Wai"]}
    )

    assert response.status_code == 200, response.content
    assert response.json()["family_name"] == "王"
    found = send(client, "post", f"{CASES}search", {"search": "wang wei"}).json()
    assert [row["reference"] for row in found["results"]] == [case.reference]
    assert AuditEvent.objects.filter(action="person.updated").exists()
    assert "estimated_age" in error_fields(
        send(client, "patch", case_url(case, "person"), {"estimated_age": -1})
    )
