"""Plain projections of referrals for pages and the API.

The receiving organisation never gets a ``Case`` or ``Person`` object: ``build_shared_case``
copies into frozen dataclasses exactly the sections the referral may show now, so a template
or serializer cannot reach anything outside the scope.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.utils.translation import gettext as _

from haven.accounts.forms import WORKING_LANGUAGES
from haven.cases import vocab as case_vocab
from haven.cases.models import Assessment, Document, RiskLevel
from haven.referrals.consent import sharing_consented
from haven.referrals.models import Referral, Service
from haven.referrals.vocab import Category, Scope, Status, Urgency

LANGUAGE_LABELS = dict(WORKING_LANGUAGES)
AGE_BANDS = ((12, "0–11"), (18, "12–17"), (25, "18–24"), (35, "25–34"), (50, "35–49"))


def language_labels(codes: list[str]) -> list[str]:
    return [str(LANGUAGE_LABELS.get(code, code)) for code in codes or []]


def _labels(choices: Any, codes: list[str]) -> list[str]:
    names = dict(choices)
    return [str(names.get(code, code)) for code in codes or []]


def age_band(age: int | None) -> str:
    if age is None:
        return _("Unknown")
    for limit, label in AGE_BANDS:
        if age < limit:
            return label
    return _("50 and over")


@dataclass(frozen=True)
class ServiceItem:
    id: UUID
    category: str
    category_label: str
    region: str
    languages: list[str]
    contact: str


def service_item(service: Service) -> ServiceItem:
    return ServiceItem(
        id=service.pk,
        category=service.category,
        category_label=str(Category(service.category).label)
        if service.category in Category.values
        else service.category,
        region=service.region,
        languages=language_labels(service.languages),
        contact=service.contact,
    )


@dataclass(frozen=True)
class Summary:
    """One referral in a list: the case reference, never more of the case."""

    id: UUID
    reference: str
    from_organisation: str
    from_organisation_id: UUID
    to_organisation: str
    to_organisation_id: UUID
    services: list[ServiceItem]
    urgency: str
    urgency_label: str
    reason: str
    reason_label: str
    status: str
    status_label: str
    sent_at: datetime.datetime
    respond_by: datetime.datetime
    overdue: bool


def summary(referral: Referral, reference: str | None = None) -> Summary:
    return Summary(
        id=referral.pk,
        reference=reference or getattr(referral, "case_reference", "") or "",
        from_organisation=referral.from_organisation.display_name,
        from_organisation_id=referral.from_organisation_id,
        to_organisation=referral.to_organisation.display_name,
        to_organisation_id=referral.to_organisation_id,
        services=[service_item(s) for s in referral.services.all()],
        urgency=referral.urgency,
        urgency_label=str(Urgency(referral.urgency).label),
        reason=referral.reason,
        reason_label=referral.get_reason_display(),
        status=referral.status,
        status_label=str(Status(referral.status).label),
        sent_at=referral.sent_at,
        respond_by=referral.respond_by,
        overdue=referral.is_overdue,
    )


def summaries(referrals: Any) -> list[Summary]:
    return [summary(r) for r in referrals]


@dataclass(frozen=True)
class Basic:
    reference: str
    sex: str
    age_band: str
    languages: list[str]
    is_child: bool
    child_presumed: bool


@dataclass(frozen=True)
class Identity:
    family_name: str
    given_names: str
    aliases: list[str]
    birth_date: datetime.date | None
    citizenship: list[str]


@dataclass(frozen=True)
class Contacts:
    contacts: list[dict[str, str]]
    guardian: str


@dataclass(frozen=True)
class Event:
    type: str
    date: datetime.date | None
    country: str
    state: str
    city: str
    description: str


@dataclass(frozen=True)
class Exploitation:
    trafficking_status: str
    exploitation_types: list[str]
    sex_exploitation_types: list[str]
    forced_labour_industry: str
    methods_of_control: list[str]
    recruitment_methods: list[str]
    recruitment_country: str
    exploitation_country: str
    events: list[Event]


@dataclass(frozen=True)
class AssessmentItem:
    kind: str
    level: str
    areas: list[str]
    rating: str
    assessed_on: datetime.date
    notes: str


@dataclass(frozen=True)
class PlanItem:
    type: str
    objectives: str
    planned_end_on: datetime.date | None


@dataclass(frozen=True)
class Needs:
    vulnerabilities: list[str]
    risk_level: str
    assessments: list[AssessmentItem]
    plans: list[PlanItem]


@dataclass(frozen=True)
class DocumentItem:
    id: UUID
    kind: str
    content_type: str
    size: int
    added_on: datetime.date


@dataclass(frozen=True)
class Documents:
    files: list[DocumentItem]
    identity_documents: list[dict[str, str]]


@dataclass(frozen=True)
class SharedCase:
    referral: Summary
    agreed_scopes: list[str]
    visible_scopes: list[str]
    restriction: str  # "", "not_accepted", "consent", "closed"
    basic: Basic
    message: str = ""
    decline_reason: str = ""
    withdraw_reason: str = ""
    identity: Identity | None = None
    contacts: Contacts | None = None
    exploitation: Exploitation | None = None
    needs: Needs | None = None
    documents: Documents | None = None
    scope_labels: list[str] = field(default_factory=list)


def visible_scopes(referral: Referral) -> tuple[list[str], str]:
    """The scopes readable now, and why the rest (if any) are held back."""
    if referral.status == Status.SENT:
        return [Scope.BASIC.value], "not_accepted"
    if referral.status in (Status.DECLINED, Status.WITHDRAWN):
        return [Scope.BASIC.value], "closed"
    if not sharing_consented(referral.case, referral.from_organisation, referral.to_organisation):
        return [Scope.BASIC.value], "consent"
    return list(referral.scopes), ""


def _strings(items: Any) -> list[str]:
    return [str(item) for item in items or []]


def _pairs(data: Any) -> list[dict[str, str]]:
    if isinstance(data, dict):
        return [{"kind": str(k), "value": str(v)} for k, v in data.items() if v]
    return [
        {
            "kind": str(item.get("kind", item.get("type", ""))),
            # identity documents are stored as {"type", "number"}, contacts as {"kind", "value"}
            "value": str(item.get("value", item.get("number", ""))),
        }
        if isinstance(item, dict)
        else {"kind": "", "value": str(item)}
        for item in data or []
    ]


def _identity(person: Any) -> Identity:
    return Identity(
        family_name=person.family_name,
        given_names=person.given_names,
        aliases=_strings(person.aliases),
        birth_date=person.birth_date,
        citizenship=[str(c.name) for c in person.citizenship],
    )


def _exploitation(case: Any) -> Exploitation:
    return Exploitation(
        trafficking_status=case.get_trafficking_status_display(),
        exploitation_types=_labels(case_vocab.ExploitationType.choices, case.exploitation_types),
        sex_exploitation_types=_labels(
            case_vocab.SexExploitationType.choices, case.sex_exploitation_types
        ),
        forced_labour_industry=case.get_forced_labour_industry_display(),
        methods_of_control=_labels(case_vocab.ControlMethod.choices, case.methods_of_control),
        recruitment_methods=_labels(case_vocab.RecruitmentMethod.choices, case.recruitment_methods),
        recruitment_country=str(case.recruitment_country.name or ""),
        exploitation_country=str(case.exploitation_country.name or ""),
        events=[
            Event(
                type=e.get_type_display(),
                date=e.date,
                country=str(e.country.name or ""),
                state=e.state,
                city=e.city,
                description=e.description,
            )
            for e in case.events.all()
        ],
    )


def _needs(case: Any) -> Needs:
    return Needs(
        vulnerabilities=_labels(case_vocab.Vulnerability.choices, case.vulnerabilities),
        risk_level=str(RiskLevel(case.risk_level).label),
        assessments=[
            AssessmentItem(
                kind=str(Assessment.Kind(a.kind).label),
                level=str(Assessment.Level(a.level).label),
                areas=_strings(a.areas),
                rating=a.rating,
                assessed_on=a.assessed_on,
                notes=a.notes,
            )
            for a in case.assessments.all()
        ],
        plans=[
            PlanItem(
                type=p.get_type_display(), objectives=p.objectives, planned_end_on=p.planned_end_on
            )
            for p in case.plans.all()
        ],
    )


def _documents(case: Any) -> Documents:
    files = Document.objects.filter(case=case).defer("blob", "name").order_by("created_at")
    return Documents(
        files=[
            DocumentItem(
                id=d.pk,
                kind=str(Document.Kind(d.kind).label),
                content_type=d.content_type,
                size=d.size,
                added_on=d.created_at.date(),
            )
            for d in files
        ],
        identity_documents=_pairs(case.person.identity_documents),
    )


def build_shared_case(referral: Referral) -> SharedCase:
    case = referral.case
    person = case.person
    scopes, restriction = visible_scopes(referral)
    beyond_basic = restriction == ""
    return SharedCase(
        referral=summary(referral, reference=case.reference),
        agreed_scopes=list(referral.scopes),
        visible_scopes=scopes,
        restriction=restriction,
        scope_labels=_labels(Scope.choices, list(referral.scopes)),
        basic=Basic(
            reference=case.reference,
            sex=person.get_sex_display(),
            age_band=age_band(person.estimated_age),
            languages=language_labels(person.languages),
            is_child=case.is_child,
            child_presumed=case.child_presumed,
        ),
        message=referral.message if beyond_basic else "",
        decline_reason=referral.decline_reason,
        withdraw_reason=referral.withdraw_reason,
        identity=_identity(person) if Scope.IDENTITY in scopes else None,
        contacts=Contacts(contacts=_pairs(person.contacts), guardian=case.guardian)
        if Scope.CONTACTS in scopes
        else None,
        exploitation=_exploitation(case) if Scope.EXPLOITATION in scopes else None,
        needs=_needs(case) if Scope.NEEDS in scopes else None,
        documents=_documents(case) if Scope.DOCUMENTS in scopes else None,
    )
