"""Erasure of a person's identity (on request, by the retention rule): identity and free text
gone, coded fields kept for statistics, audit without data, refused where it must be."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.cases import services
from haven.cases.models import Case, Document, Note, Person, PersonNameToken, Stage
from haven.referrals.tests.factories import open_case

pytestmark = pytest.mark.django_db

NAME = "Erasurova"


def _rich_case(world, **person):
    case = open_case(world, family_name=NAME, given_names="Synthetica", **person)
    worker = world.user(Role.CASEWORKER)
    services.note_add(actor=worker, case=case, text="Synthetic note about Erasurova")
    services.document_add(actor=worker, case=case, kind="other", name="id.pdf", data=b"%PDF-1.4 x")
    return case


def _close(world, case, closed_on):
    Case.objects.filter(pk=case.pk).update(stage=Stage.CLOSED, closed_on=closed_on)


def test_erasure_removes_identity_and_free_text_and_keeps_coded_fields(world):
    case = _rich_case(world, sex="Feminine", estimated_age=24)
    person = case.person
    erased = services.person_erase(
        actor=world.user(Role.CASEWORKER), person=person, reason="request"
    )

    assert (erased.cases, erased.notes, erased.documents) == (1, 1, 1)
    person.refresh_from_db()
    assert person.erased_at is not None
    assert (person.family_name, person.given_names, person.birth_date) == ("", "", None)
    assert person.aliases == []
    assert person.contacts == {}
    assert (person.sex, person.estimated_age) == ("Feminine", 24), "coded fields stay"
    assert not PersonNameToken.objects.filter(person=person).exists()
    assert not Note.objects.filter(case=case).exists()
    assert not Document.objects.filter(case=case).exists()
    assert Case.objects.filter(pk=case.pk).exists(), "the case itself stays"
    event = AuditEvent.objects.get(action="person.erased")
    assert event.details == {"reason": "request", "cases": 1, "notes": 1, "documents": 1}
    assert NAME not in str(event.details)


def test_an_erased_person_is_no_longer_found_by_name(world, login):
    case = _rich_case(world)
    client = login(world.user(Role.CASEWORKER))
    search = reverse("api:case_search")
    before = client.post(search, {"search": f"{NAME} Synthetica"}, content_type="application/json")
    assert before.json()["count"] == 1
    services.person_erase(actor=world.user(Role.CASEWORKER), person=case.person, reason="legal")
    response = client.get(reverse("cases:detail", kwargs={"pk": case.pk}))
    assert NAME not in response.content.decode()
    assert "erased" in response.content.decode()
    found = client.post(search, {"search": f"{NAME} Synthetica"}, content_type="application/json")
    assert found.status_code == 200
    assert found.json()["count"] == 0


def test_erasure_needs_the_capability_and_the_organisation_and_happens_once(world):
    case = _rich_case(world)
    with pytest.raises(PermissionDenied):
        services.person_erase(actor=world.user(Role.SCREENER), person=case.person, reason="request")
    with pytest.raises(PermissionDenied):
        services.person_erase(
            actor=world.user(Role.CASEWORKER, other=True), person=case.person, reason="request"
        )
    services.person_erase(actor=world.user(Role.CASEWORKER), person=case.person, reason="request")
    with pytest.raises(ValidationError):
        services.person_erase(
            actor=world.user(Role.CASEWORKER), person=case.person, reason="request"
        )


def test_the_web_erasure_asks_for_confirmation_first(world, login):
    case = _rich_case(world)
    client = login(world.user(Role.CASEWORKER))
    url = reverse("cases:person_erase", kwargs={"pk": case.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert "cannot be undone" in page.content.decode()
    refused = client.post(url, {"reason": "request"})
    assert refused.status_code == 200, "without the confirmation box nothing happens"
    assert Person.objects.get(pk=case.person_id).erased_at is None
    done = client.post(url, {"reason": "request", "confirm": "on"})
    assert done.status_code == 302
    assert Person.objects.get(pk=case.person_id).erased_at is not None


def test_the_api_erases(world, login):
    case = _rich_case(world)
    client = login(world.user(Role.COORDINATOR))
    url = reverse("api:case_erase", kwargs={"pk": case.pk})
    assert (
        client.post(url, {"reason": "forgot"}, content_type="application/json").status_code == 400
    )
    response = client.post(url, {"reason": "request"}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["notes"] == 1


def test_retention_run_erases_only_what_is_due_and_dry_run_nothing(world, capsys):
    admin = world.user(Role.ORG_ADMIN)
    services.retention_rule_save(actor=admin, organisation=world.org_a, identity_years=5)
    old = _rich_case(world)
    _close(world, old, datetime.date(2019, 6, 1))
    recent = open_case(world, family_name="Recentova")
    _close(world, recent, datetime.date(2024, 6, 1))
    still_open = open_case(world, family_name="Openova")
    other_org = open_case(world, other=True, family_name="Otherova")
    _close(world, other_org, datetime.date(2010, 1, 1))  # org B has no rule

    call_command("retention", "run", "--dry-run", "--today", "2026-11-29")
    assert "1 persons due" in capsys.readouterr().out
    assert not Person.objects.filter(erased_at__isnull=False).exists()

    call_command("retention", "run", "--today", "2026-11-29")
    erased = set(Person.objects.filter(erased_at__isnull=False).values_list("pk", flat=True))
    assert erased == {old.person_id}
    assert {recent.person_id, still_open.person_id, other_org.person_id}.isdisjoint(erased)
    assert AuditEvent.objects.filter(action="retention.run", actor=None).count() == 1


def test_retention_rules_belong_to_the_organisation_admin(world, login):
    with pytest.raises(PermissionDenied):
        services.retention_rule_save(
            actor=world.user(Role.ORG_ADMIN, other=True), organisation=world.org_a, identity_years=3
        )
    client = login(world.user(Role.ORG_ADMIN))
    url = reverse("api:retention_rule", kwargs={"pk": world.org_a.pk})
    assert (
        client.put(url, {"identity_years": 0}, content_type="application/json").status_code == 400
    )
    response = client.put(url, {"identity_years": 7}, content_type="application/json")
    assert response.json()["identity_years"] == 7
    page = client.get(reverse("cases:retention"))
    assert "7" in page.content.decode()


def test_an_erased_identity_cannot_be_written_again(world, login):
    case = _rich_case(world)
    worker = world.user(Role.CASEWORKER)
    services.person_erase(actor=worker, person=case.person, reason="request")
    with pytest.raises(ValidationError):
        services.person_update(actor=worker, person=case.person, family_name=NAME)

    client = login(worker)
    api = client.patch(
        reverse("api:case_person", kwargs={"pk": case.pk}),
        {"family_name": NAME},
        content_type="application/json",
    )
    assert api.status_code == 400
    web = client.post(
        reverse("cases:person_edit", kwargs={"pk": case.pk}),
        {"family_name": NAME, "given_names": "Synthetica", "sex": "Feminine"},
    )
    assert web.status_code == 200  # the form again, with the reason
    assert "can no longer be changed" in web.content.decode()
    assert Person.objects.get(pk=case.person_id).family_name == ""
