"""The HTCDS mapping table against IOM's template and the standard's field list, the
converters per HTCDS type, and formula-injection neutralisation (no database)."""

import csv
import datetime
import inspect

import pytest

from haven.cases.htcds import mapping, template
from haven.cases.htcds.converters import (
    CSV,
    XLSX,
    CellError,
    Checkbox,
    Countries,
    Country,
    Date,
    Multiselect,
    Number,
    Picklist,
    TextList,
)
from haven.cases.htcds.mapping import BY_CODE, COLUMNS, LANGUAGE, Entity, Sheet
from haven.cases.services import cases as case_services
from haven.cases.services import consent_record
from haven.cases.services import persons as person_services
from haven.cases.tests.test_htcds_support import DATA, SHARED_FIELDS, SHARED_TEMPLATE
from haven.core.spreadsheets import neutralise, restore


def _fixture_header() -> list[list[str]]:
    with (DATA / "htcds_template_header.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _standard_fields() -> dict[str, dict[str, str]]:
    with (DATA / "htcds-2.0-fields.csv").open(encoding="utf-8", newline="") as handle:
        return {row["field"]: row for row in csv.DictReader(handle)}


# --- The table against IOM's template and the standard -----------------------------------


def test_fixture_header_is_iom_template_header():
    """The fixture is a copy of the template's two header rows (checked against the shared
    folder when it is there)."""
    codes, labels = _fixture_header()
    assert tuple(codes) == template.HEADER_CODES
    assert tuple(labels) == template.HEADER_LABELS
    if not SHARED_TEMPLATE.exists():
        pytest.skip("shared standards folder absent: cross-check with IOM's file skipped")
    import openpyxl

    sheet = openpyxl.load_workbook(SHARED_TEMPLATE).worksheets[0]
    width = sheet.max_column
    for row, expected in ((1, codes), (2, labels)):
        assert [sheet.cell(row, c).value or "" for c in range(1, width + 1)] == expected


def test_case_sheet_headers_we_write_exist_in_iom_template_at_its_positions():
    slots = mapping.layout(Sheet.CASES)
    codes, labels = _fixture_header()
    width = len(codes)
    assert [s.code for s in slots[:width]] == codes
    assert [s.label for s in slots[:width]] == labels
    # After the template's columns: HTCDS fields the template lacks, and Haven's hvn_ columns.
    standard = _standard_fields()
    for slot in slots[width:]:
        assert slot.code.startswith("hvn_") or slot.code in standard, slot.code
        assert slot.code not in codes


def test_every_column_is_an_htcds_field_or_a_haven_extension():
    standard = _standard_fields()
    if SHARED_FIELDS.exists():
        assert SHARED_FIELDS.read_bytes() == (DATA / "htcds-2.0-fields.csv").read_bytes()
    for column in COLUMNS:
        assert column.code.startswith("hvn_") or column.code in standard, column.code
    # The one code IOM's template misspells is written as the template has it.
    assert BY_CODE["vic_TraffickingStatusDecisionMakingOrg"].written in template.HEADER_CODES


def test_brief_columns_are_all_supported():
    wanted = [
        "prs_FirstName",
        "prs_SecondName",
        "prs_Birthdate",
        "prs_Gender",
        "prs_Citizenship",
        "prs_PrimaryLanguage",
        "prs_IdentityNumber",
        "prs_Email",
        "prs_MobilePhone",
        "vic_TraffickingStatus",
        "vic_TraffickingStatusDecisionMakingOrg",
        "vic_RelationshipToTrafficker",
        "vic_AgeWhenTrafficked",
        "vic_RecruitmentWebsitesAndApps",
        "vic_MethodOfRecruitment",
        "vic_MethodsOfControl",
        "vic_TypeOfExploitation",
        "vic_ForcedLabourIndustry",
        "vic_TypeOfSexExploitation",
        "vic_ExploitationWebsitesAndApps",
        "vic_Vulnerabilities",
        "vic_DetailsOfVulnerabilities",
        "cas_Status",
        "con_Consent",
        "hte_Type",
        "hte_Date",
        "hte_Country",
        "hte_City",
        "hte_Street",
        "hte_State",
        "hte_Description",
        "spl_Type",
        "spl_Objectives",
        "spl_ActionPlan",
        "spl_PlannedEndDate",
        "spl_ActualEndDate",
    ]
    assert set(wanted) <= set(BY_CODE)
    assert {c.code for c in COLUMNS if c.required} == {
        "prs_Gender",
        "vic_TraffickingStatus",
        "vic_TypeOfExploitation",
        "con_Consent",
    }


def test_picklists_are_the_standards_values():
    standard = _standard_fields()
    for column in COLUMNS:
        converter = column.converter
        if column.code.startswith("hvn_") or not isinstance(converter, Picklist):
            continue
        values = standard[column.code]["values"].split("|")
        assert list(converter.choices) == values, column.code
        expected_type = "Multiselect Picklist" if isinstance(converter, Multiselect) else "Picklist"
        assert standard[column.code]["type"] == expected_type, column.code


@pytest.mark.filterwarnings("ignore:Data Validation extension")
def test_template_list_labels_line_up_with_values():
    for code, labels in template.LIST_LABELS.items():
        converter = BY_CODE[code].converter
        assert isinstance(converter, Picklist)
        assert len(labels) == len(converter.choices), code
        for label, value in zip(labels, converter.choices, strict=True):
            assert converter.code(label) == value
    validation = SHARED_TEMPLATE.with_name("htcds_spreadsheet_single_select_validation_v2.0.xlsx")
    if not validation.exists():
        pytest.skip("shared standards folder absent: cross-check with IOM's lists skipped")
    import openpyxl

    sheet = openpyxl.load_workbook(validation)["validation"]
    lists = {
        sheet.cell(3, c).value: [
            str(sheet.cell(r, c).value).strip()  # the template has "Debt bondage "
            for r in range(4, sheet.max_row + 1)
            if sheet.cell(r, c).value
        ]
        for c in range(2, sheet.max_column + 1)
    }
    for code, labels in template.LIST_LABELS.items():
        assert lists[BY_CODE[code].label] == list(labels), code


def test_folded_values_and_labels_do_not_collide():
    for column in COLUMNS:
        converter = column.converter
        if isinstance(converter, Picklist):
            assert len({converter.lookup[k] for k in converter.lookup}) == len(converter.choices)


def test_mapped_fields_are_fields_the_services_accept():
    """The table may only name fields the cases services write (else they refuse them)."""
    accepted = {
        Entity.PERSON: person_services.PERSON_FIELDS,
        # reference, htcds_status and child_presumed are handled by the importer itself.
        Entity.CASE: case_services.CASE_FIELDS | {"reference", "htcds_status", "child_presumed"},
        Entity.CONSENT: set(inspect.signature(consent_record).parameters),
        Entity.EVENT: {"type", "country", "state", "city", "street", "date", "description"},
        Entity.PLAN: {"type", "objectives", "action_plan", "planned_end_on", "actual_end_on"},
    }
    for column in COLUMNS:
        assert column.field in accepted[column.entity], column.code


def test_layout_of_event_and_plan_sheets_and_csv():
    events = mapping.layout(Sheet.EVENTS)
    assert [s.code for s in events] == [
        "",
        "hvn_CaseReference",
        "hte_Type",
        "hte_Date",
        "hte_Country",
        "hte_State",
        "hte_City",
        "hte_Street",
        "hte_Description",
    ]
    plans = [s.code for s in mapping.layout(Sheet.PLANS)]
    assert plans[1] == "hvn_CaseReference"
    assert all(code.startswith("spl_") for code in plans[2:])
    codes = [s.code for s in mapping.csv_layout()]
    assert codes.count("hvn_CaseReference") == 1
    assert codes[: len(template.HEADER_CODES)] == list(template.HEADER_CODES)


# --- Converters ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1990-05-01", datetime.date(1990, 5, 1)),
        ("1990-5-1", datetime.date(1990, 5, 1)),
        ("1990/5/1", datetime.date(1990, 5, 1)),
        ("1990年5月1日", datetime.date(1990, 5, 1)),
        ("1990-05-01T00:00:00", datetime.date(1990, 5, 1)),
        (datetime.datetime(1990, 5, 1, 0, 0), datetime.date(1990, 5, 1)),  # noqa: DTZ001  (Excel cell)
        (datetime.date(1990, 5, 1), datetime.date(1990, 5, 1)),
        (32994, datetime.date(1990, 5, 1)),  # Excel serial number
        ("", None),
        (None, None),
    ],
)
def test_dates_read(raw, expected):
    assert Date().parse(raw) == expected


