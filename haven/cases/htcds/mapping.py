"""THE mapping between HTCDS 2.0 columns and Haven's fields: one table, read by both the
exporter and the importer (DESIGN section 2). Add a supported column here and nowhere else.

Each ``Column`` says which HTCDS column (code and label), which converter reads and writes
its cells (``converters``), and where the value lives in Haven: an entity (person, case,
consent, trafficking event, support plan) and a field, optionally a key inside a JSON field.

Layout (see ``layout()``):

* **Case sheet**: IOM's template columns first, in the template's order and with its two
  header rows copied verbatim (codes, labels), unsupported template columns left empty; then
  the columns Haven adds: further HTCDS fields the template lacks, and a few ``hvn_`` columns
  for facts Haven needs that HTCDS has no column for (the case reference that links events and
  plans to their case, age estimate, consent details, the date of the status decision).
* **Historic trafficking events** and **support plans** can be several per case. XLSX: one
  sheet each, one row per event/plan, linked by ``hvn_CaseReference``. CSV (one table): the
  ``hte_``/``spl_`` columns follow the case columns; a case's first row carries its first
  event and plan, and *continuation rows* (the same ``hvn_CaseReference``, case columns
  empty) carry the others.
* Multi-select values are joined with ``; `` (what IOM's multi-select template macro writes).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf.locale import LANG_INFO
from django.db.models import TextChoices

from haven.cases import vocab
from haven.cases.htcds import template
from haven.cases.htcds.converters import (
    Checkbox,
    Converter,
    Countries,
    Country,
    Date,
    Language,
    Multiselect,
    Number,
    Picklist,
    Text,
    TextList,
)
from haven.cases.models import ClosureReason, Method, Stage


class Entity(enum.StrEnum):
    PERSON = "person"
    CASE = "case"
    CONSENT = "consent"  # the assistance consent in force (HTCDS con_Consent)
    EVENT = "event"
    PLAN = "plan"


class Sheet(enum.StrEnum):
    CASES = "cases"
    EVENTS = "events"
    PLANS = "plans"


SHEET_NAMES = {
    Sheet.CASES: template.CASE_SHEET,
    Sheet.EVENTS: "Historic Trafficking Events",
    Sheet.PLANS: "Support Plans",
}
SHEET_OF = {
    Entity.PERSON: Sheet.CASES,
    Entity.CASE: Sheet.CASES,
    Entity.CONSENT: Sheet.CASES,
    Entity.EVENT: Sheet.EVENTS,
    Entity.PLAN: Sheet.PLANS,
}


# --- Where a value lives in Haven ---------------------------------------------------------


@dataclass(frozen=True)
class Attr:
    """A model field (or property, export only)."""

    name: str

    def get(self, obj: Any) -> Any:
        return getattr(obj, self.name)

    def put(self, kwargs: dict[str, Any], value: Any) -> None:
        kwargs[self.name] = value


@dataclass(frozen=True)
class DictKey:
    """One key of a JSON object field: ``contacts["email"]``."""

    name: str
    key: str

    def get(self, obj: Any) -> Any:
        return (getattr(obj, self.name) or {}).get(self.key, "")

    def put(self, kwargs: dict[str, Any], value: Any) -> None:
        kwargs.setdefault(self.name, {})
        if value:
            kwargs[self.name][self.key] = value


@dataclass(frozen=True)
class ListItem:
    """One position of a JSON list field: ``languages[0]`` (primary), ``languages[1]``."""

    name: str
    index: int

    def get(self, obj: Any) -> Any:
        items = getattr(obj, self.name) or []
        return items[self.index] if len(items) > self.index else ""

    def put(self, kwargs: dict[str, Any], value: Any) -> None:
        items = kwargs.setdefault(self.name, [])
        if value and value not in items:
            items.append(value)  # columns are read in table order: primary first


@dataclass(frozen=True)
class ItemKey:
    """One key of every object in a JSON list field: the numbers of ``identity_documents``."""

    name: str
    key: str

    def get(self, obj: Any) -> Any:
        return [item.get(self.key, "") for item in getattr(obj, self.name) or []]

    def put(self, kwargs: dict[str, Any], value: Any) -> None:
        kwargs[self.name] = [{self.key: item} for item in value or []]


Accessor = Attr | DictKey | ListItem | ItemKey


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one object per column
class Column:
    code: str  # the HTCDS code (standard spelling); "hvn_" for Haven's own columns
    label: str  # English label, as in the standard's field list / IOM's template
    converter: Converter
    entity: Entity
    at: Accessor
    required: bool = False  # checked on import ("required core fields")
    header: str = ""  # spelling written in the header row when the template's differs

    @property
    def written(self) -> str:
        return self.header or self.code

    @property
    def sheet(self) -> Sheet:
        return SHEET_OF[self.entity]

    @property
    def field(self) -> str:
        return self.at.name

    def get(self, sources: Mapping[Entity, Any]) -> Any:
        obj = sources.get(self.entity)
        return None if obj is None else self.at.get(obj)

    def put(self, kwargs: dict[Entity, dict[str, Any]], value: Any) -> None:
        self.at.put(kwargs.setdefault(self.entity, {}), value)


# --- Languages (HTCDS: ISO 639-2; Haven: its own codes such as zh-hans) ---------------------

#: Haven language code -> ISO 639-2/T code written on export.
LANGUAGE_TO_ISO = {
    "zh-hans": "zho",
    "en": "eng",
    "vi": "vie",
    "th": "tha",
    "my": "mya",
    "km": "khm",
    "lo": "lao",
    "ru": "rus",
    "uk": "ukr",
    "ro": "ron",
    "bg": "bul",
    "de": "deu",
    "nl": "nld",
    "fr": "fra",
    "es": "spa",
    "it": "ita",
    "pl": "pol",
    "ar": "ara",
    "tl": "tgl",
    "id": "ind",
    "mn": "mon",
    "ko": "kor",
    "ja": "jpn",
    "pt": "por",
    "ne": "nep",
    "hi": "hin",
    "bn": "ben",
    "ur": "urd",
    "uz": "uzb",
    "ms": "msa",
    "tr": "tur",
    "fa": "fas",
    "sq": "sqi",
    "sw": "swa",
    "am": "amh",
    "ti": "tir",
    "so": "som",
    "ha": "hau",
    "yo": "yor",
    "ig": "ibo",
}
#: Codes read on import -> Haven code: ISO 639-2/T and /B, and Chinese variants.
LANGUAGE_FROM_ISO = {
    **{iso: haven for haven, iso in LANGUAGE_TO_ISO.items()},
    "chi": "zh-hans",
    "zh": "zh-hans",
    "zh-cn": "zh-hans",
    "zh-sg": "zh-hans",
    "bur": "my",
    "rum": "ro",
    "ger": "de",
    "dut": "nl",
    "fre": "fr",
    "fil": "tl",
    "may": "ms",
    "per": "fa",
    "alb": "sq",
}
LANGUAGE = Language(
    haven_to_iso=LANGUAGE_TO_ISO,
    iso_to_haven=LANGUAGE_FROM_ISO,
    known=tuple(sorted({*LANG_INFO, *LANGUAGE_TO_ISO})),
)


def _picklist(code: str, choices: type[TextChoices]) -> Picklist:
    return Picklist(tuple(choices.values), template.LIST_LABELS.get(code, ()))


def _multi(code: str, choices: type[TextChoices]) -> Multiselect:
    return Multiselect(tuple(choices.values), template.LIST_LABELS.get(code, ()))


P, C, K = Entity.PERSON, Entity.CASE, Entity.CONSENT
E, S = Entity.EVENT, Entity.PLAN
REFERENCE = "hvn_CaseReference"

# fmt: off
COLUMNS: tuple[Column, ...] = (
    # --- columns of IOM's template (written at the template's positions) ---
    Column("prs_FirstName", "First Name", Text(), P, Attr("given_names")),
    Column("prs_SecondName", "Second Name", Text(), P, Attr("family_name")),
    Column("con_Consent", "Consent", Checkbox(), K, Attr("given"), required=True),
    Column("prs_Birthdate", "Birthdate", Date(past=True), P, Attr("birth_date")),
    Column("prs_Gender", "Gender", _picklist("prs_Gender", vocab.Gender), P, Attr("sex"),
           required=True),
    Column("prs_Citizenship", "Citizenship", Countries(), P, Attr("citizenship")),
    Column("prs_Email", "Email", Text(), P, DictKey("contacts", "email")),
    Column("prs_MobilePhone", "Mobile Phone", Text(), P, DictKey("contacts", "phone")),
    Column("vic_TraffickingStatus", "Trafficking Status",
           _picklist("vic_TraffickingStatus", vocab.TraffickingStatus), C,
           Attr("trafficking_status"), required=True),
    Column("vic_TraffickingStatusDecisionMakingOrg",
           "Trafficking Status Decision Making Organization",
           _picklist("vic_TraffickingStatusDecisionMakingOrg", vocab.DecisionMaker), C,
           Attr("status_decided_by"), header="vic_TraffickinStatusDecisionMakingOrg"),
    Column("vic_MethodOfRecruitment", "Method of Recruitment",
           _multi("vic_MethodOfRecruitment", vocab.RecruitmentMethod), C,
           Attr("recruitment_methods")),
    Column("vic_MethodsOfControl", "Methods of Control",
           _multi("vic_MethodsOfControl", vocab.ControlMethod), C, Attr("methods_of_control")),
    Column("vic_TypeOfExploitation", "Type of Exploitation",
           _multi("vic_TypeOfExploitation", vocab.ExploitationType), C,
           Attr("exploitation_types"), required=True),
    Column("vic_ForcedLabourIndustry", "Forced Labour Industry",
           _picklist("vic_ForcedLabourIndustry", vocab.Industry), C,
           Attr("forced_labour_industry")),
    Column("vic_TypeOfSexExploitation", "Type of Sex Exploitation",
           _multi("vic_TypeOfSexExploitation", vocab.SexExploitationType), C,
           Attr("sex_exploitation_types")),
    # Export: derived from Case.htcds_status; import: STATUS_STAGES below.
    Column("cas_Status", "Status", _picklist("cas_Status", vocab.HtcdsCaseStatus), C,
           Attr("htcds_status")),
    # --- added after the template's columns ---
    # Haven's case reference: links event/plan rows to their case; a new one is given on import.
    Column(REFERENCE, "Haven case reference", Text(), C, Attr("reference")),
    Column("hvn_EstimatedAge", "Age (estimated if unknown)", Number(0, 120), P,
           Attr("estimated_age")),
    Column("hvn_AgeUncertain", "Age is uncertain", Checkbox(), P, Attr("age_uncertain")),
    # Export: the case's presumption of childhood; import: reasons_to_believe_child.
    Column("hvn_PresumedChild", "Presumed child (age uncertain)", Checkbox(), C,
           Attr("child_presumed")),
    Column("prs_PrimaryLanguage", "Primary Language", LANGUAGE, P, ListItem("languages", 0)),
    Column("prs_SecondaryLanguage", "Secondary Language", LANGUAGE, P,
           ListItem("languages", 1)),
    Column("prs_IdentityNumber", "Identity Number", TextList(), P,
           ItemKey("identity_documents", "number")),
    Column("hvn_TraffickingStatusDecisionDate", "Trafficking Status Decision Date",
           Date(past=True), C, Attr("status_decided_on")),
    Column("vic_RelationshipToTrafficker", "Relationship to Trafficker",
           _picklist("vic_RelationshipToTrafficker", vocab.Relationship), C,
           Attr("relationship_to_trafficker")),
    Column("vic_AgeWhenTrafficked", "Age when Trafficked", Number(0, 120), C,
           Attr("age_when_trafficked")),
    Column("vic_RecruitmentWebsitesAndApps", "Recruitment Websites and Apps",
           _multi("vic_RecruitmentWebsitesAndApps", vocab.Platform), C,
           Attr("recruitment_platforms")),
    Column("vic_ExploitationWebsitesAndApps", "Exploitation Websites and Apps",
           _multi("vic_ExploitationWebsitesAndApps", vocab.Platform), C,
           Attr("exploitation_platforms")),
    Column("vic_Vulnerabilities", "Vulnerabilities",
           _multi("vic_Vulnerabilities", vocab.Vulnerability), C, Attr("vulnerabilities")),
    Column("vic_DetailsOfVulnerabilities", "Details Of Vulnerabilities", Text(), C,
           Attr("vulnerability_details")),
    Column("hvn_ConsentMethod", "Consent: how it was given",
           Picklist(tuple(Method.values)), K, Attr("method")),
    Column("hvn_ConsentLanguage", "Consent: language", LANGUAGE, K, Attr("language")),
    Column("hvn_ConsentDate", "Consent: date", Date(past=True), K, Attr("decided_on")),
    Column("hvn_ConsentGuardian", "Consent: guardian (for a child)", Text(), K,
           Attr("guardian")),
    # --- historic trafficking events (one per row) ---
    Column("hte_Type", "Type", _picklist("hte_Type", vocab.EventType), E, Attr("type")),
    Column("hte_Date", "Date", Date(), E, Attr("date")),
    Column("hte_Country", "Country", Country(), E, Attr("country")),
    Column("hte_State", "State", Text(), E, Attr("state")),
    Column("hte_City", "City", Text(), E, Attr("city")),
    Column("hte_Street", "Street", Text(), E, Attr("street")),
    Column("hte_Description", "Description", Text(), E, Attr("description")),
    # --- support plans (one per row) ---
    Column("spl_Type", "Type", _picklist("spl_Type", vocab.SupportPlanType), S, Attr("type")),
    Column("spl_Objectives", "Objectives", Text(), S, Attr("objectives")),
    Column("spl_ActionPlan", "Action Plan", Text(), S, Attr("action_plan")),
    Column("spl_PlannedEndDate", "Planned End Date", Date(), S, Attr("planned_end_on")),
    Column("spl_ActualEndDate", "Actual End Date", Date(), S, Attr("actual_end_on")),
)
# fmt: on

BY_CODE: dict[str, Column] = {c.code: c for c in COLUMNS}
#: Every spelling accepted in a header row (standard code, template spelling), lower case.
BY_HEADER: dict[str, Column] = {
    **{c.code.casefold(): c for c in COLUMNS},
    **{c.header.casefold(): c for c in COLUMNS if c.header},
}
REFERENCE_COLUMN = BY_CODE[REFERENCE]

#: On import, ``cas_Status`` decides the workflow moves after ``case_open`` (which starts at
#: ``identified``) and, for closed cases, the closure reason. ``Case.htcds_status`` is the
#: reverse (export).
STATUS_STAGES: dict[str, tuple[str, ...]] = {
    vocab.HtcdsCaseStatus.ACTIVE: (),
    vocab.HtcdsCaseStatus.FOLLOW_UP: (Stage.ASSISTANCE, Stage.RETURN),
    vocab.HtcdsCaseStatus.CLOSED: (Stage.CLOSED,),
    vocab.HtcdsCaseStatus.CLOSED_REFERRED: (Stage.CLOSED,),
}
STATUS_CLOSURE: dict[str, str] = {
    vocab.HtcdsCaseStatus.CLOSED: ClosureReason.OTHER,
    vocab.HtcdsCaseStatus.CLOSED_REFERRED: ClosureReason.REFERRED,
}


@dataclass(frozen=True)
class Slot:
    """One column of a sheet as written: header code, label, and the mapped column (or None
    for the row-number column and template columns Haven does not fill)."""

    code: str
    label: str
    column: Column | None


def _slot(column: Column) -> Slot:
    return Slot(column.written, column.label, column)


def layout(sheet: Sheet) -> tuple[Slot, ...]:
    """The columns of one XLSX sheet, in order (column A is the row number, as in IOM's)."""
    if sheet == Sheet.CASES:
        by_written = {c.written: c for c in COLUMNS}
        slots = [
            Slot(code, label, by_written.get(code) if code else None)
            for code, label in zip(template.HEADER_CODES, template.HEADER_LABELS, strict=True)
        ]
        placed = {s.column.code for s in slots if s.column}
        extra = [c for c in COLUMNS if c.sheet == Sheet.CASES and c.code not in placed]
        return (*slots, *(_slot(c) for c in extra))
    own = [c for c in COLUMNS if c.sheet == sheet]
    return (Slot("", "", None), _slot(REFERENCE_COLUMN), *(_slot(c) for c in own))


def csv_layout() -> tuple[Slot, ...]:
    """The single CSV table: the case sheet's columns, then the event and plan columns."""
    extra = [s for sheet in (Sheet.EVENTS, Sheet.PLANS) for s in layout(sheet)[2:]]
    return (*layout(Sheet.CASES), *extra)


def column_for(entity: Entity, field: str) -> Column | None:
    """The column holding ``field`` of ``entity`` (to point service errors at a column)."""
    return next((c for c in COLUMNS if c.entity == entity and c.field == field), None)
