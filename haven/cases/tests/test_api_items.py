"""Cases API: consents, assessments, plans, services, events, proceedings, tasks, notes and
documents of a case."""

from __future__ import annotations

import datetime

import pytest
from django.core.files import uploadhandler
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.cases import services
from haven.cases.models import Document, Task
from haven.cases.tests.test_api_cases import (
    CIPHERTEXT,
    assert_problem,
    case_url,
    error_fields,
    open_case,
    send,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% synthetic test document\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


# Consent ------------------------------------------------------------------------------------


def test_consent_withdrawal_is_visible_at_once(world, login):
    case = open_case(world)
    client = login(world.user(Role.CASEWORKER))
    url = case_url(case, "consents")
    given = {"purpose": "share_domestic", "given": True, "method": "oral_interpreter"}

    response = send(client, "post", url, {**given, "language": "vi", "witness": "Interpreter Do"})

    assert response.status_code == 201, response.content
    assert response.json()["witness"] == "Interpreter Do"
    assert response.json()["decided_on"] == timezone.localdate().isoformat()
    assert client.get(url).json()["in_force"]["share_domestic"] is True
    assert client.get(case_url(case)).json()["consents"]["share_domestic"] is True

    withdrawn = send(client, "post", url, {**given, "given": False, "language": "vi"})

    assert withdrawn.status_code == 201
    assert client.get(case_url(case)).json()["consents"]["share_domestic"] is False
    listing = client.get(url).json()
    assert listing["in_force"]["share_domestic"] is False
    assert [d["given"] for d in listing["decisions"]] == [False, True]
    event = AuditEvent.objects.filter(action="consent.recorded").first()
    assert "Interpreter" not in str(event.details)


def test_consent_rules(world, login):
    child = open_case(world, birth_date=timezone.localdate() - datetime.timedelta(days=365 * 12))
    client = login(world.user(Role.COORDINATOR))
    url = case_url(child, "consents")
    body = {"purpose": "assistance", "given": True, "method": "written", "language": "zh-hans"}

    assert "guardian" in error_fields(send(client, "post", url, body))
    assert "given" in error_fields(send(client, "post", url, {**body, "given": None}))
    assert "purpose" in error_fields(send(client, "post", url, {**body, "purpose": "x"}))
    future = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    assert "decided_on" in error_fields(send(client, "post", url, {**body, "decided_on": future}))
    assert send(client, "post", url, {**body, "guardian": "Aunt"}).status_code == 201


def test_screener_reads_but_does_not_record_consent(world, login):
    case = open_case(world, role=Role.SCREENER)
    client = login(world.user(Role.SCREENER))
    body = {"purpose": "assistance", "given": True, "method": "oral", "language": "en"}

    assert client.get(case_url(case, "consents")).status_code == 200
    assert_problem(send(client, "post", case_url(case, "consents"), body), 403)
    assert_problem(send(client, "post", case_url(case, "notes"), {"text": "x"}), 403)


# Support, events, proceedings, notes ---------------------------------------------------------


@pytest.mark.parametrize(
    ("suffix", "body", "shown"),
    [
        (
            "assessments",
            {"kind": "risk", "level": "individual", "areas": ["safety"], "notes": "Threats"},
            {"kind": "risk", "notes": "Threats", "assessed_on": "TODAY"},
        ),
        (
            "plans",
            {"type": "Health", "objectives": "Dental care", "planned_end_on": "2030-01-01"},
            {"type": "Health", "objectives": "Dental care"},
        ),
        (
            "services",
            {"category": "Legal", "notes": "Lawyer met"},
            {"category": "Legal", "notes": "Lawyer met", "plan": None},
        ),
        (
            "events",
            {"type": "Recruitment", "country": "VN", "city": "Hanoi", "street": "1 Secret St"},
            {"type": "Recruitment", "country": "VN", "street": "1 Secret St"},
        ),
        (
            "proceedings",
            {"kind": "criminal", "authority": "Prosecutor", "notes": "Witness"},
            {"kind": "criminal", "status": "open", "notes": "Witness"},
        ),
        ("notes", {"text": "Spoke by phone"}, {"text": "Spoke by phone"}),
    ],
)
def test_items_are_recorded_and_listed(world, login, suffix, body, shown):
    case = open_case(world)
    client = login(world.user(Role.CASEWORKER))
    url = case_url(case, suffix)

    created = send(client, "post", url, body)

    assert created.status_code == 201, created.content
    expected = {
        k: timezone.localdate().isoformat() if v == "TODAY" else v for k, v in shown.items()
    }
    assert expected.items() <= created.json().items()
    listing = client.get(url)
    assert listing.status_code == 200
    assert CIPHERTEXT not in listing.content
    assert [row["id"] for row in listing.json()] == [created.json()["id"]]
    assert AuditEvent.objects.filter(action="case.viewed", object_id=str(case.pk)).exists()
    assert_problem(send(client, "post", url, {}), 400)
    timeline = client.get(case_url(case)).json()["timeline"]
    assert timeline[0]["kind"] == suffix.removesuffix("s")


def test_service_plan_must_belong_to_the_case(world, login):
    case, other_case = open_case(world), open_case(world, family_name="Other")
    caseworker = world.user(Role.CASEWORKER)
    plan = services.plan_save(actor=caseworker, case=case, type="Health", objectives="x")
    client = login(caseworker)
    body = {"category": "Health", "plan": str(plan.pk)}

    assert "plan" in error_fields(send(client, "post", case_url(other_case, "services"), body))
    response = send(client, "post", case_url(case, "services"), body)
    assert response.json()["plan"] == str(plan.pk)


# Tasks --------------------------------------------------------------------------------------


def test_tasks_mine_overdue_and_done(world, login):
    case = open_case(world)
    caseworker = world.user(Role.CASEWORKER)
    client = login(caseworker)
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()

    late = send(client, "post", case_url(case, "tasks"), {"title": "Call", "due_on": yesterday})
    send(
        client,
        "post",
        case_url(case, "tasks"),
        {
            "title": "For the coordinator",
            "due_on": "2099-01-01",
            "owner": str(world.user(Role.COORDINATOR).pk),
        },
    )

    assert late.status_code == 201, late.content
    assert late.json()["owner"]["username"] == "caseworker_a"
    mine = client.get("/api/v1/tasks/").json()
    assert [(t["title"], t["overdue"]) for t in mine["results"]] == [("Call", True)]
    assert mine["results"][0]["case"] == {"id": str(case.pk), "reference": case.reference}
    assert len(client.get(case_url(case, "tasks")).json()) == 2
    other_org = {
        "title": "x",
        "due_on": yesterday,
        "owner": str(world.user(Role.CASEWORKER, other=True).pk),
    }
    assert "owner" in error_fields(send(client, "post", case_url(case, "tasks"), other_org))

    done = send(client, "post", f"/api/v1/tasks/{late.json()['id']}/done")

    assert done.status_code == 200
    assert done.json()["done_at"] is not None
    assert done.json()["overdue"] is False
    assert client.get("/api/v1/tasks/").json()["count"] == 0
    assert Task.objects.get(pk=late.json()["id"]).done_at is not None


# Documents ----------------------------------------------------------------------------------


def upload(client, case, data, name="passport.pdf", kind="identity"):
    return client.post(
        case_url(case, "documents"), {"kind": kind, "file": SimpleUploadedFile(name, data)}
    )


def test_document_upload_and_download_round_trip_and_are_audited(world, login):
    case = open_case(world)
    client = login(world.user(Role.CASEWORKER))

    created = upload(client, case, PDF, name="Zhang Wei passport.pdf")

    assert created.status_code == 201, created.content
    document = created.json()
    assert document["content_type"] == "application/pdf"
    assert document["size"] == len(PDF)
    assert document["name"] == "Zhang Wei passport.pdf"
    assert b"synthetic" not in bytes(Document.objects.get().blob)
    assert [d["id"] for d in client.get(case_url(case, "documents")).json()] == [document["id"]]

    response = client.get(case_url(case, f"documents/{document['id']}"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Zhang" not in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    assert response.content == PDF
    event = AuditEvent.objects.get(action="document.viewed")
    assert event.object_id == str(case.pk)
    assert event.details == {"document_id": document["id"], "kind": "identity"}
    assert (
        client.get(
            case_url(case, f"documents/{document['id']}"), HTTP_ACCEPT="application/pdf"
        ).content
        == PDF
    )


def test_document_content_is_checked_not_its_name(world, login):
    case = open_case(world)
    client = login(world.user(Role.CASEWORKER))

    exe = upload(client, case, b"MZ\x90\x00\x03\x00\x00\x00 not a pdf", name="invoice.pdf")
    empty = upload(client, case, b"", name="empty.pdf")
    bad_kind = upload(client, case, PDF, kind="selfie")
    png = upload(client, case, PNG, name="photo.jpg", kind="other")

    assert "file" in error_fields(exe)
    assert "file" in error_fields(empty)
    assert "kind" in error_fields(bad_kind)
    assert png.json()["content_type"] == "image/png"
    assert Document.objects.count() == 1
    as_json = send(client, "post", case_url(case, "documents"), {"kind": "other"})
    assert_problem(as_json, 415)


def test_large_documents_stay_in_memory_and_the_limit_holds(world, login, monkeypatch):
    def no_plaintext_on_disk(*args, **kwargs):
        raise AssertionError("an uploaded document was spooled to a temporary file")

    monkeypatch.setattr(uploadhandler, "TemporaryUploadedFile", no_plaintext_on_disk)
    case = open_case(world)
    client = login(world.user(Role.CASEWORKER))
    big = PDF + b"0" * (3 * 1024 * 1024)  # above Django's 2.5 MB spool-to-disk threshold

    created = upload(client, case, big)
    too_big = upload(client, case, PDF + b"0" * (10 * 1024 * 1024))

    assert created.status_code == 201, created.content
    document_id = created.json()["id"]
    assert client.get(case_url(case, f"documents/{document_id}")).content == big
    assert "file" in error_fields(too_big)
    assert Document.objects.count() == 1


def test_screener_lists_documents_but_cannot_open_them(world, login):
    case = open_case(world, role=Role.SCREENER)
    document = services.document_add(
        actor=world.user(Role.CASEWORKER), case=case, kind="medical", name="x.pdf", data=PDF
    )
    client = login(world.user(Role.SCREENER))

    assert client.get(case_url(case, "documents")).status_code == 200
    assert_problem(client.get(case_url(case, f"documents/{document.pk}")), 403)
    assert_problem(upload(client, case, PDF), 403)
    other = open_case(world, family_name="Other")
    assert_problem(
        login(world.user(Role.CASEWORKER)).get(case_url(other, f"documents/{document.pk}")), 404
    )
