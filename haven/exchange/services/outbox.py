"""The outbox: every message leaves as a signed and encrypted envelope recorded in
``Message``; network deliveries run in the background (``tasks.deliver_message``) with
retries and backoff; partners reached by files wait for a coordinator to download them."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.audit.services import record
from haven.exchange import actions, envelope, transport
from haven.exchange.models import Agreement, Message, Partner, Transfer
from haven.exchange.services.node import current_key, require_node
from haven.exchange.vocab import Delivery, DeliveryMethod, Direction

logger = logging.getLogger(__name__)

DAY = 24 * 3600
LIFETIME = 7 * DAY  # envelopes may travel as files
MAX_ATTEMPTS = 8
BACKOFF = (60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600)  # seconds, by attempt


def _when(epoch: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC)


def seal_for(
    *,
    partner: Partner,
    agreement: Agreement,
    message_type: str,
    purpose: str,
    body: dict[str, Any],
    thread: str = "",
    lifetime: int = LIFETIME,
) -> tuple[dict[str, Any], str]:
    """Claims and the envelope of a message to ``partner`` (nothing written)."""
    node = require_node()
    recipient = partner.public_key(partner.encryption_kid, "enc")
    if recipient is None:
        raise ValidationError(_("The partner's encryption key is missing: update its keys."))
    claims = envelope.new_claims(
        issuer=node.node_id,
        audience=partner.node_id,
        agreement=agreement.code,
        purpose=purpose,
        message_type=message_type,
        body=body,
        now=int(timezone.now().timestamp()),
        lifetime=lifetime,
        thread=thread,
    )
    token = envelope.seal(
        claims, signing_key=dict(current_key("sig").private_jwk), recipient_key=recipient
    )
    return claims, token


def log_message(
    *,
    direction: str,
    partner: Partner,
    agreement: Agreement | None,
    claims: dict[str, Any],
    transfer: Transfer | None = None,
    organisation: Any = None,
    actor: Any = None,
    status: str = "",
    envelope_text: str = "",
    delivery: str = "",
    audit: bool = True,
) -> Message:
    message = Message.objects.create(
        direction=direction,
        partner=partner,
        agreement=agreement,
        transfer=transfer,
        organisation=organisation,
        type=claims["typ"],
        status=status,
        jti=claims["jti"],
        issued_at=_when(claims["iat"]),
        expires_at=_when(claims["exp"]),
        envelope=envelope_text,
        delivery=delivery,
        next_attempt_at=timezone.now() if delivery == Delivery.PENDING else None,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if audit:
        audit_message(message, actor)
    return message


def audit_message(message: Message, actor: Any = None) -> None:
    """Every message sent or received is an audit event naming its agreement."""
    record(
        actor=actor,
        action=actions.MESSAGE_SENT
        if message.direction == Direction.OUT
        else actions.MESSAGE_RECEIVED,
        obj=message.transfer,
        organisation=message.organisation_id,
        details={
            "message": str(message.pk),
            "type": message.type,
            "status": message.status,
            "agreement": message.agreement.code if message.agreement else "",
            "partner": message.partner.node_id,
            "jti": message.jti,
        },
    )


def queue(
    *,
    partner: Partner,
    agreement: Agreement,
    message_type: str,
    purpose: str,
    body: dict[str, Any],
    transfer: Transfer | None = None,
    organisation: Any = None,
    actor: Any = None,
    status: str = "",
) -> Message:
    """Seal a message and put it in the outbox (call inside the service's transaction);
    network deliveries start once the transaction commits."""
    claims, token = seal_for(
        partner=partner,
        agreement=agreement,
        message_type=message_type,
        purpose=purpose,
        body=body,
        thread=str(transfer.thread) if transfer else "",
    )
    by_file = partner.delivery == DeliveryMethod.FILE
    message = log_message(
        direction=Direction.OUT,
        partner=partner,
        agreement=agreement,
        claims=claims,
        transfer=transfer,
        organisation=organisation,
        actor=actor,
        status=status,
        envelope_text=token,
        delivery=Delivery.FILE if by_file else Delivery.PENDING,
    )
    if not by_file:
        transaction.on_commit(lambda: schedule(message.pk))
    return message


def schedule(message_id: Any, when: datetime.datetime | None = None) -> None:
    """Hand a delivery to the task queue (``haven db_worker`` runs it)."""
    from django_tasks import task_backends

    from haven.exchange.tasks import deliver_message

    task = deliver_message
    if when is not None:
        if not task_backends[task.backend].supports_defer:
            return  # picked up by ``haven exchange deliver`` when due
        task = task.using(run_after=when)
    task.enqueue(str(message_id))


def _finish(message: Message, delivery: str, error: str = "") -> None:
    message.delivery = delivery
    message.last_error = error[:80]
    if delivery == Delivery.DELIVERED:
        message.delivered_at = timezone.now()
        message.next_attempt_at = None
    message.save(
        update_fields=[
            "delivery",
            "last_error",
            "delivered_at",
            "next_attempt_at",
            "attempts",
            "updated_at",
        ]
    )
    if delivery == Delivery.FAILED:
        record(
            actor=None,
            action=actions.MESSAGE_FAILED,
            obj=message.transfer,
            organisation=message.organisation_id,
            details={
                "message": str(message.pk),
                "type": message.type,
                "partner": message.partner.node_id,
                "agreement": message.agreement.code if message.agreement else "",
                "error": message.last_error,
                "attempts": message.attempts,
            },
        )


def attempt(message_id: Any) -> str:
    """Try to deliver one outgoing message now; returns its delivery state after."""
    message = Message.objects.select_related("partner", "agreement").filter(pk=message_id).first()
    if message is None or message.direction != Direction.OUT:
        return ""
    if message.delivery not in (Delivery.PENDING, Delivery.RETRYING):
        return message.delivery
    now = timezone.now()
    with transaction.atomic():
        if message.expires_at <= now:
            _finish(message, Delivery.FAILED, "expired")
            return message.delivery
        if not message.partner.is_active:
            _finish(message, Delivery.FAILED, "partner_inactive")
            return message.delivery
    message.attempts += 1
    try:
        reply = transport.post(message.partner.inbox_url, message.envelope)
        error = "" if reply.status < 300 else f"http_{reply.status}:{reply.code}".rstrip(":")
        retry = reply.status == 429 or reply.status >= 500
        delivered = reply.status < 300 or (reply.status == 409 and reply.code == "replayed")
    except transport.TransportError as exc:
        error, retry, delivered = exc.code, True, False
    logger.info("exchange delivery %s attempt %s: %s", message.pk, message.attempts, error or "ok")
    with transaction.atomic():
        if delivered:
            _finish(message, Delivery.DELIVERED)
        elif retry and message.attempts < MAX_ATTEMPTS:
            wait = BACKOFF[min(message.attempts - 1, len(BACKOFF) - 1)]
            message.next_attempt_at = now + datetime.timedelta(seconds=wait)
            _finish(message, Delivery.RETRYING, error)
            when = message.next_attempt_at
            transaction.on_commit(lambda: schedule(message.pk, when))
        else:
            _finish(message, Delivery.FAILED, error)
    return message.delivery


def deliver_due(*, limit: int = 200, everything: bool = False) -> dict[str, int]:
    """Deliver outgoing messages now (``haven exchange deliver``): those due, or every
    waiting one with ``everything``. Returns counts by resulting state."""
    qs = Message.objects.filter(
        direction=Direction.OUT, delivery__in=(Delivery.PENDING, Delivery.RETRYING)
    )
    if not everything:
        qs = qs.filter(next_attempt_at__lte=timezone.now())
    counts: dict[str, int] = {}
    for pk in list(qs.order_by("created_at").values_list("pk", flat=True)[:limit]):
        state = attempt(pk)
        counts[state] = counts.get(state, 0) + 1
    return counts


@transaction.atomic
def mark_downloaded(*, actor: Any, message: Message, request: Any = None) -> Message:
    """A coordinator took the envelope away as a file (audited)."""
    locked = Message.objects.select_for_update().get(pk=message.pk)
    if locked.delivery in (Delivery.FILE, Delivery.PENDING, Delivery.RETRYING, Delivery.FAILED):
        locked.delivery = Delivery.DOWNLOADED
        locked.save(update_fields=["delivery", "updated_at"])
    record(
        actor=actor,
        action=actions.ENVELOPE_DOWNLOADED,
        obj=locked.transfer,
        organisation=locked.organisation_id,
        request=request,
        details={"message": str(locked.pk), "type": locked.type, "partner": locked.partner.node_id},
    )
    return locked
