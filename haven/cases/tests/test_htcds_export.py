"""HTCDS export: IOM's layout, CSV with BOM, permission and scope, audit, formula injection."""

import csv
import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.cases import services
from haven.cases.htcds import CONTENT_TYPES, build_export, export_cases, export_filename, template
from haven.cases.htcds.mapping import csv_layout
from haven.cases.tests.test_htcds_support import make_cases, read_export

pytestmark = pytest.mark.django_db

ALLOWED = {Role.CASEWORKER, Role.COORDINATOR}


@pytest.mark.parametrize("role", list(Role))
def test_only_caseworkers_and_coordinators_export(world, role):
    actor = world.user(role)
    if role in ALLOWED:
        assert export_cases(actor, "csv")
    else:
        with pytest.raises(PermissionDenied):
            export_cases(actor, "xlsx")
        assert not AuditEvent.objects.filter(action="case.exported").exists()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_holds_only_the_actors_organisations_cases(world, fmt):
    mine = [c.reference for c in make_cases(world)]
    theirs = [c.reference for c in make_cases(world, other=True)]
    for role, expected in ((Role.CASEWORKER, mine), (Role.COORDINATOR, mine)):
        parts = read_export(export_cases(world.user(role), fmt), fmt)
        assert [row["hvn_CaseReference"] for row in parts["cases"]] == expected
        referenced = {row["hvn_CaseReference"] for part in parts.values() for row in part}
        assert not referenced & set(theirs)
    other = read_export(export_cases(world.user(Role.CASEWORKER, other=True), fmt), fmt)
    assert [row["hvn_CaseReference"] for row in other["cases"]] == theirs


def test_screened_cases_of_a_screener_are_not_exported(world):
    """A user who is a screener in B and a caseworker in A exports A's cases only."""
    from haven.accounts.models import Membership, RoleGrant

    make_cases(world, other=True)
    worker = world.user(Role.CASEWORKER)
    membership = Membership.objects.create(user=worker, organisation=world.org_b)
    RoleGrant.objects.create(membership=membership, role=Role.SCREENER)
    screened = services.case_open(
        actor=worker,
        person=services.person_register(
            actor=worker, organisation=world.org_b, family_name="Screened"
        ),
        exploitation_types=["Other"],
    )
    worker = type(worker).objects.get(pk=worker.pk)  # fresh grants
    parts = read_export(export_cases(worker, "csv"), "csv")
    assert screened.reference not in {row["hvn_CaseReference"] for row in parts["cases"]}


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_one_audit_event_with_count_and_format(world, fmt):
    make_cases(world)
    before = AuditEvent.objects.count()
    export = build_export(world.user(Role.CASEWORKER), fmt)
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.get(action="case.exported")
    assert event.details == {"format": fmt, "count": 4, "standard": "htcds-2.0"}
    assert event.organisation_id == world.org_a.pk
    assert export.count == 4
    assert export.content_type == CONTENT_TYPES[fmt]
    assert export.filename == export_filename(fmt)
    assert export.filename.endswith(f".{fmt}")


def test_xlsx_follows_iom_template_layout(world):
    make_cases(world)
    content = export_cases(world.user(Role.CASEWORKER), "xlsx")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert not [n for n in archive.namelist() if "vba" in n.lower()]  # no macros shipped
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == [
        "Case Sheet",
        "Historic Trafficking Events",
        "Support Plans",
        "about",
    ]
    sheet = workbook["Case Sheet"]
    width = len(template.HEADER_CODES)
    codes = [sheet.cell(1, c).value or "" for c in range(1, width + 1)]
    labels = [sheet.cell(2, c).value or "" for c in range(1, width + 1)]
    assert tuple(codes) == template.HEADER_CODES
    assert tuple(labels) == template.HEADER_LABELS
    assert sheet.row_dimensions[1].hidden
    assert sheet["B2"].font.b
    assert sheet.freeze_panes == "B3"
    assert [sheet.cell(r, 1).value for r in range(3, 7)] == [1, 2, 3, 4]
    assert sheet.cell(7, 2).value is None
    events = workbook["Historic Trafficking Events"]
    assert [events.cell(r, 1).value for r in range(3, 6)] == [1, 2, 3]
    birth = [c for c in range(1, sheet.max_column + 1) if sheet.cell(1, c).value == "prs_Birthdate"]
    assert sheet.cell(3, birth[0]).is_date
    assert "IOM" in " ".join(str(r[0]) for r in workbook["about"].iter_rows(values_only=True))


