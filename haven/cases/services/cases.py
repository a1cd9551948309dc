"""Opening cases, changing them, moving them through the workflow, events, proceedings."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts import policy
from haven.accounts.models import Organisation
from haven.accounts.roles import Cap
from haven.audit.services import record
from haven.cases import actions, workflow
from haven.cases.models import (
    Case,
    CaseCounter,
    CountrySetting,
    Person,
    Proceeding,
    Stage,
    StageChange,
    Task,
    TraffickingEvent,
)
from haven.cases.services._common import changed_fields, check_owner, require
from haven.cases.vocab import TraffickingStatus

CASE_FIELDS = {
    "owner",
    "trafficking_status",
    "status_decided_by",
    "status_deciding_organisation",
    "status_decided_on",
    "guardian",
    "best_interests_assessment",
    "best_interests_assessed_on",
    "exploitation_types",
    "forced_labour_industry",
    "sex_exploitation_types",
    "methods_of_control",
    "recruitment_methods",
    "recruitment_platforms",
    "exploitation_platforms",
    "recruitment_country",
    "exploitation_country",
    "relationship_to_trafficker",
    "age_when_trafficked",
    "vulnerabilities",
    "vulnerability_details",
    "risk_level",
    "residence_status",
    "cooperation",
    "identified_on",
}
DEFAULT_REFLECTION_DAYS = 30


def next_reference(year: int) -> str:
    """``HV-<year>-<6 digits>``, numbered without gaps under a row lock."""
    for _attempt in range(3):
        try:
            with transaction.atomic():
                counter, _created = CaseCounter.objects.select_for_update().get_or_create(year=year)
                counter.last += 1
                counter.save(update_fields=["last"])
                return f"HV-{year}-{counter.last:06d}"
        except IntegrityError:  # two first cases of a year at once: try again
            continue
    raise RuntimeError("Could not allocate a case reference.")


def child_flags(person: Person, reasons_to_believe_child: bool) -> tuple[bool, bool]:
    """(is_child, presumed): under 18, or age uncertain with reasons to believe a child."""
    age = person.estimated_age
    presumed = person.age_uncertain and (reasons_to_believe_child or (age is not None and age < 18))
    return (age is not None and age < 18) or presumed, presumed and not (
        age is not None and age < 18
    )


def _validate_status(case: Case) -> None:
    if case.trafficking_status != TraffickingStatus.POSSIBLE and not (
        case.status_decided_by and case.status_decided_on
    ):
        raise ValidationError(
            {"status_decided_on": _("Say who decided the trafficking status and when.")}
        )


@transaction.atomic
def case_open(
    *,
    actor: Any,
    person: Person,
    organisation: Organisation | None = None,
    reasons_to_believe_child: bool = False,
    request: HttpRequest | None = None,
    **fields: Any,
) -> Case:
    organisation = organisation or person.organisation
    require(actor, Cap.CASE_REGISTER, organisation)
    if person.organisation_id != organisation.pk:
        raise PermissionDenied
    identified = fields.pop("identified_on", None) or timezone.localdate()
    case = Case(
        person=person,
        organisation=organisation,
        identified_on=identified,
        registered_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    case.is_child, case.child_presumed = child_flags(person, reasons_to_believe_child)
    changed_fields(case, fields, CASE_FIELDS)
    if case.owner is None and policy.can(actor, Cap.CASE_EDIT, organisation):
        case.owner = actor
    check_owner(case.owner, organisation)
    case.reference = next_reference(identified.year)
    _validate_status(case)
    case.full_clean()
    case.save()
    record(
        actor=actor,
        action=actions.CASE_OPENED,
        obj=case,
        request=request,
        details={"child": case.is_child, "exploitation_types": list(case.exploitation_types)},
    )
    return case


@transaction.atomic
def case_update(
    *, actor: Any, case: Case, request: HttpRequest | None = None, **changes: Any
) -> Case:
    require(actor, Cap.CASE_EDIT, case)
    locked = Case.objects.select_for_update().get(pk=case.pk)
    changed = changed_fields(locked, changes, CASE_FIELDS)
    if "owner" in changed:
        check_owner(locked.owner, locked.organisation)
    if changed:
        _validate_status(locked)
        locked.full_clean()
        locked.save()
        record(
            actor=actor,
            action=actions.CASE_UPDATED,
            obj=locked,
            request=request,
            details={"changed_fields": sorted(changed)},
        )
    return locked


def _reflection_days(case: Case) -> int:
    setting = CountrySetting.objects.filter(country=case.organisation.country).first()
    return setting.reflection_days if setting else DEFAULT_REFLECTION_DAYS


@transaction.atomic
def case_transition(
    *,
    actor: Any,
    case: Case,
    target: str,
    reason: str,
    closure_reason: str = "",
    request: HttpRequest | None = None,
) -> Case:
    """Move ``case`` to ``target`` if the workflow allows it for the actor's role."""
    locked = Case.objects.select_for_update().select_related("organisation").get(pk=case.pk)
    move = workflow.find(locked.stage, target)
    if move is None:
        raise ValidationError({"target": _("A case cannot move from this stage to that one.")})
    require(actor, move.capability, locked)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for this step.")})
    if move.needs_closure_reason and not closure_reason:
        raise ValidationError({"closure_reason": _("Choose why the case is closed.")})
    source = locked.stage
    locked.stage = target
    today = timezone.localdate()
    if target == Stage.CLOSED:
        locked.closed_on, locked.closure_reason = today, closure_reason
    elif source == Stage.CLOSED:
        locked.closed_on, locked.closure_reason = None, ""
    if target == Stage.ASSISTANCE and locked.reflection_starts_on is None:
        locked.reflection_starts_on = today
        locked.reflection_ends_on = today + datetime.timedelta(days=_reflection_days(locked))
        Task.objects.create(
            case=locked,
            kind=Task.Kind.REFLECTION_END,
            owner=locked.owner,
            due_on=locked.reflection_ends_on,
            title=str(_("Reflection period ends: review the person's decisions and support")),
        )
    locked.save()
    StageChange.objects.create(
        case=locked, from_stage=source, to_stage=target, reason=reason.strip(), by=actor
    )
    record(
        actor=actor,
        action=actions.CASE_TRANSITIONED,
        obj=locked,
        request=request,
        details={"from": source, "to": target, "closure_reason": closure_reason or None},
    )
    return locked


