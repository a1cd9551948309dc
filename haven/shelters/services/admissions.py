"""Admission: from an accepted referral, from a bed reserved through the waitlist, or
directly in an emergency; and cancelling a reservation, linking a stay to a referral.

Emergency admissions without a referral: the shelter does not register a person or a case
(that is the work of the organisations that identify and refer, with the person's consent).
The stay keeps the non-identifying facts the placement rules need and, if the person wishes,
the name they want to be called here (encrypted). When a referral for the person arrives and
is accepted, ``stay_link_referral`` attaches it and its case to the stay.

Concurrency: the shelter row is locked first (it also numbers the stays, so a lost update
would show as a duplicate or missing number), then the referral, then the bed; the bed must
have no current stay and no stay overlapping the dates, and the database refuses a second
current stay or an overlap even if this check were bypassed (see ``models/stays.py``).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts.roles import Cap
from haven.cases.vocab import Gender
from haven.referrals.models import Referral
from haven.referrals.vocab import Status as ReferralStatus
from haven.shelters import actions, placement, selectors
from haven.shelters.models import Bed, Shelter, Stay, WaitlistEntry
from haven.shelters.services._common import audit_stay, lock_shelter, require
from haven.shelters.vocab import (
    CURRENT,
    PLACEMENT_MESSAGES,
    Risk,
    StayStatus,
    WaitlistStatus,
)

ASSESSMENT_FIELDS = {
    "risk_exploiters",
    "risk_health",
    "risk_self_harm",
    "risk_child_protection",
    "risk_notes",
    "interpreter_needed",
    "interpreter_language",
    "medical_screening_needed",
    "known_as",
    "languages",
}
FACT_FIELDS = ("sex", "is_child", "needs_cot", "needs_accessible", "gender_confirmed")


def bed_taken_error() -> ValidationError:
    message = _("Someone else has just taken this bed. Choose another one.")
    return ValidationError({"bed": ValidationError(message, code="bed_taken")})


def placement_error(codes: tuple[str, ...] | list[str]) -> ValidationError:
    return ValidationError(
        {"bed": [ValidationError(str(PLACEMENT_MESSAGES[c]), code=c) for c in codes]}
    )


def next_number(shelter: Shelter) -> int:
    """The next stay number of a locked shelter."""
    shelter.last_stay_number += 1
    shelter.save(update_fields=["last_stay_number", "updated_at"])
    return shelter.last_stay_number


def check_referral(referral: Referral, shelter: Shelter, keep: Stay | None = None) -> Referral:
    locked = Referral.objects.select_for_update(of=("self",)).get(pk=referral.pk)
    if locked.to_organisation_id != shelter.organisation_id:
        raise PermissionDenied
    if locked.status != ReferralStatus.ACCEPTED:
        raise ValidationError(
            {"referral": _("Accept the referral before admitting the person.")}, code="referral"
        )
    others = Stay.objects.filter(referral=locked).exclude(status=StayStatus.CANCELLED)
    if keep is not None:
        others = others.exclude(pk=keep.pk)
    if others.exists():
        raise ValidationError(
            {"referral": _("This referral already has a stay.")}, code="referral_has_stay"
        )
    return locked


def check_parent(shelter: Shelter, parent: Stay | None, is_child: bool) -> str | None:
    """The room of the parent a child stays with (None without a parent)."""
    if parent is None:
        return None
    if not is_child:
        raise ValidationError({"accompanying": _("Only a child stays with a parent.")})
    if parent.shelter_id != shelter.pk or parent.status not in CURRENT or parent.is_child:
        raise ValidationError(
            {"accompanying": _("Choose a parent who is staying in this shelter.")}
        )
    return str(parent.bed.room_id)


def resident_of(
    values: dict[str, Any], parent_room: str | None, parent: Stay | None = None
) -> placement.Resident:
    return placement.Resident(
        sex=values.get("sex") or Gender.UNKNOWN,
        is_child=bool(values.get("is_child")),
        needs_cot=bool(values.get("needs_cot")),
        needs_accessible=bool(values.get("needs_accessible")),
        parent_room=parent_room,
        parent_stay=str(parent.pk) if parent is not None else None,
        gender_confirmed=bool(values.get("gender_confirmed")),
    )


def choose_bed(
    shelter: Shelter,
    resident: placement.Resident,
    bed: Bed | None,
    on: datetime.date,
    keep: Stay | None = None,
) -> Bed:
    """Lock and check the bed asked for, or the best fitting free bed (shelter locked)."""
    if bed is None:
        free = [f for f in selectors.bed_facts(shelter, keep=keep) if f.in_service and not f.taken]
        ranked = placement.suggest(resident, free, selectors.rules_of(shelter))
        if not ranked or not ranked[0].fits:
            reasons = [
                ValidationError(str(PLACEMENT_MESSAGES[c]), code=c)
                for c in (ranked[0].problems if ranked else ())
            ]
            message = _("No free bed fits this person. Add them to the waitlist.")
            raise ValidationError({"bed": [ValidationError(message, code="no_bed"), *reasons]})
        bed = Bed(pk=ranked[0].bed)
    try:
        locked = Bed.objects.select_for_update().select_related("room").get(pk=bed.pk)
    except Bed.DoesNotExist as exc:
        raise ValidationError({"bed": _("Choose a bed of this shelter.")}) from exc
    if locked.shelter_id != shelter.pk:
        raise ValidationError({"bed": _("Choose a bed of this shelter.")})
    facts_of_bed = selectors.bed_facts(shelter, keep=keep, beds=[locked])[0]
    codes = placement.problems(resident, facts_of_bed, selectors.rules_of(shelter))
    if "occupied" in codes:
        raise bed_taken_error()
    if codes:
        raise placement_error(codes)
    overlapping = Stay.objects.filter(bed=locked, ends_on__gt=on).exclude(
        status=StayStatus.CANCELLED
    )
    if keep is not None:
        overlapping = overlapping.exclude(pk=keep.pk)
    if overlapping.exists():
        raise ValidationError(
            {"admitted_on": _("Someone stayed in this bed on that date. Check the date.")},
            code="overlap",
        )
    return locked


def save_stay(stay: Stay) -> Stay:
    """Save inside a savepoint: the database's no-double-booking rules answer as a clear
    error, not a crash."""
    try:
        with transaction.atomic():
            stay.save()
    except IntegrityError as exc:
        raise bed_taken_error() from exc
    return stay


def _dates(
    shelter: Shelter, admitted_on: datetime.date | None, expected: datetime.date | None
) -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate()
    admitted = admitted_on or today
    if admitted > today:
        raise ValidationError(
            {"admitted_on": _("Admit on the day the person arrives (today or earlier).")}
        )
    expected = expected or admitted + datetime.timedelta(days=shelter.max_stay_days)
    if expected < admitted:
        raise ValidationError(
            {"expected_exit_on": _("The expected exit cannot be before the admission.")}
        )
    return admitted, expected


def _assessment(stay: Stay, values: dict[str, Any]) -> None:
    unknown = set(values) - ASSESSMENT_FIELDS
    if unknown:
        raise PermissionDenied
    for name, value in values.items():
        setattr(stay, name, value.strip() if isinstance(value, str) else value)
    if stay.interpreter_needed and not stay.interpreter_language:
        raise ValidationError(
            {"interpreter_language": _("Say which language the interpreter must speak.")}
        )
    for name in ("risk_exploiters", "risk_health", "risk_self_harm", "risk_child_protection"):
        if getattr(stay, name) not in Risk.values:
            raise ValidationError({name: _("Choose a level from the list.")})


@transaction.atomic
def stay_admit(
    *,
    actor: Any,
    shelter: Shelter,
    house_rules_consent: bool,
    bed: Bed | None = None,
    referral: Referral | None = None,
    reservation: Stay | None = None,
    accompanying: Stay | None = None,
    admitted_on: datetime.date | None = None,
    expected_exit_on: datetime.date | None = None,
    request: HttpRequest | None = None,
    **values: Any,
) -> Stay:
    """Admit a person to ``bed`` (or to the best fitting free bed when none is given).

    ``values``: the facts the placement rules need (``sex``, ``is_child``, ``needs_cot``,
    ``needs_accessible``, ``gender_confirmed``; from the referral or the reservation when
    not given) and the admission assessment (``risk_*``, ``interpreter_*``,
    ``medical_screening_needed``, ``known_as``, ``languages``)."""
    require(actor, Cap.SHELTER_MANAGE, shelter)
    shelter = lock_shelter(shelter)
    if not house_rules_consent:
        raise ValidationError(
            {
                "house_rules_consent": _(
                    "Explain the house rules in a language the person understands and record "
                    "that they agree before admitting them."
                )
            }
        )
    if reservation is not None:
        reservation = Stay.objects.select_for_update().get(pk=reservation.pk)
        if reservation.shelter_id != shelter.pk or reservation.status != StayStatus.RESERVED:
            raise ValidationError(_("This reservation is no longer open."), code="reservation")
        referral = referral or reservation.referral
        bed = reservation.bed
    facts = {name: values.pop(name) for name in FACT_FIELDS if name in values}
    if referral is not None:
        referral = check_referral(referral, shelter, keep=reservation)
        known = selectors.referral_facts(referral)
        values.setdefault("languages", known.pop("languages"))
        for name, value in known.items():
            facts.setdefault(name, value)
    if reservation is not None:
        for name in FACT_FIELDS:
            facts.setdefault(name, getattr(reservation, name))
    admitted, expected = _dates(shelter, admitted_on, expected_exit_on)
    parent_room = check_parent(shelter, accompanying, bool(facts.get("is_child")))
    resident = resident_of(facts, parent_room, accompanying)
    chosen = choose_bed(shelter, resident, bed, admitted, keep=reservation)
    stay = reservation or Stay(
        organisation_id=shelter.organisation_id,
        shelter=shelter,
        number=next_number(shelter),
        starts_on=admitted,
    )
    stay.bed = chosen
    stay.status = StayStatus.ACTIVE
    stay.referral = referral
    stay.case_id = referral.case_id if referral is not None else None
    stay.emergency = referral is None
    stay.accompanying = accompanying
    stay.admitted_on = admitted
    stay.starts_on = min(stay.starts_on, admitted)
    stay.expected_exit_on = expected
    stay.house_rules_consent = True
    stay.admitted_by = actor
    for name, value in facts.items():
        setattr(stay, name, value)
    _assessment(stay, values)
    stay.full_clean(validate_constraints=False)
    save_stay(stay)
    WaitlistEntry.objects.filter(stay=stay).update(
        status=WaitlistStatus.ADMITTED, closed_at=timezone.now()
    )
    audit_stay(
        actor=actor,
        action=actions.STAY_ADMITTED,
        stay=stay,
        request=request,
        details={
            "bed": str(chosen.pk),
            "referral": str(referral.pk) if referral else None,
            "emergency": stay.emergency,
            "child": stay.is_child,
            "risk": stay.risk_level,
            "interpreter": stay.interpreter_needed,
            "medical_screening": stay.medical_screening_needed,
            "from_reservation": reservation is not None,
        },
    )
    return stay


@transaction.atomic
def stay_cancel(*, actor: Any, stay: Stay, request: HttpRequest | None = None) -> Stay:
    """Cancel a reservation (the person will not come): the request leaves the waitlist and
    the bed is offered to the next person waiting."""
    from haven.shelters.services.waitlist import offer_free_beds

    require(actor, Cap.SHELTER_MANAGE, stay)
    shelter = lock_shelter(stay.shelter)
    locked = Stay.objects.select_for_update().get(pk=stay.pk)
    if locked.status != StayStatus.RESERVED:
        raise ValidationError(_("Only a reservation can be cancelled."), code="not_reserved")
    locked.status = StayStatus.CANCELLED
    locked.ends_on = max(timezone.localdate(), locked.starts_on)
    locked.save(update_fields=["status", "ends_on", "updated_at"])
    WaitlistEntry.objects.filter(stay=locked).update(
        status=WaitlistStatus.WITHDRAWN, closed_at=timezone.now()
    )
    audit_stay(actor=actor, action=actions.STAY_CANCELLED, stay=locked, request=request)
    offer_free_beds(actor=actor, shelter=shelter, request=request)
    return locked


@transaction.atomic
def stay_link_referral(
    *, actor: Any, stay: Stay, referral: Referral, request: HttpRequest | None = None
) -> Stay:
    """Attach an accepted referral (and its case) to a stay that began without one."""
    require(actor, Cap.SHELTER_MANAGE, stay)
    locked = Stay.objects.select_for_update().get(pk=stay.pk)
    if locked.referral_id is not None:
        raise ValidationError(_("This stay is linked to a referral already."), code="linked")
    if locked.status not in CURRENT:
        raise ValidationError(_("This stay has ended."), code="ended")
    checked = check_referral(referral, locked.shelter, keep=locked)
    locked.referral = checked
    locked.case_id = checked.case_id
    locked.save(update_fields=["referral", "case", "updated_at"])
    audit_stay(
        actor=actor,
        action=actions.STAY_LINKED,
        stay=locked,
        request=request,
        details={"referral": str(checked.pk)},
    )
    return locked