@pytest.mark.parametrize("raw", ["31/02/1990", "1990-13-01", "1990-02-30", "yesterday", "5.1.90"])
def test_bad_dates_are_refused(raw):
    with pytest.raises(CellError, match="is not a date"):
        Date().parse(raw)


def test_dates_out_of_range():
    with pytest.raises(CellError, match="out of range"):
        Date().parse("1850-01-01")
    with pytest.raises(CellError, match="out of range"):
        Date(past=True).parse("2099-01-01")
    assert Date().parse("2099-01-01") == datetime.date(2099, 1, 1)


def test_dates_written():
    day = datetime.date(2024, 3, 1)
    assert Date().to_cell(day, XLSX) == day
    assert Date().to_cell(day, CSV) == "2024-03-01"
    assert Date().to_cell(None, CSV) == ""


@pytest.mark.parametrize(
    ("raw", "expected"), [("28", 28), (28, 28), (28.0, 28), ("0", 0), ("", None)]
)
def test_numbers_read(raw, expected):
    assert Number(0, 120).parse(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [("121", "out of range"), ("-1", "out of range"), ("2.5", "whole number"), ("ten", "whole")],
)
def test_bad_numbers(raw, message):
    with pytest.raises(CellError, match=message):
        Number(0, 120).parse(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(True, True), ("TRUE", True), ("yes", True), ("1", True), ("是", True), (False, False),
     ("FALSE", False), ("no", False), ("0", False), ("", None)],
)  # fmt: skip
def test_checkboxes(raw, expected):
    assert Checkbox().parse(raw) is expected


