"""Import of the CTDC global dataset into its own area, and the side-by-side comparison."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from haven.accounts.roles import Role
from haven.cases.models import Case
from haven.stats.models import GlobalDataset, GlobalRecord, JobStatus
from haven.stats.services.global_data import parse_row
from haven.stats.tests.factories import many

pytestmark = pytest.mark.django_db
SAMPLE = (
    Path(__file__).resolve().parents[3].parent
    / "shared/standards/ctdc/ctdc-global-k-anon-format-sample.csv"
)


def sample() -> bytes:
    if SAMPLE.exists():
        return SAMPLE.read_bytes()
    header = ";".join(
        [
            "Terms",
            "yearOfRegistration",
            "Datasource",
            "gender",
            "ageBroad",
            "majorityStatus",
            "citizenship",
            "isForcedLabour",
            "isSexualExploit",
            "meansOfControlDebtBondage",
            "CountryOfExploitation",
        ]
    )
    rows = [";2019;Case Management;Female;18--20;Adult;VN;0;1;1;DE"] * 6
    return ("\n".join([header, *rows]) + "\n").encode()


def test_import_and_compare(world, login, django_capture_on_commit_callbacks):
    many(world, 6)
    cases = Case.objects.count()
    client = login(world.user(Role.ANALYST))
    upload = SimpleUploadedFile("ctdc.csv", sample(), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("stats:global"), {"name": "CTDC 2024", "file": upload})
    dataset = GlobalDataset.objects.get()
    assert response.status_code == 302
    dataset.refresh_from_db()
    assert dataset.status == JobStatus.DONE
    assert dataset.rows > 0
    assert dataset.upload is None
    assert GlobalRecord.objects.filter(dataset=dataset).count() == dataset.rows
    assert Case.objects.count() == cases  # the analysis area is apart from case data
    page = client.get(reverse("stats:global_detail", kwargs={"pk": dataset.pk}))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Global" in html
    assert "Type of exploitation" in html
    other = login(world.user(Role.ANALYST, other=True))
    assert other.get(reverse("stats:global_detail", kwargs={"pk": dataset.pk})).status_code == 404
    client = login(world.user(Role.ANALYST))
    assert client.get(reverse("stats:global_delete", kwargs={"pk": dataset.pk})).status_code == 200
    client.post(reverse("stats:global_delete", kwargs={"pk": dataset.pk}))
    assert not GlobalRecord.objects.exists()


def test_a_file_that_is_not_ctdc_is_refused(world, login):
    client = login(world.user(Role.ANALYST))
    upload = SimpleUploadedFile("x.csv", b"a,b,c\n1,2,3\n", content_type="text/csv")
    response = client.post(reverse("stats:global"), {"name": "x", "file": upload})
    assert response.status_code == 400
    assert "columns missing" in response.content.decode()
    assert not GlobalDataset.objects.exists()


def test_shelter_manager_may_look_but_not_import(world, login):
    client = login(world.user(Role.SHELTER_MANAGER))
    assert client.get(reverse("stats:global")).status_code == 200
    upload = SimpleUploadedFile("ctdc.csv", sample(), content_type="text/csv")
    assert client.post(reverse("stats:global"), {"name": "x", "file": upload}).status_code == 403


def test_row_parsing():
    row = parse_row(
        {
            "yearOfRegistration": "2017",
            "gender": "Female",
            "ageBroad": "18--20",
            "citizenship": "MDA",
            "CountryOfExploitation": "US",
            "isSexualExploit": "1",
            "isForcedLabour": "0",
            "meansOfControlRestrictsMovement": "1",
            "meansOfControlDebtBondage": "1",
            "recruiterRelationFamily": "1",
        }
    )
    assert row["year"] == 2017
    assert row["gender"] == "Feminine"
    assert row["age_band"] == "18-20"
    assert (row["citizenship"], row["exploitation_country"]) == ("MD", "US")
    assert row["exploitation"] == ",SexualExploitation,"
    assert row["control"] == ",DebtBondage,"
    assert row["recruiter"] == ",Family,"
