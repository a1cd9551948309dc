"""Erasure of a person's identity, on request or by the organisation's retention rule.

What goes: every identity field of the person, the keyed name tokens, notes and documents of
their cases, and every free-text field that may describe them (reasons, assessments, plans,
places, guardians, witnesses, screening notes, referral messages). What stays: the case
reference, dates, stages and the coded, non-identifying fields that anonymised statistics use.
The audit trail records that, when, why and by whom, with counts only.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Count, Max, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from haven.accounts import policy
from haven.accounts.roles import Cap
from haven.audit.services import record
from haven.cases import actions
from haven.cases.models import (
    Assessment,
    Case,
    Consent,
    Document,
    Note,
    Person,
    PersonEncoding,
    PersonLinkToken,
    PersonNameToken,
    Proceeding,
    RetentionRule,
    ServiceDelivered,
    Stage,
    StageChange,
    SupportPlan,
    TraffickingEvent,
)
from haven.cases.services._common import require
from haven.cases.signals import person_erased
from haven.screening.models import Screening


class ErasureReason(models.TextChoices):
    REQUEST = "request", gettext_lazy("The person asked for erasure")
    RETENTION = "retention", gettext_lazy("The retention period is over")
    LEGAL = "legal", gettext_lazy("Another legal obligation")


# Free text about a case, per model: (case lookup, {field: blank value}).
FREE_TEXT: list[tuple[type[models.Model], str, dict[str, Any]]] = [
    (
        Case,
        "pk__in",
        {"guardian": "", "best_interests_assessment": "", "vulnerability_details": ""},
    ),
    (StageChange, "case__in", {"reason": ""}),
    (Proceeding, "case__in", {"notes": ""}),
    (TraffickingEvent, "case__in", {"street": "", "description": ""}),
    (Assessment, "case__in", {"notes": ""}),
    (SupportPlan, "case__in", {"objectives": "", "action_plan": ""}),
    (ServiceDelivered, "case__in", {"notes": ""}),
    (Consent, "case__in", {"witness": "", "guardian": ""}),
    (Screening, "case__in", {"notes": {}, "no_referral_reason": ""}),
]


@dataclass
class Erased:
    person: str
    cases: int
    notes: int
    documents: int


@transaction.atomic
def person_erase(
    *, actor: Any, person: Person, reason: str, request: HttpRequest | None = None
) -> Erased:
    """Erase ``person``'s identity. ``actor`` None means the retention rule (a system run)."""
    if actor is not None:
        require(actor, Cap.CASE_TRANSITION, person)
    if reason not in ErasureReason.values:
        raise ValidationError({"reason": _("Choose why the identity is erased.")})
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.erased_at is not None:
        raise ValidationError(_("This person's identity has already been erased."))
    case_ids = list(Case.objects.filter(person=person).values_list("pk", flat=True))
    notes, _n = Note.objects.filter(case__in=case_ids).delete()
    documents, _d = Document.objects.filter(case__in=case_ids).delete()
    for model, lookup, blanks in FREE_TEXT:
        for item in model.objects.filter(**{lookup: case_ids}):  # type: ignore[attr-defined]
            for name, value in blanks.items():
                setattr(item, name, value)
            item.save(update_fields=list(blanks))
    PersonNameToken.objects.filter(person=person).delete()
    PersonEncoding.objects.filter(person=person).delete()
    PersonLinkToken.objects.filter(person=person).delete()
    person.family_name = ""
    person.given_names = ""
    person.aliases = []
    person.birth_date = None
    person.identity_documents = []
    person.contacts = {}
    person.erased_at = timezone.now()
    person.save()
    person_erased.send(sender=Person, person=person, cases=case_ids, actor=actor, reason=reason)
    record(
        actor=actor,
        action=actions.PERSON_ERASED,
        obj=person,
        request=request,
        details={"reason": reason, "cases": len(case_ids), "notes": notes, "documents": documents},
    )
    return Erased(person=str(person.pk), cases=len(case_ids), notes=notes, documents=documents)


@transaction.atomic
def retention_rule_save(
    *, actor: Any, organisation: Any, identity_years: int | None, request: HttpRequest | None = None
) -> RetentionRule | None:
    """Set (or with None remove) the organisation's retention rule."""
    if not policy.can(actor, Cap.USERS_MANAGE, organisation):
        raise PermissionDenied
    if identity_years is not None and not 1 <= identity_years <= 100:
        raise ValidationError({"identity_years": _("Enter a number of years between 1 and 100.")})
    if identity_years is None:
        RetentionRule.objects.filter(organisation=organisation).delete()
        rule = None
    else:
        rule, _created = RetentionRule.objects.update_or_create(
            organisation=organisation,
            defaults={"identity_years": identity_years, "updated_by": actor},
        )
    record(
        actor=actor,
        action=actions.RETENTION_RULE_SAVED,
        obj=organisation,
        organisation=organisation,
        request=request,
        details={"identity_years": identity_years},
    )
    return rule


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def retention_due(rule: RetentionRule, *, today: datetime.date | None = None) -> models.QuerySet:
    """Persons of the rule's organisation whose cases are all closed, the last one before the
    retention period, and whose identity is not erased yet."""
    cutoff = _years_before(today or timezone.localdate(), rule.identity_years)
    return (
        Person.objects.filter(organisation_id=rule.organisation_id, erased_at__isnull=True)
        .annotate(
            open_cases=Count("cases", filter=~Q(cases__stage=Stage.CLOSED)),
            last_closed=Max("cases__closed_on"),
        )
        .filter(open_cases=0, last_closed__lte=cutoff)
        .order_by("last_closed")
    )


@dataclass
class RetentionRun:
    dry_run: bool
    due: dict[str, int] = field(default_factory=dict)  # organisation id -> persons
    erased: int = 0


def retention_run(*, dry_run: bool, today: datetime.date | None = None) -> RetentionRun:
    """Apply every organisation's rule (or, with ``dry_run``, only count what would go)."""
    run = RetentionRun(dry_run=dry_run)
    for rule in RetentionRule.objects.select_related("organisation").order_by("organisation_id"):
        persons = list(retention_due(rule, today=today))
        run.due[str(rule.organisation_id)] = len(persons)
        if dry_run or not persons:
            continue
        for person in persons:
            person_erase(actor=None, person=person, reason=ErasureReason.RETENTION)
            run.erased += 1
        record(
            actor=None,
            action=actions.RETENTION_RUN,
            organisation=rule.organisation,
            details={"erased": len(persons), "identity_years": rule.identity_years},
        )
    return run
