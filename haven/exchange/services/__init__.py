"""Writes of the exchange app (see the topic modules); re-exported for callers."""

from haven.exchange.services.inbox import Outcome, RejectedError, receive, record_rejection
from haven.exchange.services.matching import match_ask, match_validate
from haven.exchange.services.node import (
    fingerprint,
    jwks,
    node_get,
    node_init,
    node_rotate,
    node_update,
)
from haven.exchange.services.outbox import deliver_due, mark_downloaded
from haven.exchange.services.partners import (
    agreement_save,
    checked_document,
    fetch_document,
    partner_change,
    partner_register,
    partner_update_keys,
)
from haven.exchange.services.transfers import (
    consent_withdrawn,
    purge_expired,
    sharing_consent,
    transfer_accept,
    transfer_decline,
    transfer_erase,
    transfer_progress,
    transfer_send,
    transfer_validate,
    transfer_withdraw,
)

__all__ = [
    "Outcome",
    "RejectedError",
    "agreement_save",
    "checked_document",
    "consent_withdrawn",
    "deliver_due",
    "fetch_document",
    "fingerprint",
    "jwks",
    "mark_downloaded",
    "match_ask",
    "match_validate",
    "node_get",
    "node_init",
    "node_rotate",
    "node_update",
    "partner_change",
    "partner_register",
    "partner_update_keys",
    "purge_expired",
    "receive",
    "record_rejection",
    "sharing_consent",
    "transfer_accept",
    "transfer_decline",
    "transfer_erase",
    "transfer_progress",
    "transfer_send",
    "transfer_validate",
    "transfer_withdraw",
]
