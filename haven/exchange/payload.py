"""What a transnational referral carries: the fields of a case the agreement allows,
as plain JSON values; their validation on arrival; how they are shown; and how an
accepted referral becomes a person and a case at the receiving node."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django_countries import countries

from haven.cases.models import Case, RiskLevel
from haven.cases.vocab import (
    EventType,
    ExploitationType,
    Gender,
    TraffickingStatus,
    Vulnerability,
)
from haven.exchange.vocab import Field

MAX_TEXT = 4000
MAX_ITEMS = 50


def _iso(value: datetime.date | None) -> str:
    return value.isoformat() if value else ""


def extract(case: Case, codes: list[str], message: str = "") -> dict[str, Any]:
    """The values of ``codes`` for ``case`` (only those: nothing else leaves)."""
    person = case.person
    getters: dict[str, Any] = {
        Field.FAMILY_NAME: lambda: person.family_name or "",
        Field.GIVEN_NAMES: lambda: person.given_names or "",
        Field.ALIASES: lambda: [str(a) for a in (person.aliases or [])],
        Field.BIRTH_DATE: lambda: _iso(person.birth_date),
        Field.SEX: lambda: person.sex,
        Field.CITIZENSHIP: lambda: [str(c) for c in person.citizenship],
        Field.LANGUAGES: lambda: [str(lang) for lang in (person.languages or [])],
        Field.IDENTITY_DOCUMENTS: lambda: [
            {str(k): str(v) for k, v in item.items()} for item in (person.identity_documents or [])
        ],
        Field.CONTACTS: lambda: {str(k): str(v) for k, v in (person.contacts or {}).items()},
        Field.CHILD: lambda: {"is_child": case.is_child, "presumed": case.child_presumed},
        Field.GUARDIAN: lambda: case.guardian or "",
        Field.TRAFFICKING_STATUS: lambda: case.trafficking_status,
        Field.EXPLOITATION_TYPES: lambda: list(case.exploitation_types),
        Field.RECRUITMENT_COUNTRY: lambda: str(case.recruitment_country or ""),
        Field.EXPLOITATION_COUNTRY: lambda: str(case.exploitation_country or ""),
        Field.VULNERABILITIES: lambda: list(case.vulnerabilities),
        Field.RISK_LEVEL: lambda: case.risk_level,
        Field.EVENTS: lambda: [
            {
                "type": e.type,
                "date": _iso(e.date),
                "country": str(e.country or ""),
                "city": e.city,
            }
            for e in case.events.all()
        ],
        Field.MESSAGE: lambda: message.strip(),
    }
    return {code: getters[code]() for code in codes}


# ---------------------------------------------------------------------------------------------
# Validation on arrival: every value must have the shape its field promises.


def _text(value: Any, limit: int = 300) -> bool:
    return isinstance(value, str) and len(value) <= limit


def _texts(value: Any, allowed: Any = None) -> bool:
    return (
        isinstance(value, list)
        and len(value) <= MAX_ITEMS
        and all(_text(v) and (allowed is None or v in allowed) for v in value)
    )


def _date(value: Any) -> bool:
    if value == "":
        return True
    try:
        datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def _country(value: Any) -> bool:
    return value == "" or (isinstance(value, str) and value in countries)


def _mapping(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and len(value) <= MAX_ITEMS
        and all(_text(k, 60) and _text(v) for k, v in value.items())
    )


def _child(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and set(value) == {"is_child", "presumed"}
        and all(isinstance(v, bool) for v in value.values())
    )


def _event(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and set(value) <= {"type", "date", "country", "city"}
        and value.get("type") in EventType.values
        and _date(value.get("date", ""))
        and _country(value.get("country", ""))
        and _text(value.get("city", ""), 120)
    )


CHECKS: dict[str, Any] = {
    Field.FAMILY_NAME: lambda v: _text(v, 200),
    Field.GIVEN_NAMES: lambda v: _text(v, 200),
    Field.ALIASES: _texts,
    Field.BIRTH_DATE: _date,
    Field.SEX: lambda v: v in Gender.values,
    Field.CITIZENSHIP: lambda v: isinstance(v, list) and all(_country(c) and c for c in v),
    Field.LANGUAGES: _texts,
    Field.IDENTITY_DOCUMENTS: lambda v: (
        isinstance(v, list) and len(v) <= MAX_ITEMS and all(_mapping(i) for i in v)
    ),
    Field.CONTACTS: _mapping,
    Field.CHILD: _child,
    Field.GUARDIAN: _text,
    Field.TRAFFICKING_STATUS: lambda v: v in TraffickingStatus.values,
    Field.EXPLOITATION_TYPES: lambda v: _texts(v, ExploitationType.values),
    Field.RECRUITMENT_COUNTRY: _country,
    Field.EXPLOITATION_COUNTRY: _country,
    Field.VULNERABILITIES: lambda v: _texts(v, Vulnerability.values),
    Field.RISK_LEVEL: lambda v: v in RiskLevel.values,
    Field.EVENTS: lambda v: (
        isinstance(v, list) and len(v) <= MAX_ITEMS and all(_event(e) for e in v)
    ),
    Field.MESSAGE: lambda v: _text(v, MAX_TEXT),
}


def invalid_fields(values: Any) -> list[str]:
    """Names of the values that are unknown or do not have their field's shape."""
    if not isinstance(values, dict):
        return ["*"]
    return sorted(k for k, v in values.items() if k not in CHECKS or not CHECKS[k](v))


