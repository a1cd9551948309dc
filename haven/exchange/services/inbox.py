"""The inbox: every envelope from outside is opened and checked here, whether it came over
the network (``POST /api/v1/exchange/inbox``) or as a file.

Checks, in order: the envelope (size, algorithms, our key, decryption, the partner's
registered signing key, signature, audience, times: ``envelope.open_envelope``), replay
(the message id is remembered), the agreement (known, in force for new referrals and match
queries, the purpose agreed), then the message itself (fields inside the agreement, the
organisations it names, the person's consent). Anything else is rejected with a code; a
rejected message changes nothing.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from haven.audit.services import record
from haven.exchange import actions, envelope, payload
from haven.exchange.models import Agreement, Message, Partner, Transfer
from haven.exchange.services import matching, outbox, transfers
from haven.exchange.services.node import decryption_keys, node_get
from haven.exchange.vocab import (
    RANK,
    STATUS_MESSAGES,
    Direction,
    Field,
    MessageType,
    Status,
    WithdrawalReason,
)

# HTTP status of each rejection code (403 unless named).
HTTP_STATUS = {
    "malformed": 400,
    "algorithm": 400,
    "unknown_type": 400,
    "bad_encoding": 400,
    "too_large": 413,
    "replayed": 409,
    "duplicate": 409,
    "unknown_referral": 404,
    "not_initialised": 404,
}
NEEDS_AGREEMENT_IN_FORCE = (MessageType.REFERRAL, MessageType.MATCH_QUERY)


class RejectedError(Exception):
    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(detail or code)
        self.code = code
        self.detail = detail or code

    @property
    def status(self) -> int:
        return HTTP_STATUS.get(self.code, 403)


@dataclass(frozen=True)
class Outcome:
    message: Message
    transfer: Transfer | None = None
    answer: str = ""  # the sealed answer to a match query


def _signing_keys(issuer: str) -> dict[str, dict[str, Any]] | None:
    partner = Partner.objects.filter(node_id=issuer, is_active=True).first()
    if partner is None:
        return None
    return {k["kid"]: k for k in partner.jwks.get("keys", []) if k.get("use") == "sig"}


def _agreement(partner: Partner, claims: dict[str, Any]) -> Agreement:
    agreement = (
        Agreement.objects.filter(partner=partner, code=claims["agr"])
        .select_related("partner")
        .first()
    )
    if agreement is None:
        raise RejectedError("unknown_agreement", "No agreement with this identifier.")
    if claims["typ"] in NEEDS_AGREEMENT_IN_FORCE:
        if not agreement.in_force():
            raise RejectedError("agreement_not_in_force", "The agreement is not in force.")
        if claims["pur"] not in agreement.purposes:
            raise RejectedError("purpose_not_agreed", "The agreement does not allow this purpose.")
    return agreement


def _remember(partner: Partner, agreement: Agreement, claims: dict[str, Any]) -> Message:
    if Message.objects.filter(partner=partner, direction=Direction.IN, jti=claims["jti"]).exists():
        raise RejectedError("replayed", "This message was received before.")
    try:
        with transaction.atomic():
            return outbox.log_message(
                direction=Direction.IN,
                partner=partner,
                agreement=agreement,
                claims=claims,
                status=str(claims["body"].get("status", ""))[:20]
                if claims["typ"] == MessageType.STATUS
                else "",
                audit=False,
            )
    except IntegrityError as exc:
        raise RejectedError("replayed", "This message was received before.") from exc


def _thread(claims: dict[str, Any]) -> uuid.UUID:
    try:
        return uuid.UUID(claims["ref"])
    except (ValueError, TypeError, AttributeError) as exc:
        raise RejectedError("malformed", "The message names no referral.") from exc


def _referral(partner: Partner, agreement: Agreement, claims: dict[str, Any]) -> Transfer:
    thread = _thread(claims)
    data = claims["body"].get("referral")
    if not isinstance(data, dict):
        raise RejectedError("malformed", "No referral in the message.")
    target = _uuid(data.get("to_organisation"))
    ours = agreement.organisations.filter(pk=target).first() if target else None
    sender = data.get("from_organisation")
    sender_id = sender.get("id") if isinstance(sender, dict) else None
    if ours is None or agreement.partner_organisation(str(sender_id)) is None:
        raise RejectedError(
            "unknown_organisation", "An organisation is not named in the agreement."
        )
    values = data.get("fields")
    if not isinstance(values, dict) or not values:
        raise RejectedError("malformed", "The referral carries no fields.")
    outside = sorted(set(values) - set(agreement.allowed(claims["pur"])))
    if outside:
        raise RejectedError(
            "field_not_agreed", "Fields outside the agreement: " + ", ".join(outside)[:200]
        )
    if payload.invalid_fields(values):
        raise RejectedError("malformed", "Some fields are not valid.")
    consent = data.get("consent")
    child = isinstance(consent, dict) and consent.get("child") is True
    if (
        not isinstance(consent, dict)
        or consent.get("share_abroad") is not True
        or (child and consent.get("guardian") is not True)
    ):
        raise RejectedError("consent_missing", "The person's consent to share abroad is missing.")
    reference = data.get("reference")
    if not isinstance(reference, str) or not 0 < len(reference) <= 40:
        raise RejectedError("malformed", "The referral has no reference.")
    if Transfer.objects.filter(partner=partner, direction=Direction.IN, thread=thread).exists():
        raise RejectedError("duplicate", "This referral was received before.")
    now = timezone.now()
    transfer = Transfer.objects.create(
        direction=Direction.IN,
        thread=thread,
        partner=partner,
        agreement=agreement,
        purpose=claims["pur"],
        organisation=ours,
        remote_organisation=str(sender_id),
        remote_organisation_name=str(sender.get("name", ""))[:200],  # type: ignore[union-attr]
        remote_reference=reference,
        status=Status.RECEIVED,
        fields=[f for f in Field.values if f in values],
        payload=values,
        child=child,
        sent_at=datetime.datetime.fromtimestamp(claims["iat"], tz=datetime.UTC),
        retain_until=now + datetime.timedelta(days=agreement.retention_days),
    )
    record(
        actor=None,
        action=actions.REFERRAL_RECEIVED,
        obj=transfer,
        details={
            "transfer": str(transfer.pk),
            "agreement": agreement.code,
            "partner": partner.node_id,
            "purpose": transfer.purpose,
            "fields": list(transfer.fields),
        },
    )
    transfers.status_message(transfer, None, Status.RECEIVED)
    return transfer


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _transfer(
    partner: Partner, agreement: Agreement, claims: dict[str, Any], side: str
) -> Transfer:
    transfer = (
        Transfer.objects.select_for_update(of=("self",))
        .select_related("partner", "agreement")
        .filter(partner=partner, direction=side, thread=_thread(claims))
        .first()
    )
    if transfer is None:
        raise RejectedError("unknown_referral", "No such referral.")
    if transfer.agreement_id != agreement.pk:
        raise RejectedError("unknown_agreement", "The referral was made under another agreement.")
    return transfer


def _status(partner: Partner, agreement: Agreement, claims: dict[str, Any]) -> Transfer:
    transfer = _transfer(partner, agreement, claims, Direction.OUT)
    body = claims["body"]
    status = body.get("status")
    if status not in STATUS_MESSAGES:
        raise RejectedError("malformed", "Unknown status.")
    if (
        transfer.status not in (Status.WITHDRAWN, Status.ERASED)
        and RANK[status] > RANK[Status(transfer.status)]
    ):
        transfer.status = status
    if status == Status.ACCEPTED and isinstance(body.get("reference"), str):
        transfer.remote_reference = body["reference"][:40]
    if status == Status.DECLINED and isinstance(body.get("reason"), str):
        transfer.reason = body["reason"][: payload.MAX_TEXT]
    transfer.save()
    record(
        actor=None,
        action=actions.REFERRAL_STATUS,
        obj=transfer.case or transfer,
        organisation=transfer.organisation_id,
        details={
            "transfer": str(transfer.pk),
            "agreement": agreement.code,
            "partner": partner.node_id,
            "status": status,
        },
    )
    return transfer


def _withdrawal(partner: Partner, agreement: Agreement, claims: dict[str, Any]) -> Transfer:
    transfer = _transfer(partner, agreement, claims, Direction.IN)
    reason = claims["body"].get("reason")
    if reason not in WithdrawalReason.values:
        raise RejectedError("malformed", "Unknown reason.")
    record(
        actor=None,
        action=actions.ERASURE_REQUESTED,
        obj=transfer.case or transfer,
        organisation=transfer.organisation_id,
        details={
            "transfer": str(transfer.pk),
            "agreement": agreement.code,
            "partner": partner.node_id,
            "reason": reason,
        },
    )
    if transfer.status == Status.ERASED:
        return transfer
    transfer.reason = str(WithdrawalReason(reason).label)
    transfer.status = Status.WITHDRAWN
    transfer.payload = {}  # stop processing: what was received and not accepted is gone now
    if transfer.case_id is None:
        transfers.confirm_erasure(transfer, None)
    else:
        transfer.erasure_pending = True
        transfer.save()
    return transfer


def _erased(partner: Partner, agreement: Agreement, claims: dict[str, Any]) -> Transfer:
    transfer = _transfer(partner, agreement, claims, Direction.OUT)
    transfer.status = Status.ERASED
    transfer.erased_at = timezone.now()
    transfer.save(update_fields=["status", "erased_at", "updated_at"])
    record(
        actor=None,
        action=actions.ERASURE_CONFIRMED,
        obj=transfer.case or transfer,
        organisation=transfer.organisation_id,
        details={
            "transfer": str(transfer.pk),
            "agreement": agreement.code,
            "partner": partner.node_id,
        },
    )
    return transfer


HANDLERS = {
    MessageType.REFERRAL: _referral,
    MessageType.STATUS: _status,
    MessageType.WITHDRAWAL: _withdrawal,
    MessageType.ERASED: _erased,
}


def receive(token: Any, *, request: HttpRequest | None = None) -> Outcome:
    """Open, check and act on one envelope; ``RejectedError`` when anything is wrong."""
    if not isinstance(token, str) or not token.strip():
        raise RejectedError("malformed", "Send the envelope as text.")
    node = node_get()
    if node is None:
        raise RejectedError("not_initialised", "This node is not initialised.")
    try:
        claims = envelope.open_envelope(
            token,
            decryption_keys=decryption_keys(),
            verification_keys=_signing_keys,
            audience=node.node_id,
            now=int(timezone.now().timestamp()),
        )
    except envelope.EnvelopeError as exc:
        raise RejectedError(exc.code, str(exc)) from exc
    partner = Partner.objects.get(node_id=claims["iss"])
    with transaction.atomic():
        agreement = _agreement(partner, claims)
        if claims["typ"] == MessageType.MATCH_QUERY:
            message = _remember(partner, agreement, claims)
            try:
                answer = matching.match_answer(partner=partner, agreement=agreement, claims=claims)
            except matching.MatchRefusedError as exc:
                raise RejectedError(exc.code) from exc
            outbox.audit_message(message)
            return Outcome(message=message, answer=answer.envelope)
        handler = HANDLERS.get(claims["typ"])
        if handler is None:
            raise RejectedError("unknown_type", "Unknown message type.")
        message = _remember(partner, agreement, claims)
        transfer = handler(partner, agreement, claims)
        message.transfer, message.organisation = transfer, transfer.organisation
        message.save(update_fields=["transfer", "organisation", "updated_at"])
        outbox.audit_message(message)
        return Outcome(message=message, transfer=transfer)


def record_rejection(
    exc: RejectedError, *, request: HttpRequest | None = None, via: str = "api"
) -> None:
    """The audit trail keeps every rejection (code only; the envelope is not kept)."""
    with transaction.atomic():
        record(
            actor=getattr(request, "user", None) if via == "file" else None,
            action=actions.MESSAGE_REJECTED,
            request=request,
            details={"code": exc.code, "via": via},
        )
