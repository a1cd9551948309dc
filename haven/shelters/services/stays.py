"""During and at the end of a stay: changes, services delivered, outings and visits (a log
that records, never restricts), and the exit with its follow-up schedule."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts import policy
from haven.accounts.roles import Cap
from haven.cases.models import SupportPlan
from haven.referrals.vocab import Category
from haven.referrals.vocab import Status as ReferralStatus
from haven.shelters import actions, selectors
from haven.shelters.models import FollowUp, Movement, Stay, StayService
from haven.shelters.services._common import (
    apply_changes,
    audit_stay,
    check_staff,
    lock_shelter,
    require,
)
from haven.shelters.services.admissions import ASSESSMENT_FIELDS
from haven.shelters.services.waitlist import offer_free_beds
from haven.shelters.vocab import (
    CURRENT,
    FOLLOW_UP_DAYS,
    Destination,
    ExitReason,
    FollowUpKind,
    MovementKind,
    Risk,
    StayStatus,
)

STAY_FIELDS = ASSESSMENT_FIELDS | {"expected_exit_on"}


@transaction.atomic
def stay_update(
    *, actor: Any, stay: Stay, request: HttpRequest | None = None, **changes: Any
) -> Stay:
    """Change the expected exit, the name used in the shelter, languages, interpreter and
    medical flags, or the risk assessment of a current stay."""
    require(actor, Cap.SHELTER_MANAGE, stay)
    locked = Stay.objects.select_for_update().get(pk=stay.pk)
    if locked.status not in CURRENT:
        raise ValidationError(_("This stay has ended and can no longer be changed."))
    changed = apply_changes(locked, changes, STAY_FIELDS)
    if not changed:
        return locked
    if locked.expected_exit_on and locked.expected_exit_on < locked.starts_on:
        raise ValidationError(
            {"expected_exit_on": _("The expected exit cannot be before the admission.")}
        )
    if locked.interpreter_needed and not locked.interpreter_language:
        raise ValidationError(
            {"interpreter_language": _("Say which language the interpreter must speak.")}
        )
    for name in ("risk_exploiters", "risk_health", "risk_self_harm", "risk_child_protection"):
        if getattr(locked, name) not in Risk.values:
            raise ValidationError({name: _("Choose a level from the list.")})
    locked.full_clean(validate_constraints=False)
    locked.save()
    audit_stay(
        actor=actor,
        action=actions.STAY_UPDATED,
        stay=locked,
        request=request,
        details={"changed_fields": sorted(changed), "risk": locked.risk_level},
    )
    return locked


def _exit_one(stay: Stay, actor: Any, on: datetime.date, values: dict[str, Any]) -> None:
    stay.status = StayStatus.ENDED
    stay.ends_on = on
    stay.exited_by = actor
    for name, value in values.items():
        setattr(stay, name, value)
    stay.save()


@transaction.atomic
def stay_exit(
    *,
    actor: Any,
    stay: Stay,
    reason: str,
    destination: str,
    exited_on: datetime.date | None = None,
    plan: str = "",
    follow_up_days: Iterable[int] = (),
    follow_up_owner: Any = None,
    complete_referral: bool = True,
    request: HttpRequest | None = None,
) -> list[FollowUp]:
    """Record that the person left: date, reason, destination and exit plan; schedule the
    follow-ups (tasks of the shelter's staff, ``days`` after the exit); children staying
    with the person leave with them; the referral is completed; the freed bed is offered to
    the waitlist. Returns the follow-ups created."""
    require(actor, Cap.SHELTER_MANAGE, stay)
    shelter = lock_shelter(stay.shelter)
    locked = Stay.objects.select_for_update().get(pk=stay.pk)
    if locked.status != StayStatus.ACTIVE:
        raise ValidationError(_("Only a current stay can end. Cancel a reservation instead."))
    today = timezone.localdate()
    on = exited_on or today
    errors = {}
    if on > today:
        errors["exited_on"] = _("Record the exit on the day the person leaves.")
    elif on < locked.starts_on:
        errors["exited_on"] = _("The exit cannot be before the admission.")
    if reason not in ExitReason.values:
        errors["reason"] = _("Choose why the stay ends.")
    if destination not in Destination.values:
        errors["destination"] = _("Choose where the person goes (or unknown).")
    days = sorted(set(follow_up_days))
    if any(d not in FOLLOW_UP_DAYS for d in days):
        errors["follow_up_days"] = _("Choose follow-ups from the list.")
    if errors:
        raise ValidationError(errors)
    check_staff(follow_up_owner, locked.organisation_id)
    values = {"exit_reason": reason, "exit_destination": destination, "exit_plan": plan.strip()}
    _exit_one(locked, actor, on, values)
    children = list(
        Stay.objects.select_for_update().filter(accompanying=locked, status=StayStatus.ACTIVE)
    )
    for child in children:
        _exit_one(child, actor, max(on, child.starts_on), values)
    follow_ups = [
        FollowUp(
            organisation_id=locked.organisation_id,
            shelter=shelter,
            stay=locked,
            kind=FollowUpKind.EXIT,
            days_after_exit=d,
            due_on=on + datetime.timedelta(days=d),
            owner=follow_up_owner or actor,
        )
        for d in days
    ]
    FollowUp.objects.bulk_create(follow_ups)
    referral = locked.referral
    completed = False
    if (
        complete_referral
        and referral is not None
        and referral.status == ReferralStatus.ACCEPTED
        and policy.can(actor, Cap.REFERRAL_ANSWER, referral.to_organisation)
    ):
        from haven.referrals.services import referral_complete

        referral_complete(actor=actor, referral=referral, request=request)
        completed = True
    for item in [locked, *children]:
        audit_stay(
            actor=actor,
            action=actions.STAY_EXITED,
            stay=item,
            request=request,
            details={
                "reason": reason,
                "destination": destination,
                "follow_ups": len(follow_ups) if item is locked else 0,
                "with_parent": item is not locked,
                "referral_completed": completed and item is locked,
            },
        )
    offer_free_beds(actor=actor, shelter=shelter, request=request)
    return follow_ups


@transaction.atomic
def stay_service_record(
    *,
    actor: Any,
    stay: Stay,
    category: str,
    delivered_on: datetime.date,
    plan: SupportPlan | None = None,
    notes: str = "",
    request: HttpRequest | None = None,
) -> StayService:
    """A service delivered during the stay, linked to a support plan of the case when the
    referral shares the support plans (``selectors.plan_choices``)."""
    require(actor, Cap.SHELTER_MANAGE, stay)
    if stay.status != StayStatus.ACTIVE:
        raise ValidationError(_("Record services during a current stay."))
    errors = {}
    if category not in Category.values:
        errors["category"] = _("Choose a service from the list.")
    if delivered_on > timezone.localdate() or delivered_on < stay.starts_on:
        errors["delivered_on"] = _("Give a date during the stay, today or earlier.")
    if plan is not None and not selectors.plan_choices(stay).filter(pk=plan.pk).exists():
        errors["plan"] = _("Choose a support plan shared with this referral.")
    if errors:
        raise ValidationError(errors)
    item = StayService.objects.create(
        stay=stay,
        category=category,
        delivered_on=delivered_on,
        plan=plan,
        notes=notes.strip(),
        recorded_by=actor,
    )
    audit_stay(
        actor=actor,
        action=actions.STAY_SERVICE_RECORDED,
        stay=stay,
        request=request,
        details={"category": category, "plan": str(plan.pk) if plan else None},
    )
    return item


@transaction.atomic
def movement_record(
    *,
    actor: Any,
    stay: Stay,
    kind: str,
    started_at: datetime.datetime,
    ended_at: datetime.datetime | None = None,
    with_staff: bool = False,
    notes: str = "",
    request: HttpRequest | None = None,
) -> Movement:
    """Record an outing, an appointment, a night away or a visit. It records what happened;
    nothing here grants or refuses leave: residents come and go freely."""
    require(actor, Cap.SHELTER_MANAGE, stay)
    if stay.status != StayStatus.ACTIVE:
        raise ValidationError(_("Record outings and visits during a current stay."))
    errors = {}
    if kind not in MovementKind.values:
        errors["kind"] = _("Choose what happened.")
    if started_at > timezone.now():
        errors["started_at"] = _("Record what has happened, not plans.")
    if ended_at is not None and ended_at < started_at:
        errors["ended_at"] = _("The end cannot be before the start.")
    if errors:
        raise ValidationError(errors)
    item = Movement.objects.create(
        stay=stay,
        kind=kind,
        started_at=started_at,
        ended_at=ended_at,
        with_staff=with_staff,
        notes=notes.strip(),
        recorded_by=actor,
    )
    audit_stay(
        actor=actor,
        action=actions.MOVEMENT_RECORDED,
        stay=stay,
        request=request,
        details={"kind": kind, "with_staff": with_staff},
    )
    return item
