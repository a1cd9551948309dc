"""Exported results resist spreadsheet formula injection, in CSV and XLSX."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from haven.accounts import services as account_services
from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.core.spreadsheets import neutralise
from haven.training import services
from haven.training.cohort import cohort
from haven.training.exports import export
from haven.training.tests import factories as f


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("'=already", "''=already"),
        ("Li Ming", "Li Ming"),
        ("李明", "李明"),
        ("", ""),
        (42, 42),
        (None, None),
    ],
)
def test_neutralise(value, safe):
    assert neutralise(value) == safe


@pytest.mark.django_db
def test_a_hostile_name_is_exported_as_text(world):
    trainee = account_services.user_create(
        actor=world.user(Role.SYSADMIN),
        organisation=world.org_a,
        username="hostile_trainee",
        roles=[Role.TRAINEE.value],
        full_name='=HYPERLINK("http://evil.example","click")',
    ).user
    workshop = f.workshop(world, title="@Workshop (synthetic)")
    f.assign(world, workshop, f.PALERMO_CASE)
    f.enrol(world, workshop, trainee)
    f.exercise(trainee, answers=f.key_answers(f.PALERMO_CASE), workshop=workshop)
    data = cohort(workshop, "en")

    content, content_type, rows = export(data, "csv")
    assert content_type.startswith("text/csv")
    assert rows == 1
    table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert table[1][:2] == ["hostile_trainee", '\'=HYPERLINK("http://evil.example","click")']
    assert table[1][5:8] == ["1", "1", "100"]

    content, _type, _rows = export(data, "xlsx")
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Trainees", "Indicators", "About"]
    assert book["Trainees"]["B2"].value == '\'=HYPERLINK("http://evil.example","click")'
    assert book["Trainees"]["B2"].data_type == "s"
    assert book["About"]["A2"].value == "'@Workshop (synthetic)"


@pytest.mark.django_db
def test_exports_and_certificates_are_audited_with_counts_only(world):
    workshop = f.workshop(world)
    services.workshop_record_export(
        actor=world.user(Role.TRAINER), workshop=workshop, kind="xlsx", rows=3
    )
    event = AuditEvent.objects.get(action="workshop.results_exported")
    assert event.details == {"format": "xlsx", "rows": 3}
