"""Permission-scoped reads of the service directory and of referrals.

A referral is visible to its sending organisation (with ``Cap.REFERRAL_SEND``) and to its
receiving organisation (with ``Cap.REFERRAL_ANSWER``); to anyone else it does not exist (404).
What the receiving side may read of the case is ``shared_view``: a plain projection limited
to the referral's scope, consent and status.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from haven.accounts import policy
from haven.accounts.models import Organisation
from haven.accounts.roles import ALL, Cap
from haven.audit.services import record
from haven.cases.models import Case, Document
from haven.cases.services.work import document_content
from haven.referrals import actions
from haven.referrals.models import Referral, Service
from haven.referrals.projection import (
    SharedCase,
    Summary,
    build_shared_case,
    summaries,
    visible_scopes,
)
from haven.referrals.vocab import Scope, Status

# ---------------------------------------------------------------------------------------------
# Service directory


def can_manage_services(actor: Any, organisation: Organisation) -> bool:
    return policy.can(actor, Cap.REFERRAL_ANSWER, organisation) or policy.can(
        actor, Cap.USERS_MANAGE, organisation
    )


def _reach_filter(actor: Any, capability: Cap, field: str) -> Q | None:
    """A filter on ``field`` (an organisation) for where ``actor`` holds ``capability``;
    ``Q()`` for everywhere, ``None`` for nowhere."""
    reach = policy.organisations_for(actor, capability)
    if reach is ALL:
        return Q()
    if not reach:
        return None
    return Q(**{f"{field}__in": reach})


def service_organisations(actor: Any) -> QuerySet[Organisation]:
    """Active organisations whose services ``actor`` may publish and change."""
    conditions = [
        c
        for c in (
            _reach_filter(actor, Cap.REFERRAL_ANSWER, "pk"),
            _reach_filter(actor, Cap.USERS_MANAGE, "pk"),
        )
        if c is not None
    ]
    if not conditions:
        return Organisation.objects.none()
    condition = conditions[0]
    for extra in conditions[1:]:
        condition |= extra
    return Organisation.objects.filter(condition, is_active=True).order_by("name")


def visible_services(actor: Any) -> QuerySet[Service]:
    """The published directory (for anyone who may refer) and every service of the
    organisations ``actor`` manages."""
    conditions = Q(pk__in=[])
    if policy.can(actor, Cap.REFERRAL_SEND):
        conditions |= Q(is_active=True, organisation__is_active=True)
    managed = service_organisations(actor)
    conditions |= Q(organisation__in=managed.values("pk"))
    return Service.objects.filter(conditions)


def service_directory(
    *,
    actor: Any,
    search: str = "",
    category: str = "",
    country: str = "",
    region: str = "",
    language: str = "",
    organisation_id: UUID | None = None,
    include_inactive: bool = False,
) -> QuerySet[Service]:
    qs = visible_services(actor)
    if not include_inactive:
        qs = qs.filter(is_active=True)
    if search:
        text = search.strip()
        qs = qs.filter(
            Q(organisation__name__icontains=text)
            | Q(**{"organisation__name_translations__zh-hans__icontains": text})
        )
    if category:
        qs = qs.filter(category=category)
    if country:
        qs = qs.filter(organisation__country=country)
    if region:
        qs = qs.filter(Q(region__icontains=region) | Q(organisation__region__icontains=region))
    if language:
        qs = qs.filter(languages__icontains=f'"{language}"')
    if organisation_id:
        qs = qs.filter(organisation_id=organisation_id)
    return qs.select_related("organisation").order_by("organisation__name", "category", "region")


def managed_services(*, actor: Any) -> QuerySet[Service]:
    return (
        Service.objects.filter(organisation__in=service_organisations(actor).values("pk"))
        .select_related("organisation")
        .order_by("organisation__name", "category", "region")
    )


def service_get(*, actor: Any, pk: UUID | str) -> Service:
    try:
        return visible_services(actor).select_related("organisation").get(pk=pk)
    except (Service.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def managed_service_get(*, actor: Any, pk: UUID | str) -> Service:
    try:
        return managed_services(actor=actor).get(pk=pk)
    except (Service.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def referral_organisations(*, actor: Any, **filters: Any) -> QuerySet[Organisation]:
    """Organisations with published services matching ``filters`` (for choosing where to
    refer), each annotated with how many services match."""
    services = service_directory(actor=actor, **filters)
    return (
        Organisation.objects.filter(pk__in=services.values("organisation_id"))
        .annotate(
            matching=Count("directory_services", filter=Q(directory_services__is_active=True))
        )
        .order_by("name")
    )


# ---------------------------------------------------------------------------------------------
# Referrals


def visible_referrals(actor: Any) -> QuerySet[Referral]:
    sent = _reach_filter(actor, Cap.REFERRAL_SEND, "from_organisation_id")
    received = _reach_filter(actor, Cap.REFERRAL_ANSWER, "to_organisation_id")
    conditions = [c for c in (sent, received) if c is not None]
    if not conditions:
        return Referral.objects.none()
    condition = conditions[0]
    for extra in conditions[1:]:
        condition |= extra
    return Referral.objects.filter(condition)


def referral_get(*, actor: Any, pk: UUID | str) -> Referral:
    try:
        return (
            visible_referrals(actor)
            .select_related("case", "from_organisation", "to_organisation")
            .get(pk=pk)
        )
    except (Referral.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def is_sender(actor: Any, referral: Referral) -> bool:
    return policy.can(actor, Cap.REFERRAL_SEND, referral.from_organisation)


def is_receiver(actor: Any, referral: Referral) -> bool:
    return policy.can(actor, Cap.REFERRAL_ANSWER, referral.to_organisation)


LIST_DEFERRED = ("message", "decline_reason", "withdraw_reason")


def _listing(qs: QuerySet[Referral]) -> QuerySet[Referral]:
    """What lists show: no encrypted text decrypted, no case loaded (only its reference),
    organisations and services in the same few queries."""
    return (
        qs.defer(*LIST_DEFERRED)
        .annotate(case_reference=F("case__reference"))
        .select_related("from_organisation", "to_organisation")
        .prefetch_related("services")
    )


def _filtered(
    qs: QuerySet[Referral], status: str = "", urgency: str = "", overdue: bool = False
) -> QuerySet[Referral]:
    if status:
        qs = qs.filter(status=status)
    if urgency:
        qs = qs.filter(urgency=urgency)
    if overdue:
        qs = qs.filter(status=Status.SENT, respond_by__lt=timezone.now())
    return qs


def inbox(
    *, actor: Any, status: str = "", urgency: str = "", overdue: bool = False
) -> QuerySet[Referral]:
    """Referrals to the organisations where ``actor`` answers referrals: waiting ones first,
    the nearest deadline first."""
    received = _reach_filter(actor, Cap.REFERRAL_ANSWER, "to_organisation_id")
    if received is None:
        return Referral.objects.none()
    qs = _filtered(Referral.objects.filter(received), status, urgency, overdue)
    waiting_first = models.Case(models.When(status=Status.SENT, then=0), default=1)
    return _listing(qs).order_by(waiting_first, "respond_by", "-created_at")


def outgoing(*, actor: Any, status: str = "", urgency: str = "") -> QuerySet[Referral]:
    sent = _reach_filter(actor, Cap.REFERRAL_SEND, "from_organisation_id")
    if sent is None:
        return Referral.objects.none()
    qs = _filtered(Referral.objects.filter(sent), status, urgency)
    return _listing(qs).order_by("-created_at")


def referral_list(
    *, actor: Any, direction: str = "", status: str = "", urgency: str = ""
) -> QuerySet[Referral]:
    """Received (``in``), sent (``out``) or both, newest first."""
    if direction == "in":
        qs = inbox(actor=actor, status=status, urgency=urgency)
    elif direction == "out":
        qs = outgoing(actor=actor, status=status, urgency=urgency)
    else:
        qs = _listing(_filtered(visible_referrals(actor), status, urgency))
    return qs.order_by("-created_at", "-id")


def outgoing_for_case(*, actor: Any, case: Case) -> QuerySet[Referral]:
    if not policy.can(actor, Cap.REFERRAL_SEND, case):
        return Referral.objects.none()
    return _listing(Referral.objects.filter(case=case)).order_by("-created_at")


def waiting_counts(*, actor: Any) -> tuple[int, int]:
    """(waiting for an answer, of which overdue) in ``actor``'s inbox."""
    received = _reach_filter(actor, Cap.REFERRAL_ANSWER, "to_organisation_id")
    if received is None:
        return 0, 0
    totals = Referral.objects.filter(received, status=Status.SENT).aggregate(
        waiting=Count("pk"), overdue=Count("pk", filter=Q(respond_by__lt=timezone.now()))
    )
    return totals["waiting"], totals["overdue"]