# ---------------------------------------------------------------------------------------------
# Display


@dataclass(frozen=True)
class Row:
    code: str
    label: str
    value: str
    items: list[str] = field(default_factory=list)


def _label(choices: Any, code: str) -> str:
    return str(dict(choices).get(code, code))


def _country_name(code: str) -> str:
    return str(countries.name(code)) if code else "–"


def _display(code: str, value: Any) -> tuple[str, list[str]]:
    if code == Field.SEX:
        return _label(Gender.choices, value), []
    if code == Field.TRAFFICKING_STATUS:
        return _label(TraffickingStatus.choices, value), []
    if code == Field.RISK_LEVEL:
        return _label(RiskLevel.choices, value), []
    if code in (Field.RECRUITMENT_COUNTRY, Field.EXPLOITATION_COUNTRY):
        return _country_name(value), []
    if code == Field.CITIZENSHIP:
        return "", [_country_name(c) for c in value]
    if code == Field.EXPLOITATION_TYPES:
        return "", [_label(ExploitationType.choices, c) for c in value]
    if code == Field.VULNERABILITIES:
        return "", [_label(Vulnerability.choices, c) for c in value]
    if code == Field.CHILD:
        if not value.get("is_child"):
            return _("No"), []
        return (_("Presumed child (age uncertain)") if value.get("presumed") else _("Yes")), []
    if code == Field.IDENTITY_DOCUMENTS:
        return "", [", ".join(f"{k}: {v}" for k, v in item.items()) for item in value]
    if code == Field.CONTACTS:
        return "", [f"{k}: {v}" for k, v in value.items()]
    if code == Field.EVENTS:
        return "", [
            " ".join(
                part
                for part in (
                    _label(EventType.choices, e.get("type", "")),
                    e.get("date", ""),
                    e.get("city", ""),
                    _country_name(e.get("country", "")) if e.get("country") else "",
                )
                if part
            )
            for e in value
        ]
    if isinstance(value, list):
        return "", [str(v) for v in value]
    return str(value), []


def rows(values: dict[str, Any]) -> list[Row]:
    """The values in the catalogue's order, labelled for a page."""
    result = []
    for code, label in Field.choices:
        if code in values:
            text, items = _display(code, values[code])
            result.append(Row(code=code, label=str(label), value=text or "", items=items))
    return result


# ---------------------------------------------------------------------------------------------
# Acceptance: the receiving node's new person and case


@dataclass
class Records:
    person: dict[str, Any]
    case: dict[str, Any]
    events: list[dict[str, Any]]
    reasons_to_believe_child: bool


def to_records(values: dict[str, Any]) -> Records:
    person: dict[str, Any] = {}
    case: dict[str, Any] = {}
    for code in (Field.FAMILY_NAME, Field.GIVEN_NAMES, Field.SEX):
        if values.get(code):
            person[code] = values[code]
    for code in (Field.ALIASES, Field.CITIZENSHIP, Field.LANGUAGES, Field.IDENTITY_DOCUMENTS):
        if values.get(code):
            person[code] = list(values[code])
    if values.get(Field.CONTACTS):
        person["contacts"] = dict(values[Field.CONTACTS])
    if values.get(Field.BIRTH_DATE):
        person["birth_date"] = datetime.date.fromisoformat(values[Field.BIRTH_DATE])
    child = values.get(Field.CHILD) or {}
    believed_child = bool(child.get("is_child"))
    if believed_child and "birth_date" not in person:
        person["age_uncertain"] = True
    for code in (Field.RECRUITMENT_COUNTRY, Field.EXPLOITATION_COUNTRY, Field.RISK_LEVEL):
        if values.get(code):
            case[code] = values[code]
    for code in (Field.EXPLOITATION_TYPES, Field.VULNERABILITIES):
        if values.get(code):
            case[code] = list(values[code])
    if values.get(Field.GUARDIAN):
        case["guardian"] = values[Field.GUARDIAN]
    # The receiving organisation decides the trafficking status itself; only "possible"
    # (the default) is carried over.
    events = [
        {
            "type": e["type"],
            "date": datetime.date.fromisoformat(e["date"]) if e.get("date") else None,
            "country": e.get("country", ""),
            "city": e.get("city", ""),
        }
        for e in values.get(Field.EVENTS) or []
    ]
    return Records(person=person, case=case, events=events, reasons_to_believe_child=believed_child)
