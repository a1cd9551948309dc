"""Annual reports in the background (immediate backend in tests), with progress and the
bilingual PDF and XLSX; and the command line."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from haven.accounts.roles import Role
from haven.stats.models import AnnualReport, JobStatus
from haven.stats.tests.factories import SECRET_FAMILY, many

pytestmark = pytest.mark.django_db


def test_report_is_built_in_the_background_and_downloads(
    world, login, django_capture_on_commit_callbacks
):
    many(world, 6)
    client = login(world.user(Role.ANALYST))
    assert client.get(reverse("stats:reports")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("stats:reports"), {"year": 2024})
    report = AnnualReport.objects.get()
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == JobStatus.DONE
    assert report.progress == 100
    progress = client.get(reverse("stats:report_progress", kwargs={"pk": report.pk}))
    assert "hx-get" not in progress.content.decode()  # finished: polling stops
    pdf = client.get(reverse("stats:report_file", kwargs={"pk": report.pk, "kind": "pdf"}))
    assert pdf.content.startswith(b"%PDF")
    xlsx = client.get(reverse("stats:report_file", kwargs={"pk": report.pk, "kind": "xlsx"}))
    workbook = load_workbook(io.BytesIO(xlsx.content))
    summary = [c.value for row in workbook["Summary"].iter_rows() for c in row if c.value]
    assert any("2024" in str(v) for v in summary)
    assert len(workbook.sheetnames) > 5
    headers = [c.value for c in workbook[workbook.sheetnames[1]][2]]
    assert headers[:2] == ["Category", "类别"]  # English and Chinese side by side
    values = [str(c.value) for ws in workbook for row in ws.iter_rows() for c in row]
    assert not any(SECRET_FAMILY in v for v in values)


def test_pending_report_polls(world, login):
    analyst = world.user(Role.ANALYST)
    report = AnnualReport.objects.create(organisation=world.org_a, year=2024, requested_by=analyst)
    client = login(analyst)
    html = client.get(reverse("stats:report_detail", kwargs={"pk": report.pk})).content.decode()
    assert 'hx-trigger="every 2s"' in html
    file_url = reverse("stats:report_file", kwargs={"pk": report.pk, "kind": "pdf"})
    assert client.get(file_url).status_code == 302
    other = login(world.user(Role.ANALYST, other=True))
    assert other.get(reverse("stats:report_detail", kwargs={"pk": report.pk})).status_code == 404


def test_report_on_an_organisation_out_of_reach_is_refused(world, login):
    client = login(world.user(Role.ANALYST))
    response = client.post(reverse("stats:reports"), {"year": 2024, "organisation": world.org_b.pk})
    assert response.status_code == 400  # not a choice for this analyst
    assert not AnnualReport.objects.exists()


def test_command_line_report(world, tmp_path):
    many(world, 3)
    pdf, xlsx = tmp_path / "r.pdf", tmp_path / "r.xlsx"
    call_command("report", "annual", "--year", "2024", "--out", str(pdf), stdout=io.StringIO())
    assert pdf.read_bytes().startswith(b"%PDF")
    call_command(
        "report",
        "annual",
        "--year",
        "2024",
        "--out",
        str(xlsx),
        "--user",
        "analyst_a",
        stdout=io.StringIO(),
    )
    assert zipfile.is_zipfile(xlsx)
