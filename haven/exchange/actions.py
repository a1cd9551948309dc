"""Audit action codes of the exchange app. Every message sent or received, every answer
and every match query is recorded on both nodes with the agreement it relied on."""

from django.utils.translation import gettext_lazy as _

from haven.audit.actions import register

NODE_INITIALISED = "exchange.node_initialised"
NODE_CHANGED = "exchange.node_changed"
KEYS_ROTATED = "exchange.keys_rotated"
PARTNER_REGISTERED = "exchange.partner_registered"
PARTNER_KEYS_UPDATED = "exchange.partner_keys_updated"
PARTNER_CHANGED = "exchange.partner_changed"
AGREEMENT_CREATED = "exchange.agreement_created"
AGREEMENT_CHANGED = "exchange.agreement_changed"
MESSAGE_SENT = "exchange.message_sent"
MESSAGE_RECEIVED = "exchange.message_received"
MESSAGE_REJECTED = "exchange.message_rejected"
MESSAGE_FAILED = "exchange.message_failed"
ENVELOPE_DOWNLOADED = "exchange.envelope_downloaded"
REFERRAL_SENT = "exchange.referral_sent"
REFERRAL_RECEIVED = "exchange.referral_received"
REFERRAL_VIEWED = "exchange.referral_viewed"
REFERRAL_ACCEPTED = "exchange.referral_accepted"
REFERRAL_DECLINED = "exchange.referral_declined"
REFERRAL_PROGRESSED = "exchange.referral_progressed"
REFERRAL_STATUS = "exchange.referral_status_received"
REFERRAL_WITHDRAWN = "exchange.referral_withdrawn"
ERASURE_REQUESTED = "exchange.erasure_requested"
DATA_ERASED = "exchange.data_erased"
ERASURE_CONFIRMED = "exchange.erasure_confirmed"
DATA_EXPIRED = "exchange.data_expired"
MATCH_ASKED = "exchange.match_asked"
MATCH_ANSWERED = "exchange.match_answered"

register(
    {
        NODE_INITIALISED: _("Initialised this exchange node and its keys"),
        NODE_CHANGED: _("Changed this exchange node's details"),
        KEYS_ROTATED: _("Rotated this exchange node's keys"),
        PARTNER_REGISTERED: _("Registered a partner node"),
        PARTNER_KEYS_UPDATED: _("Updated a partner node's keys"),
        PARTNER_CHANGED: _("Changed a partner node"),
        AGREEMENT_CREATED: _("Created a data-sharing agreement"),
        AGREEMENT_CHANGED: _("Changed a data-sharing agreement"),
        MESSAGE_SENT: _("Sent a signed message to a partner node"),
        MESSAGE_RECEIVED: _("Received a signed message from a partner node"),
        MESSAGE_REJECTED: _("Rejected a message from outside"),
        MESSAGE_FAILED: _("Gave up delivering a message to a partner node"),
        ENVELOPE_DOWNLOADED: _("Downloaded a message as a file for transfer"),
        REFERRAL_SENT: _("Sent a transnational referral"),
        REFERRAL_RECEIVED: _("Received a transnational referral"),
        REFERRAL_VIEWED: _("Read a transnational referral received"),
        REFERRAL_ACCEPTED: _("Accepted a transnational referral"),
        REFERRAL_DECLINED: _("Declined a transnational referral"),
        REFERRAL_PROGRESSED: _("Reported progress on a transnational referral"),
        REFERRAL_STATUS: _("Received the status of a transnational referral"),
        REFERRAL_WITHDRAWN: _("Withdrew a transnational referral (stop processing, erase)"),
        ERASURE_REQUESTED: _("Was asked by a partner to stop processing and erase data"),
        DATA_ERASED: _("Erased data received from a partner node"),
        ERASURE_CONFIRMED: _("Received a partner's confirmation of erasure"),
        DATA_EXPIRED: _("Erased data received from a partner at the end of retention"),
        MATCH_ASKED: _("Asked a partner node whether it knows a person"),
        MATCH_ANSWERED: _("Answered a partner node's match query"),
    }
)
