"""Case pages: registration with a duplicate warning, the case page, changes through forms."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.cases import services
from haven.cases.models import Case, Person, Stage

pytestmark = pytest.mark.django_db

PERSON = {
    "family_name": "张",
    "given_names": "伟",
    "sex": "Masculine",
    "birth_date": "1990-05-01",
    "identified_on": "2026-11-01",
    "exploitation_types": ["ForcedLabour"],
}


def test_register_warns_about_a_likely_duplicate_then_registers(world, client, login):
    login(world.user(Role.CASEWORKER))
    first = client.post(reverse("cases:register"), PERSON)
    assert first.status_code == 302
    case = Case.objects.get()
    page = client.get(first["Location"])
    assert case.reference in page.content.decode()
    # The same person typed in pinyin, other order: warned, nothing created yet.
    again = client.post(
        reverse("cases:register"), {**PERSON, "family_name": "Wei", "given_names": "Zhang"}
    )
    text = again.content.decode()
    assert again.status_code == 200
    assert 'id="duplicate-candidates"' in text
    assert case.reference in text
    assert Case.objects.count() == 1
    confirm = re.search(r'name="confirm_new_person" value="([^"]*)"', text)
    assert confirm
    assert confirm.group(1) == "True"
    done = client.post(
        reverse("cases:register"),
        {**PERSON, "family_name": "Wei", "given_names": "Zhang", "confirm_new_person": "True"},
    )
    assert done.status_code == 302
    assert Case.objects.count() == 2
    assert Person.objects.count() == 2


def test_register_needs_a_name(world, client, login):
    login(world.user(Role.CASEWORKER))
    response = client.post(
        reverse("cases:register"), {**PERSON, "family_name": "", "given_names": ""}
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not Case.objects.exists()


def _case(world):
    actor = world.user(Role.CASEWORKER)
    person = services.person_register(
        actor=actor,
        organisation=world.org_a,
        family_name="Nguyen",
        given_names="Lan",
        sex="Feminine",
    )
    return services.case_open(actor=actor, person=person)


def test_case_page_is_audited_and_scoped(world, client, login):
    case = _case(world)
    login(world.user(Role.CASEWORKER))
    page = client.get(reverse("cases:detail", kwargs={"pk": case.pk}))
    assert page.status_code == 200
    assert "Nguyen" in page.content.decode()
    assert "hv1." not in page.content.decode()
    assert AuditEvent.objects.filter(action="case.viewed", object_id=str(case.pk)).exists()
    login(world.user(Role.CASEWORKER, other=True))
    assert client.get(reverse("cases:detail", kwargs={"pk": case.pk})).status_code == 404
    login(world.user(Role.ANALYST))
    assert client.get(reverse("cases:detail", kwargs={"pk": case.pk})).status_code == 403


def test_transition_consent_items_notes_documents_through_the_ui(world, client, login):
    case = _case(world)
    login(world.user(Role.CASEWORKER))
    detail = reverse("cases:detail", kwargs={"pk": case.pk})
    bad = client.post(
        reverse("cases:transition", kwargs={"pk": case.pk}),
        {"target": Stage.ASSISTANCE, "reason": ""},
    )
    assert "Give the reason" in bad.content.decode()
    moved = client.post(
        reverse("cases:transition", kwargs={"pk": case.pk}),
        {"target": Stage.ASSISTANCE, "reason": "Safe place found"},
    )
    assert moved["Location"] == detail
    assert Case.objects.get(pk=case.pk).stage == Stage.ASSISTANCE
    today = timezone.localdate().isoformat()
    client.post(
        reverse("cases:consent", kwargs={"pk": case.pk}),
        {
            "purpose": "share_domestic",
            "given": "yes",
            "method": "oral_interpreter",
            "language": "vi",
            "decided_on": today,
        },
    )
    assert services.consent_in_force(case, "share_domestic")
    client.post(
        reverse("cases:add_item", kwargs={"pk": case.pk, "kind": "plan"}),
        {"type": "Health", "objectives": "Medical check"},
    )
    client.post(
        reverse("cases:add_item", kwargs={"pk": case.pk, "kind": "task"}),
        {"title": "Call the clinic", "due_on": today},
    )
    client.post(reverse("cases:note_add", kwargs={"pk": case.pk}), {"text": "Met at the shelter"})
    upload = SimpleUploadedFile("scan.pdf", b"%PDF-1.4 synthetic", content_type="application/pdf")
    client.post(
        reverse("cases:document_add", kwargs={"pk": case.pk}), {"kind": "identity", "file": upload}
    )
    fake = SimpleUploadedFile("evil.pdf", b"MZ\x90 not a pdf", content_type="application/pdf")
    refused = client.post(
        reverse("cases:document_add", kwargs={"pk": case.pk}), {"kind": "identity", "file": fake}
    )
    assert "PDF, PNG or JPEG" in refused.content.decode()
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.plans.count() == 1
    assert fresh.documents.count() == 1
    assert fresh.notes.count() == 1
    document = fresh.documents.get()
    download = client.get(
        reverse("cases:document", kwargs={"pk": case.pk, "document": document.pk})
    )
    assert download.content == b"%PDF-1.4 synthetic"
    assert download["Content-Type"] == "application/pdf"
    task = fresh.tasks.get(title="Call the clinic")
    client.post(reverse("cases:task_done", kwargs={"pk": case.pk, "task": task.pk}))
    assert fresh.tasks.get(pk=task.pk).done_at is not None
    timeline = client.get(detail).content.decode()
    for text in ("Safe place found", "Medical check", "Met at the shelter"):
        assert text in timeline


def _search(client, **data):
    response = client.post(reverse("cases:list"), data)
    assert response.status_code == 302
    assert "?f=" in response["Location"]
    for value in data.values():
        assert str(value) not in response["Location"]
    return client.get(response["Location"]).content.decode()


def test_case_list_search_filter_and_empty_state(world, client, login):
    case = _case(world)
    login(world.user(Role.CASEWORKER))
    assert case.reference in client.get(reverse("cases:list")).content.decode()
    assert case.reference in _search(client, q="lan nguyen")
    assert AuditEvent.objects.filter(action="case.searched").exists()
    assert "No cases match" in _search(client, q="nobody")
    assert case.reference not in _search(client, stage="closed")
    login(world.user(Role.CASEWORKER, other=True))
    assert case.reference not in client.get(reverse("cases:list")).content.decode()
    assert case.reference not in _search(client, q="lan nguyen")


def test_case_list_query_count_is_constant(world, client, login, django_assert_max_num_queries):
    for _ in range(3):
        _case(world)
    login(world.user(Role.CASEWORKER))
    client.get(reverse("cases:list"))
    for _ in range(10):
        _case(world)
    with django_assert_max_num_queries(14):
        client.get(reverse("cases:list"))


def test_country_setting_changes_the_reflection_period(world, client, login):
    login(world.user(Role.SYSADMIN))
    client.post(reverse("cases:country_settings"), {"country": "CN", "reflection_days": 45})
    too_short = client.post(
        reverse("cases:country_settings"), {"country": "CN", "reflection_days": 10}
    )
    assert "govuk-error-summary" in too_short.content.decode()
    case = _case(world)
    moved = services.case_transition(
        actor=world.user(Role.CASEWORKER), case=case, target=Stage.ASSISTANCE, reason="help"
    )
    assert (moved.reflection_ends_on - moved.reflection_starts_on).days == 45
    assert AuditEvent.objects.filter(action="settings.country_saved").count() == 1


def test_htcds_export_and_import_pages(world, client, login):
    from pathlib import Path

    case = _case(world)
    actor = world.user(Role.CASEWORKER)
    services.case_update(actor=actor, case=case, exploitation_types=["ForcedLabour"])
    services.consent_record(
        actor=actor, case=case, purpose="assistance", given=True, method="written", language="vi"
    )
    login(actor)
    xlsx = client.post(reverse("cases:export"), {"format": "xlsx"})
    assert xlsx.status_code == 200
    assert xlsx.content[:2] == b"PK"
    assert "attachment" in xlsx["Content-Disposition"]
    csv = client.post(reverse("cases:export"), {"format": "csv"})
    assert "Nguyen" in csv.content.decode("utf-8-sig")
    login(world.user(Role.CASEWORKER, other=True))
    before = Case.objects.count()
    upload = SimpleUploadedFile("cases.csv", csv.content, content_type="text/csv")
    checked = client.post(reverse("cases:import"), {"file": upload, "dry_run": "on"})
    assert 'id="import-result"' in checked.content.decode()
    assert Case.objects.count() == before
    upload = SimpleUploadedFile("cases.csv", csv.content, content_type="text/csv")
    done = client.post(reverse("cases:import"), {"file": upload}).content.decode()
    assert "govuk-notification-banner--success" in done, done
    assert Case.objects.filter(organisation=world.org_b).count() == 1
    bad = Path(__file__).parent / "data"
    bad_files = sorted(bad.glob("*bad*.csv"))
    if bad_files:
        upload = SimpleUploadedFile("bad.csv", bad_files[0].read_bytes(), content_type="text/csv")
        count = Case.objects.count()
        page = client.post(reverse("cases:import"), {"file": upload}).content.decode()
        assert "govuk-list--bullet" in page
        assert Case.objects.count() == count
    login(world.user(Role.ANALYST))
    assert client.get(reverse("cases:export")).status_code == 403
