"""Scoped reads of stays, referrals waiting for a bed, incidents, follow-ups, the waitlist,
and the stays of a case for the organisation that owns it (never the shelter's address)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from haven.accounts import policy
from haven.accounts.roles import Cap
from haven.audit.services import record
from haven.cases.models import Person, SupportPlan
from haven.referrals import selectors as referral_selectors
from haven.referrals.models import Referral
from haven.referrals.projection import visible_scopes
from haven.referrals.vocab import Scope
from haven.referrals.vocab import Status as ReferralStatus
from haven.shelters import actions
from haven.shelters.models import FollowUp, Incident, Shelter, Stay, WaitlistEntry
from haven.shelters.vocab import (
    CALENDAR_DAYS,
    CURRENT,
    ENDING_SOON_DAYS,
    OPEN_WAITLIST,
    Destination,
    StayStatus,
)

LIST_DEFERRED = ("risk_notes", "exit_plan")
STATUS_FILTERS = {
    "current": Q(status__in=CURRENT),
    "active": Q(status=StayStatus.ACTIVE),
    "reserved": Q(status=StayStatus.RESERVED),
    "ended": Q(status=StayStatus.ENDED),
    "all": Q(),
}


def visible_stays(actor: Any) -> QuerySet[Stay]:
    return policy.scope(Stay.objects.all(), actor, Cap.STAY_READ)


def _long_stay(today: datetime.date, shelters: QuerySet[Shelter]) -> Q:
    """Active stays longer than their shelter's usual longest stay (one arm per distinct
    limit, so that the database compares plain dates)."""
    condition = Q(pk__in=[])
    for days in shelters.order_by().values_list("max_stay_days", flat=True).distinct():
        limit = today - datetime.timedelta(days=days)
        condition |= Q(shelter__max_stay_days=days, admitted_on__lte=limit)
    return Q(status=StayStatus.ACTIVE) & condition


def _stay_shelters(actor: Any) -> QuerySet[Shelter]:
    """The shelters whose stays ``actor`` reads (same organisations as ``visible_stays``)."""
    return policy.scope(Shelter.objects.all(), actor, Cap.STAY_READ)


def alert_filter(alert: str, today: datetime.date, shelters: QuerySet[Shelter]) -> Q:
    soon = today + datetime.timedelta(days=ENDING_SOON_DAYS)
    if alert == "overdue":
        return Q(status=StayStatus.ACTIVE, expected_exit_on__lt=today)
    if alert == "ending_soon":
        return Q(status=StayStatus.ACTIVE, expected_exit_on__range=(today, soon))
    if alert == "long_stay":
        return _long_stay(today, shelters)
    return Q()


def _search(text: str) -> Q:
    """A stay number (``S-00012`` or ``12``) or the start of a case reference."""
    text = text.strip().upper()
    digits = text.removeprefix("S-").lstrip("0")
    condition = Q(case__reference__startswith=text)
    if digits.isdigit():
        condition |= Q(number=int(digits))
    return condition


def stay_list(
    *,
    actor: Any,
    shelter_id: UUID | None = None,
    status: str = "current",
    alert: str = "",
    search: str = "",
    today: datetime.date | None = None,
) -> QuerySet[Stay]:
    today = today or timezone.localdate()
    qs = visible_stays(actor).filter(STATUS_FILTERS.get(status, STATUS_FILTERS["current"]))
    if shelter_id:
        qs = qs.filter(shelter_id=shelter_id)
    if alert:
        qs = qs.filter(alert_filter(alert, today, _stay_shelters(actor)))
    if search.strip():
        qs = qs.filter(_search(search))
    return (
        qs.defer(*LIST_DEFERRED)
        .select_related("shelter", "bed", "bed__room")
        .annotate(case_reference=F("case__reference"))
        .order_by("-starts_on", "-number")
    )


def alert_counts(*, actor: Any, today: datetime.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    stays = visible_stays(actor)
    shelters = _stay_shelters(actor)
    return {
        name: stays.filter(alert_filter(name, today, shelters)).count()
        for name in ("overdue", "ending_soon", "long_stay")
    }


def alerts_of(stay: Stay, today: datetime.date | None = None) -> list[str]:
    """The length-of-stay alerts of one stay (codes: overdue, ending_soon, long_stay)."""
    today = today or timezone.localdate()
    if stay.status != StayStatus.ACTIVE:
        return []
    found = []
    expected = stay.expected_exit_on
    if expected and expected < today:
        found.append("overdue")
    elif expected and expected <= today + datetime.timedelta(days=ENDING_SOON_DAYS):
        found.append("ending_soon")
    limit = datetime.timedelta(days=stay.shelter.max_stay_days)
    if stay.admitted_on and stay.admitted_on <= today - limit:
        found.append("long_stay")
    return found


def stay_get(
    *, actor: Any, pk: UUID | str, request: HttpRequest | None = None, audit: bool = True
) -> Stay:
    try:
        stay = (
            visible_stays(actor)
            .select_related("shelter", "bed", "bed__room", "referral", "case", "accompanying")
            .get(pk=pk)
        )
    except (Stay.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    if audit:
        record(actor=actor, action=actions.STAY_VIEWED, obj=stay, request=request)
    return stay


def expected_exits(
    *,
    actor: Any,
    shelter: Shelter | None = None,
    today: datetime.date | None = None,
    days: int = CALENDAR_DAYS,
) -> list[tuple[datetime.date, list[Stay]]]:
    """Current stays expected to end by ``today + days`` (overdue ones first), by date."""
    today = today or timezone.localdate()
    qs = visible_stays(actor).filter(
        status__in=CURRENT, expected_exit_on__lte=today + datetime.timedelta(days=days)
    )
    if shelter is not None:
        qs = qs.filter(shelter=shelter)
    calendar: dict[datetime.date, list[Stay]] = {}
    for stay in (
        qs.defer(*LIST_DEFERRED)
        .select_related("shelter", "bed")
        .order_by("expected_exit_on", "number")
    ):
        if stay.expected_exit_on is not None:
            calendar.setdefault(stay.expected_exit_on, []).append(stay)
    return list(calendar.items())


def referral_facts(referral: Referral) -> dict[str, Any]:
    """What the placement needs from a referral: the basic scope only (sex, child,
    languages), read without decrypting the person's identity."""
    found = Person.objects.filter(cases__pk=referral.case_id).values("sex", "languages").first()
    person: dict[str, Any] = dict(found) if found else {}
    is_child = Referral.objects.filter(pk=referral.pk).values_list("case__is_child", flat=True)
    return {
        "sex": person.get("sex", ""),
        "is_child": bool(is_child.first()),
        "languages": list(person.get("languages") or []),
    }