def summarise(referrals: Any) -> list[Summary]:
    return summaries(referrals)


def shared_view(
    *, actor: Any, referral: Referral, request: HttpRequest | None = None
) -> SharedCase:
    """What the receiving organisation may read of the referred case now: ``basic`` and the
    services requested before acceptance; after acceptance the agreed scopes, as long as the
    person's consent to share is in force. Reading it is audited."""
    referral = referral_get(actor=actor, pk=referral.pk)
    shared = build_shared_case(referral)
    receiving = is_receiver(actor, referral)
    for organisation_id in dict.fromkeys(
        (referral.from_organisation_id, referral.to_organisation_id if receiving else None)
    ):
        if organisation_id is None:
            continue
        record(
            actor=actor,
            action=actions.REFERRAL_VIEWED,
            obj=referral.case,
            organisation=organisation_id,
            request=request,
            details={"referral": str(referral.pk), "scopes": list(shared.visible_scopes)},
        )
    return shared


def shared_document(
    *, actor: Any, referral: Referral, pk: UUID | str, request: HttpRequest | None = None
) -> tuple[Document, bytes]:
    """A file of the referred case, when the referral shares documents now (else 404)."""
    referral = referral_get(actor=actor, pk=referral.pk)
    scopes, _restriction = visible_scopes(referral)
    if Scope.DOCUMENTS not in scopes:
        raise Http404
    try:
        item = Document.objects.get(case_id=referral.case_id, pk=pk)
    except (Document.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    for organisation_id in dict.fromkeys(
        (referral.from_organisation_id, referral.to_organisation_id)
    ):
        record(
            actor=actor,
            action=actions.REFERRAL_DOCUMENT_VIEWED,
            obj=referral.case,
            organisation=organisation_id,
            request=request,
            details={"referral": str(referral.pk), "kind": item.kind},
        )
    return item, document_content(item)
