"""Sending a referral and moving it through its workflow (``vocab.MOVES``).

Each step runs in one transaction, checks the side's organisation against the policy and
records an audit event on the case for both organisations, so that each one's
administrators see what happened to the referral.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts import policy
from haven.accounts.models import Organisation
from haven.accounts.roles import Cap
from haven.audit.services import record
from haven.cases.models import Case, Purpose, Stage
from haven.cases.services import consent_in_force
from haven.cases.vocab import ReferralReason
from haven.referrals import actions
from haven.referrals.consent import consent_purpose
from haven.referrals.models import Referral, Service
from haven.referrals.vocab import (
    MOVES,
    OPEN_STATUSES,
    RESPONSE_DAYS,
    Scope,
    Side,
    Status,
    Urgency,
    find_move,
    with_basic,
)

ACTION_OF: dict[str, str] = {
    Status.ACCEPTED: actions.REFERRAL_ACCEPTED,
    Status.DECLINED: actions.REFERRAL_DECLINED,
    Status.COMPLETED: actions.REFERRAL_COMPLETED,
    Status.WITHDRAWN: actions.REFERRAL_WITHDRAWN,
}
SIDE_OF_TARGET = {move.target: move.side for move in MOVES}
CAPABILITY_OF_SIDE: dict[str, Cap] = {
    Side.SENDER: Cap.REFERRAL_SEND,
    Side.RECEIVER: Cap.REFERRAL_ANSWER,
}


def response_deadline(urgency: str, sent_at: datetime.datetime) -> datetime.datetime:
    return sent_at + datetime.timedelta(days=RESPONSE_DAYS[urgency])


def _audit(
    *,
    actor: Any,
    action: str,
    referral: Referral,
    request: HttpRequest | None,
    details: dict[str, Any] | None = None,
) -> None:
    """One event on the case for each organisation of the referral."""
    payload = {"referral": str(referral.pk), **(details or {})}
    for organisation_id in dict.fromkeys(
        (referral.from_organisation_id, referral.to_organisation_id)
    ):
        record(
            actor=actor,
            action=action,
            obj=referral.case,
            organisation=organisation_id,
            request=request,
            details=payload,
        )


def _service_ids(services: Iterable[Service | UUID | str]) -> set[str]:
    ids = set()
    for item in services:
        value = item.pk if isinstance(item, Service) else item
        try:
            ids.add(str(UUID(str(value))))
        except ValueError as exc:
            raise ValidationError({"services": _("Choose services from the directory.")}) from exc
    return ids


def referral_validate(
    *,
    actor: Any,
    case: Case,
    to_organisation: Organisation,
    services: Iterable[Service | UUID | str],
    urgency: str,
    reason: str,
) -> list[Service]:
    """Check a referral before it is sent (the "check your answers" page asks too); return
    the services requested."""
    if not policy.can(actor, Cap.REFERRAL_SEND, case):
        raise PermissionDenied
    sender = case.organisation
    if case.stage == Stage.CLOSED:
        raise ValidationError(_("This case is closed. Reopen it before referring it."))
    if to_organisation.pk == sender.pk or not to_organisation.is_active:
        raise ValidationError(
            {"to_organisation": _("Choose another active organisation to refer to.")}
        )
    ids = _service_ids(services)
    chosen = list(Service.objects.filter(pk__in=ids, organisation=to_organisation, is_active=True))
    if not ids or len(chosen) != len(ids):
        raise ValidationError(
            {"services": _("Choose at least one service that this organisation offers.")}
        )
    errors = {}
    if urgency not in Urgency.values:
        errors["urgency"] = _("Choose how urgent the referral is.")
    if reason not in ReferralReason.values:
        errors["reason"] = _("Choose the reason for the referral.")
    if errors:
        raise ValidationError(errors)
    purpose = consent_purpose(sender, to_organisation)
    if not consent_in_force(case, purpose):
        raise ValidationError(
            _(
                "The person has not consented to sharing their data with organisations in "
                "the country. Record their consent on the case first."
            )
            if purpose == Purpose.SHARE_DOMESTIC
            else _(
                "The person has not consented to sharing their data with organisations "
                "abroad. Record their consent on the case first."
            ),
            code="consent",
        )
    if Referral.objects.filter(
        case=case, to_organisation=to_organisation, status__in=OPEN_STATUSES
    ).exists():
        raise ValidationError(
            _("This case already has an open referral to this organisation."), code="duplicate"
        )
    return chosen


@transaction.atomic
def referral_send(
    *,
    actor: Any,
    case: Case,
    to_organisation: Organisation,
    services: Iterable[Service | UUID | str],
    urgency: str,
    reason: str,
    scopes: Iterable[str] = (),
    message: str = "",
    request: HttpRequest | None = None,
) -> Referral:
    """Refer ``case`` to ``to_organisation`` for ``services``, sharing ``scopes`` (and
    always ``basic``). Needs the person's consent to share in the country or abroad."""
    if not policy.can(actor, Cap.REFERRAL_SEND, case):
        raise PermissionDenied
    case = (
        Case.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=case.pk)
    )
    chosen = referral_validate(
        actor=actor,
        case=case,
        to_organisation=to_organisation,
        services=services,
        urgency=urgency,
        reason=reason,
    )
    scopes = list(scopes)
    if set(scopes) - set(Scope.values):
        raise ValidationError({"scopes": _("Choose what to share from the list.")})
    sender = case.organisation
    purpose = consent_purpose(sender, to_organisation)
    now = timezone.now()
    referral = Referral(  # scopes: codes
        case=case,
        from_organisation=sender,
        to_organisation=to_organisation,
        urgency=urgency,
        reason=reason,
        message=message.strip(),
        scopes=with_basic(scopes),
        sent_at=now,
        respond_by=response_deadline(urgency, now),
        sent_by=actor,
    )
    referral.full_clean()
    referral.save()
    referral.services.set(chosen)
    _audit(
        actor=actor,
        action=actions.REFERRAL_SENT,
        referral=referral,
        request=request,
        details={
            "to_organisation": str(to_organisation.pk),
            "urgency": urgency,
            "reason": reason,
            "scopes": list(referral.scopes),
            "services": len(chosen),
            "consent": purpose,
        },
    )
    return referral