def test_csv_is_utf8_with_bom_and_the_same_columns(world):
    make_cases(world)
    content = export_cases(world.user(Role.CASEWORKER), "csv")
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert rows[0] == [s.code for s in csv_layout()]
    assert "伟" in rows[1]
    # First case: two events and two plans -> one case row and one continuation row.
    assert rows[2][0] == ""
    assert (
        rows[2][rows[0].index("hvn_CaseReference")] == rows[1][rows[0].index("hvn_CaseReference")]
    )
    assert rows[2][rows[0].index("prs_FirstName")] == ""
    assert rows[2][rows[0].index("hte_Type")] == "Exploitation"


def test_multiselect_values_use_iom_separator(world):
    make_cases(world)
    for fmt in ("xlsx", "csv"):
        case = read_export(export_cases(world.user(Role.CASEWORKER), fmt), fmt)["cases"][0]
        assert case["vic_TypeOfExploitation"] == "ForcedLabour; Servitude"
        assert case["vic_RecruitmentWebsitesAndApps"] == "WeChat; QQ"
        assert case["prs_PrimaryLanguage"] == "zho"


DANGEROUS = {
    "family_name": '=HYPERLINK("http://evil.example","x")',
    "given_names": "+cmd|' /C calc'!A0",
    "aliases": [],
}


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_formula_injection_is_neutralised(world, fmt):
    actor = world.user(Role.CASEWORKER)
    person = services.person_register(
        actor=actor,
        organisation=world.org_a,
        sex="Feminine",
        contacts={"phone": "-2+3", "email": "@SUM(1+1)"},
        identity_documents=[{"number": "\tTAB"}],
        **DANGEROUS,
    )
    case = services.case_open(
        actor=actor,
        person=person,
        exploitation_types=["Other"],
        vulnerability_details="\r=1+1",
    )
    services.event_record(actor=actor, case=case, type="Transit", description="=cmd()")
    content = export_cases(actor, fmt)
    parts = read_export(content, fmt)
    row = parts["cases"][0]
    assert row["prs_SecondName"] == "'" + DANGEROUS["family_name"]
    assert row["prs_FirstName"] == "'" + DANGEROUS["given_names"]
    assert row["prs_MobilePhone"] == "'-2+3"
    assert row["prs_Email"] == "'@SUM(1+1)"
    assert row["prs_IdentityNumber"] == "'\tTAB"
    # (XML turns the carriage return into a line feed when the workbook is read back.)
    assert row["vic_DetailsOfVulnerabilities"] in ("'\r=1+1", "'\n=1+1")
    assert parts["events"][0]["hte_Description"] == "'=cmd()"
    if fmt == "xlsx":
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        for sheet in workbook.worksheets:
            for cells in sheet.iter_rows():
                for cell in cells:
                    assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    else:
        text = content.decode("utf-8-sig")
        for values in csv.reader(io.StringIO(text, newline="")):
            for value in values:
                assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


def test_export_queries_do_not_grow_with_the_number_of_cases(world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_cases(world)
    actor = type(world.user(Role.CASEWORKER)).objects.get(username="caseworker_a")
    with CaptureQueriesContext(connection) as four:
        export_cases(actor, "xlsx")
    make_cases(world)
    actor = type(actor).objects.get(pk=actor.pk)
    with django_assert_max_num_queries(len(four.captured_queries)):
        export_cases(actor, "xlsx")