def test_bad_checkbox():
    with pytest.raises(CellError, match="not TRUE or FALSE"):
        Checkbox().parse("maybe")


def test_checkbox_written():
    assert Checkbox().to_cell(True, XLSX) is True
    assert Checkbox().to_cell(None, CSV) == "FALSE"


def test_picklist_reads_codes_labels_and_refuses_others():
    status = BY_CODE["vic_TraffickingStatus"].converter
    assert status.parse("ActualVictimOfTrafficking") == "ActualVictimOfTrafficking"
    assert status.parse("actual victim of trafficking") == "ActualVictimOfTrafficking"
    assert BY_CODE["cas_Status"].converter.parse("Follow up") == "FollowUp"
    with pytest.raises(CellError) as caught:
        status.parse("Victim")
    message = str(caught.value)
    assert "“Victim”" in message
    assert "PossibleVictimOfTrafficking, ActualVictimOfTrafficking" in message


def test_single_picklist_takes_one_value_but_reads_labels_with_semicolons():
    industry = BY_CODE["vic_ForcedLabourIndustry"].converter
    label = "Water supply; sewerage, waste management and remediation"
    assert industry.parse(label) == "E_WaterSupplySewerageWasteManagement"
    with pytest.raises(CellError, match="one value only"):
        industry.parse("F_Construction; C_Manufacturing")


def test_multiselect_separators_and_labels():
    control = BY_CODE["vic_MethodsOfControl"].converter
    assert control.parse("DebtBondage; WithholdsDocuments") == ["DebtBondage", "WithholdsDocuments"]
    assert control.parse("Debt bondage;Threats of law enforcement；DebtBondage") == [
        "DebtBondage",
        "ThreatsLawEnforcement",
    ]
    assert control.to_cell(["DebtBondage", "Other"], CSV) == "DebtBondage; Other"
    with pytest.raises(CellError, match="“Beatings” is not allowed"):
        control.parse("DebtBondage; Beatings")


def test_countries():
    assert Countries().parse("CN; Viet Nam; DEU; thailand") == ["CN", "VN", "DE", "TH"]
    assert Countries().to_cell(["CN", "DE"], CSV) == "CN; DE"
    assert Country().parse("Germany") == "DE"
    with pytest.raises(CellError, match="not a country"):
        Countries().parse("CN; Atlantis")


def test_languages():
    assert LANGUAGE.parse("zho") == "zh-hans"
    assert LANGUAGE.parse("chi") == "zh-hans"
    assert LANGUAGE.parse("zh") == "zh-hans"
    assert LANGUAGE.parse("ENG") == "en"
    assert LANGUAGE.parse("vi") == "vi"
    assert LANGUAGE.to_cell("zh-hans", CSV) == "zho"
    assert LANGUAGE.to_cell("es", CSV) == "spa"
    with pytest.raises(CellError, match="not a language code"):
        LANGUAGE.parse("klingon")


def test_identity_numbers():
    assert TextList().parse("E123; G456 ") == ["E123", "G456"]
    assert TextList().to_cell(["E123", "G456"], CSV) == "E123; G456"


# --- Formula injection --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+86 138", "'+86 138"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=already quoted", "''=already quoted"),
        ("plain", "plain"),
        ("it's", "it's"),
        ("", ""),
        (5, 5),
    ],
)
def test_neutralise_and_restore(value, written):
    assert neutralise(value) == written
    assert restore(written) == value
