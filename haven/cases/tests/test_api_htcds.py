"""HTCDS export and import through the API."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from haven.accounts.roles import Role
from haven.cases import services
from haven.cases.models import Case

pytestmark = pytest.mark.django_db


def test_export_then_import_through_the_api(world, client, login):
    actor = world.user(Role.CASEWORKER)
    person = services.person_register(
        actor=actor,
        organisation=world.org_a,
        family_name="Tran",
        given_names="Minh",
        sex="Masculine",
    )
    case = services.case_open(actor=actor, person=person, exploitation_types=["ForcedLabour"])
    services.consent_record(
        actor=actor, case=case, purpose="assistance", given=True, method="written", language="vi"
    )
    login(actor)
    exported = client.get("/api/v1/cases/export", {"output": "csv"})
    assert exported.status_code == 200
    assert "Tran" in exported.content.decode("utf-8-sig")
    assert client.get("/api/v1/cases/export", {"output": "pdf"}).status_code == 400
    login(world.user(Role.CASEWORKER, other=True))
    before = Case.objects.count()
    checked = client.post(
        "/api/v1/cases/import",
        {"file": SimpleUploadedFile("x.csv", exported.content), "dry_run": "true"},
    )
    assert checked.status_code == 200
    assert checked.json()["dry_run"] is True
    assert Case.objects.count() == before
    done = client.post(
        "/api/v1/cases/import", {"file": SimpleUploadedFile("x.csv", exported.content)}
    )
    assert done.status_code == 200
    assert len(done.json()["created"]) == 1
    bad = client.post(
        "/api/v1/cases/import", {"file": SimpleUploadedFile("x.csv", b"prs_Gender\nNotAGender\n")}
    )
    assert bad.status_code == 400
    assert bad.json()["errors"]
    login(world.user(Role.ANALYST))
    assert client.get("/api/v1/cases/export").status_code == 403