def admissible_referrals(*, actor: Any) -> QuerySet[Referral]:
    """Accepted referrals to organisations whose shelters the actor manages, that have no
    stay yet (annotated ``waiting`` when on a waitlist)."""
    shelters = managed_shelters_orgs(actor)
    stays = Stay.objects.exclude(status=StayStatus.CANCELLED).filter(referral=OuterRef("pk"))
    waiting = WaitlistEntry.objects.filter(referral=OuterRef("pk"), status__in=OPEN_WAITLIST)
    return (
        referral_selectors.inbox(actor=actor, status=ReferralStatus.ACCEPTED)
        .filter(to_organisation_id__in=shelters)
        .exclude(Exists(stays))
        .annotate(waiting=Exists(waiting))
    )


def managed_shelters_orgs(actor: Any) -> set[UUID]:
    return set(
        policy.scope(Shelter.objects.all(), actor, Cap.SHELTER_MANAGE).values_list(
            "organisation_id", flat=True
        )
    )


def admissible_referral_get(*, actor: Any, pk: UUID | str) -> Referral:
    try:
        return admissible_referrals(actor=actor).get(pk=pk)
    except (Referral.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def plan_choices(stay: Stay) -> QuerySet[SupportPlan]:
    """The case's support plans, when the referral shares them now (needs scope, consent
    in force, referral accepted or completed)."""
    referral = stay.referral
    if referral is None or stay.case_id is None:
        return SupportPlan.objects.none()
    scopes, _restriction = visible_scopes(referral)
    if Scope.NEEDS not in scopes:
        return SupportPlan.objects.none()
    return SupportPlan.objects.filter(case_id=stay.case_id).only(
        "id", "type", "planned_end_on", "case_id"
    )


def incident_list(
    *,
    actor: Any,
    shelter_id: UUID | None = None,
    kind: str = "",
    severity: str = "",
    open_actions: bool = False,
) -> QuerySet[Incident]:
    qs = policy.scope(Incident.objects.all(), actor, Cap.SHELTER_MANAGE)
    if shelter_id:
        qs = qs.filter(shelter_id=shelter_id)
    if kind:
        qs = qs.filter(kind=kind)
    if severity:
        qs = qs.filter(severity=severity)
    if open_actions:
        qs = qs.filter(actions__done_at__isnull=True, actions__isnull=False).distinct()
    return qs.defer("description").select_related("shelter", "stay").order_by("-occurred_at")


def incident_get(*, actor: Any, pk: UUID | str, request: HttpRequest | None = None) -> Incident:
    try:
        incident = (
            policy.scope(Incident.objects.all(), actor, Cap.SHELTER_MANAGE)
            .select_related("shelter", "stay")
            .get(pk=pk)
        )
    except (Incident.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    record(actor=actor, action=actions.INCIDENT_VIEWED, obj=incident, request=request)
    return incident


def follow_up_list(*, actor: Any, mine: bool = True, done: bool = False) -> QuerySet[FollowUp]:
    qs = policy.scope(FollowUp.objects.all(), actor, Cap.SHELTER_MANAGE).filter(
        done_at__isnull=not done
    )
    if mine:
        qs = qs.filter(owner=actor)
    order = ("-done_at",) if done else ("due_on", "created_at")
    return qs.select_related("shelter", "stay", "incident", "owner").order_by(*order)


def follow_up_get(*, actor: Any, pk: UUID | str) -> FollowUp:
    try:
        return policy.scope(FollowUp.objects.all(), actor, Cap.SHELTER_MANAGE).get(pk=pk)
    except (FollowUp.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def waitlist(
    *, actor: Any, shelter: Shelter, include_closed: bool = False
) -> QuerySet[WaitlistEntry]:
    """The waitlist in the order it is served: risk (highest first), then waiting time."""
    qs = policy.scope(WaitlistEntry.objects.all(), actor, Cap.SHELTER_MANAGE).filter(
        shelter=shelter
    )
    if not include_closed:
        qs = qs.filter(status__in=OPEN_WAITLIST)
    return (
        qs.select_related("referral__case", "stay__bed")
        .annotate(case_reference=F("referral__case__reference"))
        .order_by("-risk_rank", "added_at", "pk")
    )


def waitlist_entry_get(*, actor: Any, pk: UUID | str) -> WaitlistEntry:
    try:
        return (
            policy.scope(WaitlistEntry.objects.all(), actor, Cap.SHELTER_MANAGE)
            .select_related("shelter")
            .get(pk=pk)
        )
    except (WaitlistEntry.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


@dataclass(frozen=True)
class CaseStay:
    """A stay as the organisation that owns the case sees it: never the address."""

    shelter: str
    organisation: str
    status: str
    status_label: str
    admitted_on: datetime.date | None
    expected_exit_on: datetime.date | None
    left_on: datetime.date | None
    destination: str
    follow_ups: list[datetime.date]
    services: list[tuple[str, datetime.date]]


def case_stays(*, actor: Any, case: Any) -> list[CaseStay]:
    """The stays of ``case`` for a reader of the case (the owning organisation)."""
    if not policy.has_any(actor, Cap.CASE_READ, Cap.CASE_READ_SCREENED):
        return []
    stays = (
        Stay.objects.filter(case=case)
        .exclude(status=StayStatus.CANCELLED)
        .select_related("shelter", "organisation")
        .prefetch_related("follow_ups", "services")
        .defer(*LIST_DEFERRED, "known_as", "shelter__address", "shelter__phone")
        .order_by("-starts_on")
    )
    return [
        CaseStay(
            shelter=s.shelter.display_name,
            organisation=s.organisation.display_name,
            status=s.status,
            status_label=s.get_status_display(),
            admitted_on=s.admitted_on,
            expected_exit_on=s.expected_exit_on,
            left_on=s.ends_on if s.status == StayStatus.ENDED else None,
            destination=str(Destination(s.exit_destination).label) if s.exit_destination else "",
            follow_ups=sorted(f.due_on for f in s.follow_ups.all() if f.done_at is None),
            services=[(s2.get_category_display(), s2.delivered_on) for s2 in s.services.all()],
        )
        for s in stays
    ]


def staff_of(organisation_id: Any) -> QuerySet[Any]:
    """Active users who manage this organisation's shelters (owners of follow-ups)."""
    from haven.accounts.models import User
    from haven.accounts.roles import MATRIX

    roles = [role.value for role, caps in MATRIX.items() if Cap.SHELTER_MANAGE in caps]
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=organisation_id,
            memberships__is_active=True,
            memberships__grants__role__in=roles,
        )
        .distinct()
        .order_by("username")
    )
