"""The exchange's entries in a case's timeline: referrals abroad, the signed status
messages partners sent back, withdrawals and erasure confirmations (``cases.timeline``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from haven.cases.timeline import Item
from haven.exchange.models import Message, Transfer
from haven.exchange.vocab import Direction, MessageType, SharingPurpose, Status


def _status_title(message: Message, partner: str) -> str:
    if message.type == MessageType.STATUS and message.status:
        return _("{partner}: {status}").format(partner=partner, status=Status(message.status).label)
    if message.type == MessageType.ERASED:
        return _("{partner}: erasure of the shared data confirmed").format(partner=partner)
    if message.type == MessageType.WITHDRAWAL:
        return _("Told {partner} to stop processing and erase the shared data").format(
            partner=partner
        )
    return _("{partner}: {type}").format(partner=partner, type=MessageType(message.type).label)


def items(case: Any) -> list[Item]:
    result: list[Item] = []
    transfers = list(
        Transfer.objects.filter(case=case).select_related("partner", "sent_by", "answered_by")
    )
    if not transfers:
        return result
    for transfer in transfers:
        purpose = SharingPurpose(transfer.purpose).label
        if transfer.direction == Direction.OUT:
            result.append(
                Item(
                    transfer.sent_at,
                    "exchange",
                    _("Referred abroad: {organisation} ({partner})").format(
                        organisation=transfer.remote_organisation_name,
                        partner=transfer.partner.name,
                    ),
                    str(purpose),
                    transfer.sent_by.username if transfer.sent_by else "",
                )
            )
        else:
            result.append(
                Item(
                    transfer.answered_at or transfer.updated_at,
                    "exchange",
                    _("Opened from a referral received from {organisation} ({partner})").format(
                        organisation=transfer.remote_organisation_name,
                        partner=transfer.partner.name,
                    ),
                    _("Their case {reference}; {purpose}").format(
                        reference=transfer.remote_reference, purpose=purpose
                    ),
                    transfer.answered_by.username if transfer.answered_by else "",
                )
            )
    outgoing = {t.pk: t for t in transfers if t.direction == Direction.OUT}
    messages = Message.objects.filter(transfer_id__in=list(outgoing)).exclude(
        type=MessageType.REFERRAL
    )
    for message in messages.filter(
        type__in=(MessageType.STATUS, MessageType.ERASED, MessageType.WITHDRAWAL)
    ).order_by("created_at"):
        if message.type == MessageType.WITHDRAWAL and message.direction == Direction.IN:
            continue
        if message.type != MessageType.WITHDRAWAL and message.direction == Direction.OUT:
            continue
        partner = outgoing[message.transfer_id].partner.name  # type: ignore[index]
        result.append(Item(message.created_at, "exchange", _status_title(message, partner)))
    return result
