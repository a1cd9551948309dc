"""Permission-scoped reads of the exchange app.

Partners, agreements and the node are the system administrators' (``EXCHANGE_PARTNERS``);
coordinators (``EXCHANGE_REFER``) see the agreements covering their organisations, the
referrals abroad sent or received by them, and their match queries. Anything else answers
404. Reading the data of a referral received is audited.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from haven.accounts import policy
from haven.accounts.models import Organisation
from haven.accounts.roles import ALL, Cap
from haven.audit.services import record
from haven.cases.models import Case
from haven.exchange import actions, payload
from haven.exchange.models import Agreement, MatchQuery, Message, Partner, Transfer
from haven.exchange.vocab import Delivery, Direction, Status


def _get(qs: QuerySet[Any], pk: UUID | str) -> Any:
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


# ---------------------------------------------------------------------------------------------
# Partners and agreements


def partner_list(*, actor: Any, search: str = "", status: str = "") -> QuerySet[Partner]:
    if not policy.can(actor, Cap.EXCHANGE_PARTNERS):
        return Partner.objects.none()
    qs = Partner.objects.annotate(agreement_count=Count("agreements"))
    if search:
        text = search.strip()
        qs = qs.filter(
            Q(name__icontains=text) | Q(node_id__icontains=text) | Q(country=text.upper())
        )
    if status == "active":
        qs = qs.filter(is_active=True)
    elif status == "inactive":
        qs = qs.filter(is_active=False)
    return qs.order_by("name")


def partner_get(*, actor: Any, pk: UUID | str) -> Partner:
    return _get(partner_list(actor=actor), pk)


def visible_agreements(actor: Any) -> QuerySet[Agreement]:
    """All of them for system administrators; those covering a coordinator's
    organisations for coordinators."""
    if policy.can(actor, Cap.EXCHANGE_PARTNERS):
        return Agreement.objects.all()
    reach = policy.organisations_for(actor, Cap.EXCHANGE_REFER)
    if reach is ALL:
        return Agreement.objects.all()
    if not reach:
        return Agreement.objects.none()
    ids = list(reach) if isinstance(reach, frozenset) else []
    return Agreement.objects.filter(
        pk__in=Agreement.objects.filter(organisations__in=ids).values("pk")
    )


def agreement_list(
    *, actor: Any, search: str = "", partner: UUID | None = None, state: str = ""
) -> QuerySet[Agreement]:
    qs = visible_agreements(actor).select_related("partner")
    if search:
        text = search.strip()
        qs = qs.filter(Q(code__icontains=text) | Q(title__icontains=text))
    if partner:
        qs = qs.filter(partner_id=partner)
    today = timezone.localdate()
    in_force = Q(
        is_active=True, partner__is_active=True, valid_from__lte=today, valid_until__gte=today
    )
    if state == "in_force":
        qs = qs.filter(in_force)
    elif state == "not_in_force":
        qs = qs.exclude(in_force)
    return qs.order_by("partner__name", "code")


def agreement_get(*, actor: Any, pk: UUID | str) -> Agreement:
    return _get(visible_agreements(actor).select_related("partner"), pk)


def agreements_for_case(*, actor: Any, case: Case) -> list[Agreement]:
    """Agreements in force that cover the case's organisation (to refer or ask)."""
    if not policy.can(actor, Cap.EXCHANGE_REFER, case):
        return []
    qs = (
        Agreement.objects.filter(organisations=case.organisation_id)
        .select_related("partner")
        .order_by("partner__name", "code")
    )
    return [a for a in qs if a.in_force()]


def exchange_organisations(actor: Any) -> QuerySet[Organisation]:
    return Organisation.objects.filter(is_active=True).order_by("name")


# ---------------------------------------------------------------------------------------------
# Referrals abroad


def visible_transfers(actor: Any) -> QuerySet[Transfer]:
    return policy.scope(Transfer.objects.all(), actor, Cap.EXCHANGE_REFER)


