"""Transnational referrals: sending one (the sending node) and answering one (the
receiving node), with the signed status messages that travel back, withdrawal (stop
processing and erase) and the receiver's confirmation of erasure.

Every step runs in one transaction, checks the policy, queues its signed message in the
outbox and records an audit event naming the agreement it relied on.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts import policy
from haven.accounts.roles import Cap
from haven.audit.services import record
from haven.cases import services as case_services
from haven.cases.models import Case, Consent, Purpose, Stage
from haven.exchange import actions, payload
from haven.exchange.models import Agreement, Transfer
from haven.exchange.services import outbox
from haven.exchange.vocab import (
    RECEIVER_MOVES,
    WITHDRAWABLE,
    Direction,
    Field,
    MessageType,
    Status,
    WithdrawalReason,
)

OPEN = (Status.SENT, Status.RECEIVED, Status.ACCEPTED, Status.ASSISTANCE)
ACTION_OF = {
    Status.ACCEPTED: actions.REFERRAL_ACCEPTED,
    Status.DECLINED: actions.REFERRAL_DECLINED,
    Status.ASSISTANCE: actions.REFERRAL_PROGRESSED,
    Status.CLOSED: actions.REFERRAL_PROGRESSED,
}


def sharing_consent(case: Case) -> Consent | None:
    """The consent to share abroad in force (for a child, only with the guardian's)."""
    newest = (
        Consent.objects.filter(case=case, purpose=Purpose.SHARE_ABROAD)
        .order_by("-created_at", "-id")
        .first()
    )
    if newest is None or not newest.given:
        return None
    if case.is_child and not (newest.guardian or "").strip():
        return None
    return newest


def _details(transfer: Transfer, **extra: Any) -> dict[str, Any]:
    return {
        "transfer": str(transfer.pk),
        "agreement": transfer.agreement.code,
        "partner": transfer.partner.node_id,
        "purpose": transfer.purpose,
        **extra,
    }


# ---------------------------------------------------------------------------------------------
# Sending node


def transfer_validate(
    *,
    actor: Any,
    case: Case,
    agreement: Agreement,
    purpose: str,
    to_organisation: str,
    fields: list[str],
) -> Consent:
    """Check a referral abroad before it is sent (the confirmation page asks too)."""
    if not policy.can(actor, Cap.EXCHANGE_REFER, case):
        raise PermissionDenied
    if case.stage == Stage.CLOSED:
        raise ValidationError(_("This case is closed. Reopen it before referring it."))
    if not agreement.organisations.filter(pk=case.organisation_id).exists():
        raise ValidationError(
            {"agreement": _("This agreement does not cover your organisation.")}, code="agreement"
        )
    if not agreement.in_force():
        raise ValidationError(
            {
                "agreement": _(
                    "This agreement is not in force (expired, not yet valid or suspended)."
                )
            },
            code="agreement",
        )
    allowed = agreement.allowed(purpose)
    if not allowed:
        raise ValidationError(
            {"purpose": _("The agreement does not allow this purpose.")}, code="purpose"
        )
    if not fields or set(fields) - set(allowed):
        raise ValidationError(
            {"fields": _("Choose fields that the agreement allows for this purpose.")},
            code="fields",
        )
    if agreement.partner_organisation(to_organisation) is None:
        raise ValidationError(
            {"to_organisation": _("Choose an organisation that the agreement names.")}
        )
    consent = sharing_consent(case)
    if consent is None:
        raise ValidationError(
            _(
                "The person has not consented to sharing their data abroad (for a child, "
                "with the guardian's consent). Record the consent on the case first."
            ),
            code="consent",
        )
    if Transfer.objects.filter(
        case=case, direction=Direction.OUT, partner=agreement.partner, status__in=OPEN
    ).exists():
        raise ValidationError(
            _("This case already has an open referral to this partner."), code="duplicate"
        )
    return consent


@transaction.atomic
def transfer_send(
    *,
    actor: Any,
    case: Case,
    agreement: Agreement,
    purpose: str,
    to_organisation: str,
    fields: list[str],
    message: str = "",
    request: HttpRequest | None = None,
) -> Transfer:
    """Refer ``case`` to an organisation of the partner: only ``fields`` (which the
    agreement allows for ``purpose``) leave, signed and encrypted to the partner; a
    ``message`` travels as the ``message`` field, so the agreement must allow it too."""
    if not policy.can(actor, Cap.EXCHANGE_REFER, case):
        raise PermissionDenied
    case = Case.objects.select_for_update(of=("self",)).select_related("person").get(pk=case.pk)
    wanted = set(fields) | ({Field.MESSAGE} if message.strip() else set())
    codes = [f for f in Field.values if f in wanted]
    if Field.MESSAGE in codes and not message.strip():
        codes.remove(Field.MESSAGE)
    consent = transfer_validate(
        actor=actor,
        case=case,
        agreement=agreement,
        purpose=purpose,
        to_organisation=to_organisation,
        fields=codes,
    )
    receiver = agreement.partner_organisation(to_organisation) or {}
    organisation = case.organisation
    transfer = Transfer.objects.create(
        direction=Direction.OUT,
        thread=uuid.uuid4(),
        partner=agreement.partner,
        agreement=agreement,
        purpose=purpose,
        organisation=organisation,
        remote_organisation=receiver["id"],
        remote_organisation_name=receiver["name"],
        case=case,
        case_reference=case.reference,
        status=Status.SENT,
        fields=codes,
        child=case.is_child,
        sent_by=actor,
    )
    body = {
        "referral": {
            "reference": case.reference,
            "from_organisation": {"id": str(organisation.pk), "name": organisation.name},
            "to_organisation": receiver["id"],
            "fields": payload.extract(case, codes, message),
            "consent": {
                "share_abroad": True,
                "decided_on": consent.decided_on.isoformat(),
                "child": case.is_child,
                "guardian": bool((consent.guardian or "").strip()),
            },
        }
    }
    outbox.queue(
        partner=agreement.partner,
        agreement=agreement,
        message_type=MessageType.REFERRAL,
        purpose=purpose,
        body=body,
        transfer=transfer,
        organisation=organisation,
        actor=actor,
    )
    record(
        actor=actor,
        action=actions.REFERRAL_SENT,
        obj=case,
        request=request,
        details=_details(transfer, fields=codes, to_organisation=receiver["id"]),
    )
    return transfer


def _withdraw(transfer: Transfer, actor: Any, reason: str, request: HttpRequest | None) -> None:
    transfer.status = Status.WITHDRAWN
    transfer.save(update_fields=["status", "updated_at"])
    outbox.queue(
        partner=transfer.partner,
        agreement=transfer.agreement,
        message_type=MessageType.WITHDRAWAL,
        purpose=transfer.purpose,
        body={"reason": reason},
        transfer=transfer,
        organisation=transfer.organisation,
        actor=actor,
    )
    record(
        actor=actor,
        action=actions.REFERRAL_WITHDRAWN,
        obj=transfer.case or transfer,
        organisation=transfer.organisation_id,
        request=request,
        details=_details(transfer, reason=reason),
    )


@transaction.atomic
def transfer_withdraw(
    *,
    actor: Any,
    transfer: Transfer,
    reason: str = WithdrawalReason.SENDER,
    request: HttpRequest | None = None,
) -> Transfer:
    """Tell the partner to stop processing and erase what it received."""
    if not policy.can(actor, Cap.EXCHANGE_REFER, transfer):
        raise PermissionDenied
    locked = (
        Transfer.objects.select_for_update()
        .select_related("partner", "agreement")
        .get(pk=transfer.pk)
    )
    if locked.direction != Direction.OUT or locked.status not in WITHDRAWABLE:
        raise ValidationError(_("This referral cannot be withdrawn now."), code="invalid_move")
    if reason not in WithdrawalReason.values:
        raise ValidationError({"reason": _("Choose why the referral is withdrawn.")})
    _withdraw(locked, actor, reason, request)
    return locked


def consent_withdrawn(*, case: Case, actor: Any) -> int:
    """The person withdrew their consent to sharing abroad: every partner holding their
    data is told at once to stop processing and erase it (called in the consent's
    transaction, whoever recorded the withdrawal)."""
    count = 0
    transfers = Transfer.objects.select_for_update().select_related("partner", "agreement")
    for transfer in transfers.filter(case=case, direction=Direction.OUT, status__in=WITHDRAWABLE):
        _withdraw(transfer, actor, WithdrawalReason.CONSENT, None)
        count += 1
    return count


def identity_erased(*, cases: list[Any], actor: Any) -> int:
    """A person's identity was erased here (``cases.signals.person_erased``): partners
    holding their data are told to erase it too, and what partners sent about them goes."""
    count = 0
    transfers = Transfer.objects.select_for_update().select_related("partner", "agreement")
    for transfer in transfers.filter(case__in=cases):
        transfer.payload, transfer.reason = {}, ""
        transfer.save(update_fields=["payload", "reason", "updated_at"])
        if transfer.direction == Direction.OUT and transfer.status in WITHDRAWABLE:
            _withdraw(transfer, actor, WithdrawalReason.ERASED, None)
            count += 1
    return count


# ---------------------------------------------------------------------------------------------
# Receiving node


def _incoming(actor: Any, transfer: Transfer, *capabilities: Cap) -> Transfer:
    for capability in (Cap.EXCHANGE_REFER, *capabilities):
        if not policy.can(actor, capability, transfer.organisation):
            raise PermissionDenied
    locked = (
        Transfer.objects.select_for_update(of=("self",))
        .select_related("partner", "agreement", "organisation")
        .get(pk=transfer.pk)
    )
    if locked.direction != Direction.IN:
        raise ValidationError(_("Only a referral received can be answered."), code="invalid_move")
    return locked


def status_message(transfer: Transfer, actor: Any, status: str, **body: Any) -> None:
    outbox.queue(
        partner=transfer.partner,
        agreement=transfer.agreement,
        message_type=MessageType.STATUS,
        purpose=transfer.purpose,
        body={"status": status, **body},
        transfer=transfer,
        organisation=transfer.organisation,
        actor=actor,
        status=status,
    )


def _check_move(transfer: Transfer, target: str) -> None:
    if target not in RECEIVER_MOVES.get(Status(transfer.status), ()):
        raise ValidationError(
            _("This referral is {status}: it cannot be changed that way.").format(
                status=transfer.get_status_display().lower()
            ),
            code="invalid_move",
        )


def _open_case(actor: Any, transfer: Transfer, request: HttpRequest | None) -> Case:
    records = payload.to_records(transfer.payload or {})
    person = case_services.person_register(
        actor=actor, organisation=transfer.organisation, request=request, **records.person
    )
    case = case_services.case_open(
        actor=actor,
        person=person,
        reasons_to_believe_child=records.reasons_to_believe_child or transfer.child,
        request=request,
        **records.case,
    )
    for event in records.events:
        case_services.event_record(actor=actor, case=case, request=request, **event)
    return case


@transaction.atomic
def transfer_accept(
    *, actor: Any, transfer: Transfer, request: HttpRequest | None = None
) -> Transfer:
    """Accept a referral received: a case opens in the receiving organisation with the
    data received and records where it came from; the sender is told."""
    locked = _incoming(actor, transfer, Cap.CASE_REGISTER)
    _check_move(locked, Status.ACCEPTED)
    case = _open_case(actor, locked, request)
    now = timezone.now()
    locked.case, locked.case_reference = case, case.reference
    locked.status, locked.answered_by, locked.answered_at = Status.ACCEPTED, actor, now
    locked.payload, locked.retain_until = {}, None  # the data now lives in the case
    locked.save()
    status_message(locked, actor, Status.ACCEPTED, reference=case.reference)
    record(
        actor=actor,
        action=actions.REFERRAL_ACCEPTED,
        obj=case,
        request=request,
        details=_details(locked, fields=list(locked.fields)),
    )
    return locked


@transaction.atomic
def transfer_decline(
    *, actor: Any, transfer: Transfer, reason: str, request: HttpRequest | None = None
) -> Transfer:
    """Decline with a reason (sent to the partner); the data received is erased."""
    locked = _incoming(actor, transfer)
    _check_move(locked, Status.DECLINED)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    locked.status, locked.reason = Status.DECLINED, reason[: payload.MAX_TEXT]
    locked.answered_by, locked.answered_at = actor, timezone.now()
    locked.payload, locked.erased_at = {}, timezone.now()
    locked.save()
    status_message(locked, actor, Status.DECLINED, reason=locked.reason)
    record(
        actor=actor,
        action=actions.REFERRAL_DECLINED,
        obj=locked,
        request=request,
        details=_details(locked),
    )
    return locked


@transaction.atomic
def transfer_progress(
    *, actor: Any, transfer: Transfer, status: str, request: HttpRequest | None = None
) -> Transfer:
    """Assistance started, or the referral closed: the sender's case shows it."""
    if status not in (Status.ASSISTANCE, Status.CLOSED):
        raise ValidationError({"status": _("Choose assistance started or closed.")})
    locked = _incoming(actor, transfer)
    _check_move(locked, status)
    locked.status = status
    locked.save(update_fields=["status", "updated_at"])
    status_message(locked, actor, status)
    record(
        actor=actor,
        action=ACTION_OF[Status(status)],
        obj=locked.case or locked,
        organisation=locked.organisation_id,
        request=request,
        details=_details(locked, status=status),
    )
    return locked


def confirm_erasure(transfer: Transfer, actor: Any, request: HttpRequest | None = None) -> None:
    """The received data is gone: tell the sender (signed)."""
    transfer.payload, transfer.erasure_pending = {}, False
    transfer.status, transfer.erased_at = Status.ERASED, timezone.now()
    transfer.save()
    outbox.queue(
        partner=transfer.partner,
        agreement=transfer.agreement,
        message_type=MessageType.ERASED,
        purpose=transfer.purpose,
        body={"erased_at": transfer.erased_at.isoformat()},
        transfer=transfer,
        organisation=transfer.organisation,
        actor=actor,
    )
    record(
        actor=actor,
        action=actions.DATA_ERASED,
        obj=transfer.case or transfer,
        organisation=transfer.organisation_id,
        request=request,
        details=_details(transfer, fields=list(transfer.fields)),
    )


IDENTITY_ERASED: dict[str, Any] = {
    "family_name": "",
    "given_names": "",
    "aliases": [],
    "birth_date": None,
    "identity_documents": [],
    "contacts": {},
}


@transaction.atomic
def transfer_erase(
    *, actor: Any, transfer: Transfer, request: HttpRequest | None = None
) -> Transfer:
    """The sender asked for erasure and the referral had become a case here: erase the
    identity that came with it from that case, then confirm to the sender."""
    locked = _incoming(actor, transfer, Cap.CASE_EDIT)
    if not locked.erasure_pending:
        raise ValidationError(_("No erasure is requested for this referral."), code="invalid_move")
    case = locked.case
    erase = {name: blank for name, blank in IDENTITY_ERASED.items() if name in locked.fields}
    if case is not None and erase and case.person.erased_at is None:
        case_services.person_update(actor=actor, person=case.person, request=request, **erase)
        if Field.GUARDIAN in locked.fields and case.guardian:
            case_services.case_update(actor=actor, case=case, request=request, guardian="")
    confirm_erasure(locked, actor, request)
    return locked


@transaction.atomic
def purge_expired(*, now: datetime.datetime | None = None) -> int:
    """Erase what was received and never answered once the agreement's retention ends
    (``haven exchange purge``)."""
    moment = now or timezone.now()
    count = 0
    expired = Transfer.objects.select_for_update().filter(
        direction=Direction.IN, retain_until__lt=moment, erased_at__isnull=True
    )
    for transfer in expired.select_related("partner", "agreement"):
        if not transfer.payload:
            continue
        transfer.payload, transfer.erased_at = {}, moment
        transfer.save(update_fields=["payload", "erased_at", "updated_at"])
        record(
            actor=None,
            action=actions.DATA_EXPIRED,
            obj=transfer,
            details=_details(transfer),
        )
        count += 1
    return count