def _move(
    *,
    actor: Any,
    referral: Referral,
    target: str,
    reason: str = "",
    request: HttpRequest | None = None,
) -> Referral:
    locked = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("case", "from_organisation", "to_organisation")
        .get(pk=referral.pk)
    )
    side = SIDE_OF_TARGET[target]
    organisation = locked.to_organisation if side == Side.RECEIVER else locked.from_organisation
    if not policy.can(actor, CAPABILITY_OF_SIDE[side], organisation):
        raise PermissionDenied
    move = find_move(locked.status, target)
    if move is None:
        raise ValidationError(
            _("This referral is {status}: it cannot be changed that way.").format(
                status=locked.get_status_display().lower()
            ),
            code="invalid_move",
        )
    reason = reason.strip()
    if move.needs_reason and not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    source = locked.status
    now = timezone.now()
    locked.status = target
    if target in (Status.ACCEPTED, Status.DECLINED):
        locked.answered_at, locked.answered_by = now, actor
    else:
        locked.closed_at = now
    if target == Status.DECLINED:
        locked.decline_reason = reason
    if target == Status.WITHDRAWN:
        locked.withdraw_reason = reason
    locked.save()
    _audit(
        actor=actor,
        action=ACTION_OF[target],
        referral=locked,
        request=request,
        details={"from": source, "to": target},
    )
    return locked


@transaction.atomic
def referral_accept(
    *, actor: Any, referral: Referral, request: HttpRequest | None = None
) -> Referral:
    return _move(actor=actor, referral=referral, target=Status.ACCEPTED, request=request)


@transaction.atomic
def referral_decline(
    *, actor: Any, referral: Referral, reason: str, request: HttpRequest | None = None
) -> Referral:
    return _move(
        actor=actor, referral=referral, target=Status.DECLINED, reason=reason, request=request
    )


@transaction.atomic
def referral_complete(
    *, actor: Any, referral: Referral, request: HttpRequest | None = None
) -> Referral:
    return _move(actor=actor, referral=referral, target=Status.COMPLETED, request=request)


@transaction.atomic
def referral_withdraw(
    *, actor: Any, referral: Referral, reason: str, request: HttpRequest | None = None
) -> Referral:
    return _move(
        actor=actor, referral=referral, target=Status.WITHDRAWN, reason=reason, request=request
    )
