"""HTCDS import: round trip through both formats, all-or-nothing on bad files, duplicates,
dry run, files filled in with IOM's own template, permission."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.cases import services
from haven.cases.htcds import export_cases, import_cases, template
from haven.cases.models import Case, Consent, Person, Stage, SupportPlan, TraffickingEvent
from haven.cases.services import consent_in_force
from haven.cases.tests.test_htcds_support import DATA, SHARED_TEMPLATE, make_cases, read_export

pytestmark = pytest.mark.django_db

MODELS = (Person, Case, Consent, TraffickingEvent, SupportPlan, AuditEvent)


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def worker_b(world):
    return world.user(Role.CASEWORKER, other=True)


def without_reference(rows):
    return [{k: v for k, v in row.items() if k != "hvn_CaseReference"} for row in rows]


def grouped(rows, key="hvn_CaseReference"):
    groups = {}
    for row in rows:
        groups.setdefault(row[key], []).append({k: v for k, v in row.items() if k != key})
    return groups


def csv_bytes(header, *rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(header, *rows, labels=None, sheet="Case Sheet"):
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = sheet
    ws.append(header)
    if labels:
        ws.append(labels)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


HEADER = [
    "",
    "prs_FirstName",
    "prs_SecondName",
    "con_Consent",
    "prs_Birthdate",
    "prs_Gender",
    "vic_TraffickingStatus",
    "vic_TypeOfExploitation",
    "vic_AgeWhenTrafficked",
    "hvn_CaseReference",
]


def row(first, second, *, gender="Feminine", birth="1990-01-01", status=None, types=None, age=""):
    status = "PossibleVictimOfTrafficking" if status is None else status
    types = "ForcedLabour" if types is None else types
    return ["", first, second, "FALSE", birth, gender, status, types, age, ""]


# --- Round trip ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_round_trip_into_the_other_organisation(world, fmt):
    originals = make_cases(world)
    exported = export_cases(world.user(Role.CASEWORKER), fmt)
    report = import_cases(worker_b(world), world.org_b, exported, fmt)
    assert report.ok, report.lines()
    assert report.imported == 4
    assert len(report.created) == 4
    assert not report.duplicates  # nobody in organisation B yet
    imported = [Case.objects.get(reference=r) for r in report.created]
    assert {c.organisation_id for c in imported} == {world.org_b.pk}
    assert {c.person.organisation_id for c in imported} == {world.org_b.pk}

    # Every mapped field: the imported cases export exactly as the originals did.
    before = read_export(exported, fmt)
    after = read_export(export_cases(worker_b(world), fmt), fmt)
    assert without_reference(after["cases"]) == without_reference(before["cases"])
    for part in ("events", "plans"):
        old, new = grouped(before[part]), grouped(after[part])
        mapping = dict(zip([c.reference for c in originals], report.created, strict=True))
        assert {mapping[k]: v for k, v in old.items()} == new

    # And directly on the models.
    zhang, garcia, child, presumed = imported
    assert (zhang.person.family_name, zhang.person.given_names) == ("张", "伟")
    assert zhang.person.birth_date == datetime.date(1990, 5, 1)
    assert zhang.person.languages == ["zh-hans", "en"]
    assert zhang.person.identity_documents == [{"number": "E12345678"}]
    assert zhang.person.contacts == {"phone": "+86 138 0000 0000", "email": "zhang.wei@example.org"}
    assert zhang.exploitation_types == ["ForcedLabour", "Servitude"]
    assert zhang.recruitment_platforms == ["WeChat", "QQ"]
    assert zhang.status_decided_by == "Police"
    assert zhang.status_decided_on == datetime.date(2024, 3, 2)
    assert zhang.events.count() == 2
    assert zhang.plans.count() == 2
    assert consent_in_force(zhang, "assistance")
    assert zhang.stage == Stage.IDENTIFIED  # HTCDS "Active"
    assert (garcia.person.given_names, garcia.person.family_name) == ("María José", "García López")
    assert sorted(str(c) for c in garcia.person.citizenship) == ["CO", "VE"]
    assert garcia.sex_exploitation_types == ["Prostitution", "RemoteInteractiveServices"]
    assert garcia.stage == Stage.RETURN  # "FollowUp"
    assert child.is_child
    assert child.consents.get().guardian == "Guardian Office Nanning"
    assert child.stage == Stage.CLOSED
    assert child.htcds_status == "ClosedReferred"
    assert presumed.is_child
    assert presumed.child_presumed
    assert presumed.htcds_status == "Closed"
    assert not consent_in_force(presumed, "assistance")
    # Audit: the services' own events, and one case.imported with the count.
    event = AuditEvent.objects.get(action="case.imported")
    assert event.details["count"] == 4
    assert event.details["format"] == fmt
    assert event.organisation_id == world.org_b.pk
    assert AuditEvent.objects.filter(action="case.opened", organisation=world.org_b).count() == 4


def test_round_trip_csv_and_xlsx_into_the_same_organisation_flags_duplicates(world):
    make_cases(world)
    actor = world.user(Role.CASEWORKER)
    first = import_cases(worker_b(world), world.org_b, export_cases(actor, "xlsx"), "xlsx")
    second = import_cases(worker_b(world), world.org_b, export_cases(actor, "csv"), "csv")
    assert first.ok
    assert second.ok
    assert [d.cases for d in second.duplicates] == [(ref,) for ref in first.created]


# --- Bad files write nothing --------------------------------------------------------------

BAD_ROWS = [
    row("Good", "Row"),
    row("Bad", "Gender", gender="Male"),
    row("Bad", "Date", birth="31/02/1990"),
    row("Missing", "Status", status=""),
    row("Bad", "Exploitation", types="ForcedLabour; Smuggling"),
    row("Too", "Old", age="130"),
]
EXPECTED = {
    (3, "prs_Gender"),
    (4, "prs_Birthdate"),
    (5, "vic_TraffickingStatus"),
    (6, "vic_TypeOfExploitation"),
    (7, "vic_AgeWhenTrafficked"),
}


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_bad_file_writes_nothing_and_reports_every_bad_row(world, fmt):
    make_cases(world, other=True)
    before = counts()
    data = (csv_bytes if fmt == "csv" else xlsx_bytes)(HEADER, *BAD_ROWS)
    report = import_cases(worker_b(world), world.org_b, data, fmt)
    assert not report.ok
    assert counts() == before
    assert {(e.row, e.column) for e in report.errors} == EXPECTED
    assert report.created == []
    messages = {e.column: e.message for e in report.errors}
    assert "“Male” is not allowed" in messages["prs_Gender"]
    assert "Feminine, Masculine" in messages["prs_Gender"]
    assert "not a date" in messages["prs_Birthdate"]
    assert "required" in messages["vic_TraffickingStatus"]
    assert "“Smuggling” is not allowed" in messages["vic_TypeOfExploitation"]
    assert "out of range" in messages["vic_AgeWhenTrafficked"]
    assert report.summary().startswith("Nothing was imported")


def test_errors_found_by_the_services_also_roll_everything_back(world):
    """Rows that read well but break a rule of the services (a child's consent without a
    guardian; an actual victim without a decision) fail after earlier rows were written:
    those are rolled back too."""
    before = counts()
    header = [
        *HEADER,
        "hvn_ConsentMethod",
        "hvn_ConsentLanguage",
        "hvn_ConsentDate",
        "vic_TraffickinStatusDecisionMakingOrg",
    ]
    ten = (timezone.localdate() - datetime.timedelta(days=3650)).isoformat()
    good = [*row("Fine", "Adult"), "", "", "", ""]
    child = ["", "Little", "One", "TRUE", ten, "Masculine", "PossibleVictimOfTrafficking",
             "ForcedBegging", "", "", "oral", "zho", ten, ""]  # fmt: skip
    actual = [*row("Actual", "Victim", status="ActualVictimOfTrafficking"), "", "", "", "Police"]
    report = import_cases(
        worker_b(world), world.org_b, csv_bytes(header, good, child, actual), "csv"
    )
    assert not report.ok
    assert counts() == before
    assert {(e.row, e.column) for e in report.errors} == {
        (3, "hvn_ConsentGuardian"),
        (4, "hvn_TraffickingStatusDecisionDate"),
    }


def test_consent_details_are_required_when_consent_is_given(world):
    data = csv_bytes(HEADER, ["", "A", "B", "TRUE", "", "Feminine", "Possible victim of "
                              "trafficking", "Forced labour", "", ""])  # fmt: skip
    report = import_cases(worker_b(world), world.org_b, data, "csv")
    assert {e.column for e in report.errors} == {
        "hvn_ConsentMethod",
        "hvn_ConsentLanguage",
        "hvn_ConsentDate",
    }
    assert all(e.message == "Required when con_Consent is TRUE." for e in report.errors)


def test_missing_required_column_and_unreadable_files(world):
    header = [c for c in HEADER if c != "prs_Gender"]
    data = csv_bytes(
        header, [v for c, v in zip(HEADER, row("A", "B"), strict=True) if c != "prs_Gender"]
    )
    report = import_cases(worker_b(world), world.org_b, data, "csv")
    assert [(e.row, e.column) for e in report.errors] == [(1, "prs_Gender")]
    assert "missing from the header row" in report.errors[0].message
    for data, fmt in (
        (b"not a workbook", "xlsx"),
        ("名字".encode("gb18030"), "csv"),
        (b"a,b\n1,2\n", "csv"),
        (csv_bytes(HEADER), "csv"),
    ):
        report = import_cases(worker_b(world), world.org_b, data, fmt)
        assert not report.ok
        assert [e.row for e in report.errors] == [0]


def test_reference_problems(world):
    header = [*HEADER, "hte_Type"]
    first = [*row("A", "B")[:-1], "R-1", ""]
    first_again = [*row("C", "D")[:-1], "R-1", ""]
    orphan = ["", "", "", "", "", "", "", "", "", "R-9", "Transit"]
    no_ref = ["", "", "", "", "", "", "", "", "", "", "Transit"]
    report = import_cases(
        worker_b(world), world.org_b, csv_bytes(header, first, first_again, orphan, no_ref), "csv"
    )
    assert [(e.row, e.column) for e in report.errors] == [
        (3, "hvn_CaseReference"),
        (4, "hvn_CaseReference"),
        (5, "hvn_CaseReference"),
    ]


def test_report_is_in_the_users_language(world):
    data = csv_bytes(HEADER, row("A", "B", birth="yesterday"))
    with translation.override("zh-hans"):
        report = import_cases(worker_b(world), world.org_b, data, "csv")
    assert not report.ok
    assert report.errors[0].column == "prs_Birthdate"


# --- Duplicates ---------------------------------------------------------------------------


def test_duplicates_with_existing_people_and_within_the_file(world):
    actor = worker_b(world)
    existing = services.case_open(
        actor=actor,
        person=services.person_register(
            actor=actor, organisation=world.org_b, family_name="Zhang", given_names="Wei"
        ),
        exploitation_types=["Other"],
    )
    # The same name in organisation A is not visible to B's caseworker: never flagged.
    worker_a = world.user(Role.CASEWORKER)
    services.person_register(
        actor=worker_a, organisation=world.org_a, family_name="Li", given_names="Na"
    )
    rows = [
        row("伟", "张", gender="Masculine"),  # Hanzi of an existing person's pinyin
        row("Na", "Li"),
        row("Unique", "Person"),
        row("Na", "Li"),  # same as row 3 of this file
    ]
    data = csv_bytes(HEADER, *rows)
    before = counts()
    report = import_cases(actor, world.org_b, data, "csv", dry_run=True)
    assert counts() == before
    flags = {d.row: d for d in report.duplicates}
    assert set(flags) == {2, 5}
    assert flags[2].cases == (existing.reference,)
    assert flags[2].rows == ()
    assert flags[5].rows == (3,)
    assert flags[5].cases == ()
    assert "name" in flags[5].reasons
    assert "birth_year" in flags[5].reasons
    assert existing.reference in flags[2].message
    # Warnings, not errors: imported unless asked to skip.
    report = import_cases(actor, world.org_b, data, "csv")
    assert report.ok
    assert report.imported == 4
    report = import_cases(actor, world.org_b, data, "csv", skip_duplicates=True)
    assert report.ok
    assert report.skipped == [2, 3, 4, 5]  # everyone now exists once in B
    assert report.imported == 0


def test_skip_duplicates_leaves_out_only_flagged_rows(world):
    rows = [row("Na", "Li"), row("Unique", "Person"), row("Na", "Li")]
    report = import_cases(
        worker_b(world), world.org_b, csv_bytes(HEADER, *rows), "csv", skip_duplicates=True
    )
    assert report.ok
    assert report.skipped == [4]
    assert sorted(report.row_references) == [2, 3]
    assert report.imported == 2


# --- Dry run ------------------------------------------------------------------------------


def test_dry_run_checks_everything_and_writes_nothing(world):
    data = (DATA / "htcds_import_ok.csv").read_bytes()
    before = counts()
    report = import_cases(worker_b(world), world.org_b, data, "csv", dry_run=True)
    assert report.ok
    assert report.dry_run
    assert report.imported == 2
    assert report.created == []
    assert counts() == before
    assert "Dry run" in report.summary()
    report = import_cases(worker_b(world), world.org_b, data, "csv")
    assert report.ok
    case = Case.objects.get(reference=report.created[0])
    assert [e.city for e in case.events.order_by("date")] == ["昆明", "Bangkok"]
    assert case.exploitation_types == ["SexualExploitation", "ForcedLabour"]
    assert consent_in_force(case, "assistance")


# --- Files filled in with IOM's template ---------------------------------------------------


def test_file_filled_in_with_iom_template_lists(world):
    """Labels from the template's drop-down lists, its misspelt header, its label row, its
    numbered empty rows, Excel date cells and country names all read."""
    codes = list(template.HEADER_CODES)
    labels = list(template.HEADER_LABELS)

    def at(values):
        cells = [None] * len(codes)
        for code, value in values.items():
            cells[codes.index(code)] = value
        return cells

    filled = at(
        {
            "prs_FirstName": "Thi Lan",
            "prs_SecondName": "Nguyen",
            "con_Consent": False,
            "prs_Birthdate": datetime.datetime(1998, 7, 14),  # noqa: DTZ001  (Excel cells are naive)
            "prs_Gender": "Feminine",
            "prs_Citizenship": "Viet Nam; China",
            "vic_TraffickingStatus": "Possible victim of trafficking",
            "vic_TraffickinStatusDecisionMakingOrg": "Court or prosecution",
            "vic_MethodOfRecruitment": "Through family or family events; At work",
            "vic_MethodsOfControl": "Debt bondage ; Threats of law enforcement",
            "vic_TypeOfExploitation": "Forced labour; Forced marriage",
            "vic_ForcedLabourIndustry": "Activities of households as employers; undifferentiated "
            "goods- and services- producing activities of households for own use",
            "cas_Status": "Follow up",
        }
    )
    filled[0] = 1
    empty = at({})
    empty[0] = 2
    data = xlsx_bytes(codes, filled, empty, labels=labels, sheet="Sheet1")
    report = import_cases(worker_b(world), world.org_b, data, "xlsx")
    assert report.ok, report.lines()
    assert report.imported == 1
    case = Case.objects.get(reference=report.created[0])
    assert case.person.birth_date == datetime.date(1998, 7, 14)
    assert sorted(str(c) for c in case.person.citizenship) == ["CN", "VN"]
    assert case.status_decided_by == "CourtOrProsecution"
    assert case.recruitment_methods == ["ThroughFamilyOrFamilyEvents", "AtWork"]
    assert case.methods_of_control == ["DebtBondage", "ThreatsLawEnforcement"]
    assert case.exploitation_types == ["ForcedLabour", "ForcedMarriage"]
    assert case.forced_labour_industry == "T_ActivitiesOfHouseholdsAsEmployers"
    assert case.stage == Stage.RETURN


def test_semicolon_separated_csv_from_excel(world):
    text = ";".join(HEADER) + "\r\n" + ";".join(row("Ana", "Popescu", types="ForcedBegging"))
    report = import_cases(worker_b(world), world.org_b, ("\ufeff" + text).encode(), "csv")
    assert report.ok, report.lines()


def test_formula_injection_round_trip_restores_values(world):
    actor = world.user(Role.CASEWORKER)
    person = services.person_register(
        actor=actor,
        organisation=world.org_a,
        family_name="=1+1",
        given_names="'=quoted",
        sex="Feminine",
        contacts={"phone": "+86 10 1234"},
    )
    services.case_open(actor=actor, person=person, exploitation_types=["Other"])
    for fmt in ("xlsx", "csv"):
        report = import_cases(worker_b(world), world.org_b, export_cases(actor, fmt), fmt)
        assert report.ok, report.lines()
        copy = Case.objects.get(reference=report.created[0]).person
        assert (copy.family_name, copy.given_names) == ("=1+1", "'=quoted")
        assert copy.contacts == {"phone": "+86 10 1234"}


# --- Permission ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", [r for r in Role if r not in (Role.CASEWORKER, Role.COORDINATOR)])
def test_roles_that_cannot_import(world, role):
    data = (DATA / "htcds_import_ok.csv").read_bytes()
    with pytest.raises(PermissionDenied):
        import_cases(world.user(role, other=True), world.org_b, data, "csv")


def test_cannot_import_into_another_organisation(world):
    data = (DATA / "htcds_import_ok.csv").read_bytes()
    before = counts()
    with pytest.raises(PermissionDenied):
        import_cases(world.user(Role.CASEWORKER), world.org_b, data, "csv")
    assert counts() == before


@pytest.mark.filterwarnings("ignore:Data Validation extension")
@pytest.mark.parametrize(
    "name",
    [
        "htcds_spreadsheet_v2.0.xlsx",
        "htcds_spreadsheet_single_select_validation_v2.0.xlsx",
        "htcds_spreadsheet_multi_select_validation_v2.0.xlsm",
    ],
)
def test_iom_blank_templates_read_as_files_without_cases(world, name):
    path = SHARED_TEMPLATE.with_name(name)
    if not path.exists():
        pytest.skip("shared standards folder absent")
    report = import_cases(worker_b(world), world.org_b, path.read_bytes(), "xlsx")
    assert [(e.row, e.message) for e in report.errors] == [(0, "The file holds no case rows.")]
