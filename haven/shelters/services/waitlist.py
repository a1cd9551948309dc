"""The waitlist of a full shelter: served by risk (highest first), then by waiting time;
each free bed that fits is reserved for the first person it fits (an offer)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts.roles import Cap
from haven.audit.services import record
from haven.cases.vocab import Gender
from haven.referrals.models import Referral
from haven.referrals.vocab import Status as ReferralStatus
from haven.shelters import actions, placement, selectors
from haven.shelters.models import Bed, Shelter, Stay, WaitlistEntry
from haven.shelters.services._common import audit_stay, lock_shelter, require
from haven.shelters.services.admissions import check_referral, next_number, save_stay
from haven.shelters.vocab import OPEN_WAITLIST, RISK_RANK, Risk, StayStatus, WaitlistStatus


def offer_free_beds(
    *, actor: Any, shelter: Shelter, request: HttpRequest | None = None
) -> list[Stay]:
    """Reserve free fitting beds for the people waiting, in waitlist order. The caller holds
    the shelter's lock (every caller is a service that changed who holds a bed)."""
    waiting = list(
        WaitlistEntry.objects.select_for_update(of=("self",))
        .select_related("referral")
        .filter(shelter=shelter, status=WaitlistStatus.WAITING)
        .order_by("-risk_rank", "added_at", "pk")
    )
    if not waiting:
        return []
    facts = selectors.bed_facts(shelter)
    rules = selectors.rules_of(shelter)
    offers = []
    for entry in waiting:
        free = [f for f in facts if not f.taken and f.in_service]
        if not free:
            break
        if entry.referral is not None and entry.referral.status != ReferralStatus.ACCEPTED:
            continue  # withdrawn or completed meanwhile: staff see it on the waitlist
        resident = placement.Resident(
            sex=entry.sex,
            is_child=entry.is_child,
            needs_cot=entry.needs_cot,
            needs_accessible=entry.needs_accessible,
        )
        chosen = placement.best(resident, free, rules)
        if chosen is None:
            continue
        bed = Bed.objects.select_for_update().get(pk=chosen)
        today = timezone.localdate()
        stay = Stay(
            organisation_id=shelter.organisation_id,
            shelter=shelter,
            bed=bed,
            number=next_number(shelter),
            status=StayStatus.RESERVED,
            referral=entry.referral,
            case_id=entry.referral.case_id if entry.referral else None,
            emergency=entry.referral is None,
            sex=entry.sex,
            is_child=entry.is_child,
            needs_cot=entry.needs_cot,
            needs_accessible=entry.needs_accessible,
            starts_on=today,
        )
        save_stay(stay)
        entry.status, entry.stay = WaitlistStatus.OFFERED, stay
        entry.save(update_fields=["status", "stay", "updated_at"])
        facts = [replace(f, taken=True) if f.bed == chosen else f for f in facts]
        audit_stay(
            actor=actor,
            action=actions.WAITLIST_OFFERED,
            stay=stay,
            request=request,
            details={"waitlist": str(entry.pk), "bed": str(bed.pk), "risk": entry.risk},
        )
        offers.append(stay)
    return offers


@transaction.atomic
def waitlist_offer_next(
    *, actor: Any, shelter: Shelter, request: HttpRequest | None = None
) -> list[Stay]:
    """Offer the free beds now (normally automatic; also a button on the waitlist page)."""
    require(actor, Cap.SHELTER_MANAGE, shelter)
    shelter = lock_shelter(shelter)
    return offer_free_beds(actor=actor, shelter=shelter, request=request)


@transaction.atomic
def waitlist_add(
    *,
    actor: Any,
    shelter: Shelter,
    referral: Referral | None = None,
    label: str = "",
    sex: str = "",
    is_child: bool | None = None,
    needs_cot: bool = False,
    needs_accessible: bool = False,
    risk: str = Risk.NONE,
    request: HttpRequest | None = None,
) -> WaitlistEntry:
    """Put a person on the waitlist (facts from the referral when it has them); if a fitting
    bed is free now, it is reserved for them at once."""
    require(actor, Cap.SHELTER_MANAGE, shelter)
    shelter = lock_shelter(shelter)
    if risk not in Risk.values:
        raise ValidationError({"risk": _("Choose a level from the list.")})
    if referral is not None:
        referral = check_referral(referral, shelter)
        if WaitlistEntry.objects.filter(referral=referral, status__in=OPEN_WAITLIST).exists():
            raise ValidationError(
                {"referral": _("This referral is on a waitlist already.")}, code="duplicate"
            )
        known = selectors.referral_facts(referral)
        sex = sex or known["sex"]
        is_child = known["is_child"] if is_child is None else is_child
    if not referral and not label.strip():
        raise ValidationError(
            {"label": _("Say how you will recognise the request (no full names).")}
        )
    entry = WaitlistEntry(
        organisation_id=shelter.organisation_id,
        shelter=shelter,
        referral=referral,
        label=label.strip(),
        sex=sex or Gender.UNKNOWN,
        is_child=bool(is_child),
        needs_cot=needs_cot,
        needs_accessible=needs_accessible,
        risk=risk,
        risk_rank=RISK_RANK[Risk(risk)],
    )
    entry.full_clean()
    entry.save()
    record(
        actor=actor,
        action=actions.WAITLIST_ADDED,
        obj=entry,
        request=request,
        details={
            "shelter": str(shelter.pk),
            "referral": str(referral.pk) if referral else None,
            "risk": risk,
            "child": entry.is_child,
        },
    )
    offer_free_beds(actor=actor, shelter=shelter, request=request)
    entry.refresh_from_db()
    return entry


@transaction.atomic
def waitlist_withdraw(
    *, actor: Any, entry: WaitlistEntry, request: HttpRequest | None = None
) -> WaitlistEntry:
    """Take a request off the waitlist (found a place elsewhere, no longer needed); a bed
    reserved for it goes to the next person."""
    require(actor, Cap.SHELTER_MANAGE, entry)
    shelter = lock_shelter(entry.shelter)
    locked = WaitlistEntry.objects.select_for_update().get(pk=entry.pk)
    if locked.status not in OPEN_WAITLIST:
        raise ValidationError(_("This request is no longer on the waitlist."), code="closed")
    if locked.stay_id is not None:
        Stay.objects.filter(pk=locked.stay_id, status=StayStatus.RESERVED).update(
            status=StayStatus.CANCELLED,
            ends_on=timezone.localdate(),
            updated_at=timezone.now(),
        )
    locked.status, locked.closed_at = WaitlistStatus.WITHDRAWN, timezone.now()
    locked.save(update_fields=["status", "closed_at", "updated_at"])
    record(
        actor=actor,
        action=actions.WAITLIST_WITHDRAWN,
        obj=locked,
        request=request,
        details={"shelter": str(shelter.pk), "had_offer": locked.stay_id is not None},
    )
    offer_free_beds(actor=actor, shelter=shelter, request=request)
    return locked