def transfer_list(
    *, actor: Any, direction: str = "", status: str = "", partner: UUID | None = None
) -> QuerySet[Transfer]:
    qs = visible_transfers(actor).select_related("partner", "agreement", "organisation")
    if direction in Direction.values:
        qs = qs.filter(direction=direction)
    if status == "waiting":
        qs = qs.filter(Q(direction=Direction.IN, status=Status.RECEIVED) | Q(erasure_pending=True))
    elif status:
        qs = qs.filter(status=status)
    if partner:
        qs = qs.filter(partner_id=partner)
    return qs.defer("payload", "reason").order_by("-sent_at", "-id")


def transfer_get(*, actor: Any, pk: UUID | str) -> Transfer:
    return _get(
        visible_transfers(actor).select_related("partner", "agreement", "organisation", "case"),
        pk,
    )


def transfers_for_case(*, actor: Any, case: Case) -> QuerySet[Transfer]:
    return (
        visible_transfers(actor)
        .filter(case=case)
        .select_related("partner", "agreement")
        .defer("payload", "reason")
        .order_by("-sent_at")
    )


def waiting_counts(*, actor: Any) -> tuple[int, int]:
    """(referrals received waiting for an answer, erasures requested) for ``actor``."""
    totals = visible_transfers(actor).aggregate(
        waiting=Count("pk", filter=Q(direction=Direction.IN, status=Status.RECEIVED)),
        erasures=Count("pk", filter=Q(direction=Direction.IN, erasure_pending=True)),
    )
    return totals["waiting"], totals["erasures"]


def received_data(
    *, actor: Any, transfer: Transfer, request: HttpRequest | None = None
) -> list[payload.Row]:
    """What a referral received carries, for its coordinator (the read is audited)."""
    transfer = transfer_get(actor=actor, pk=transfer.pk)
    if transfer.direction != Direction.IN or not transfer.payload:
        return []
    record(
        actor=actor,
        action=actions.REFERRAL_VIEWED,
        obj=transfer,
        request=request,
        details={
            "transfer": str(transfer.pk),
            "agreement": transfer.agreement.code,
            "partner": transfer.partner.node_id,
            "fields": list(transfer.fields),
        },
    )
    return payload.rows(transfer.payload)


def messages_of(*, actor: Any, transfer: Transfer) -> QuerySet[Message]:
    transfer_get(actor=actor, pk=transfer.pk)
    return Message.objects.filter(transfer=transfer).defer("envelope").order_by("created_at")


def message_get(*, actor: Any, pk: UUID | str) -> Message:
    """An outgoing message of ``actor``'s organisation (for download as a file)."""
    qs = policy.scope(Message.objects.all(), actor, Cap.EXCHANGE_REFER).filter(
        direction=Direction.OUT
    )
    return _get(qs.select_related("partner", "transfer"), pk)


def outbox_counts() -> dict[str, int]:
    rows = (
        Message.objects.filter(direction=Direction.OUT)
        .exclude(delivery__in=(Delivery.DELIVERED, Delivery.DOWNLOADED, ""))
        .values_list("delivery")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


# ---------------------------------------------------------------------------------------------
# Match queries


def match_list(*, actor: Any, case: Case | None = None) -> QuerySet[MatchQuery]:
    qs = policy.scope(MatchQuery.objects.all(), actor, Cap.EXCHANGE_REFER).filter(
        direction=Direction.OUT
    )
    if case is not None:
        qs = qs.filter(case=case)
    return qs.select_related("partner", "agreement").order_by("-created_at")


def match_get(*, actor: Any, pk: UUID | str) -> MatchQuery:
    return _get(match_list(actor=actor), pk)


def answered_queries(*, actor: Any) -> QuerySet[MatchQuery]:
    """Queries partners asked this node (system administrators)."""
    if not policy.can(actor, Cap.EXCHANGE_PARTNERS):
        return MatchQuery.objects.none()
    return (
        MatchQuery.objects.filter(direction=Direction.IN)
        .select_related("partner", "agreement")
        .order_by("-created_at")
    )