@transaction.atomic
def event_record(
    *, actor: Any, case: Case, request: HttpRequest | None = None, **fields: Any
) -> TraffickingEvent:
    require(actor, Cap.CASE_EDIT, case)
    event = TraffickingEvent(case=case)
    changed_fields(
        event, fields, {"type", "country", "state", "city", "street", "date", "description"}
    )
    event.full_clean()
    event.save()
    record(
        actor=actor,
        action=actions.EVENT_RECORDED,
        obj=case,
        request=request,
        details={"type": event.type},
    )
    return event


@transaction.atomic
def proceeding_save(
    *,
    actor: Any,
    case: Case,
    proceeding: Proceeding | None = None,
    request: HttpRequest | None = None,
    **fields: Any,
) -> Proceeding:
    require(actor, Cap.CASE_EDIT, case)
    item = proceeding or Proceeding(case=case)
    if item.case_id != case.pk:
        raise PermissionDenied
    changed_fields(item, fields, {"kind", "status", "started_on", "authority", "notes"})
    item.full_clean()
    item.save()
    record(
        actor=actor,
        action=actions.PROCEEDING_SAVED,
        obj=case,
        request=request,
        details={"kind": item.kind, "status": item.status},
    )
    return item


@transaction.atomic
def country_setting_save(
    *, actor: Any, country: str, reflection_days: int, request: HttpRequest | None = None
) -> CountrySetting:
    """System administrators set per-country rules (new cases use them from now on)."""
    require(actor, Cap.ORGS_MANAGE)
    setting, _created = CountrySetting.objects.update_or_create(
        country=country, defaults={"reflection_days": reflection_days}
    )
    record(
        actor=actor,
        action=actions.COUNTRY_SETTING_SAVED,
        request=request,
        details={"country": country, "reflection_days": reflection_days},
    )
    return setting
