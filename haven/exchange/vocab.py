"""Words of the exchange app: purposes of an agreement, the fields a referral may carry,
message types and the statuses of a transnational referral (``Transfer``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SharingPurpose(models.TextChoices):
    """Why data crosses the border; an agreement allows fields per purpose."""

    CONTINUITY = "continuity_of_assistance", _("Continuity of assistance")
    RETURN = "return_reintegration", _("Return and reintegration")
    FAMILY_TRACING = "family_tracing", _("Family tracing")
    PROCEEDINGS = "criminal_proceedings", _("Criminal proceedings")


class Field(models.TextChoices):
    """What a referral may carry (the agreement allows a subset per purpose)."""

    FAMILY_NAME = "family_name", _("Family name")
    GIVEN_NAMES = "given_names", _("Given names")
    ALIASES = "aliases", _("Other names and spellings")
    BIRTH_DATE = "birth_date", _("Date of birth")
    SEX = "sex", _("Sex / gender")
    CITIZENSHIP = "citizenship", _("Citizenship")
    LANGUAGES = "languages", _("Languages spoken")
    IDENTITY_DOCUMENTS = "identity_documents", _("Identity documents")
    CONTACTS = "contacts", _("Contacts")
    CHILD = "child", _("Child or presumed child")
    GUARDIAN = "guardian", _("Guardian")
    TRAFFICKING_STATUS = "trafficking_status", _("Trafficking status")
    EXPLOITATION_TYPES = "exploitation_types", _("Types of exploitation")
    RECRUITMENT_COUNTRY = "recruitment_country", _("Country of recruitment")
    EXPLOITATION_COUNTRY = "exploitation_country", _("Country of exploitation")
    VULNERABILITIES = "vulnerabilities", _("Vulnerabilities")
    RISK_LEVEL = "risk_level", _("Risk level")
    EVENTS = "events", _("Trafficking events (type, date, country, city)")
    MESSAGE = "message", _("Message from the coordinator")


IDENTITY_FIELDS = (
    Field.FAMILY_NAME,
    Field.GIVEN_NAMES,
    Field.ALIASES,
    Field.BIRTH_DATE,
    Field.IDENTITY_DOCUMENTS,
    Field.CONTACTS,
    Field.GUARDIAN,
)


class MessageType(models.TextChoices):
    REFERRAL = "referral", _("Referral")
    STATUS = "status", _("Status")
    WITHDRAWAL = "withdrawal", _("Stop processing and erase")
    ERASED = "erased", _("Erasure confirmed")
    MATCH_QUERY = "match_query", _("Match query")
    MATCH_ANSWER = "match_answer", _("Match answer")


class Direction(models.TextChoices):
    OUT = "out", _("Sent")
    IN = "in", _("Received")


class Status(models.TextChoices):
    """Where a transnational referral stands, the same words on both nodes."""

    SENT = "sent", _("Sent")
    RECEIVED = "received", _("Received")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    ASSISTANCE = "assistance_started", _("Assistance started")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn: stop processing and erase")
    ERASED = "erased", _("Data erased")


# Status messages the receiving node sends back (the sender's timeline shows them).
STATUS_MESSAGES = (
    Status.RECEIVED,
    Status.ACCEPTED,
    Status.DECLINED,
    Status.ASSISTANCE,
    Status.CLOSED,
)
# A status only moves forward: messages may arrive out of order after retries.
RANK = {
    Status.SENT: 0,
    Status.RECEIVED: 1,
    Status.ACCEPTED: 2,
    Status.DECLINED: 2,
    Status.ASSISTANCE: 3,
    Status.CLOSED: 4,
    Status.WITHDRAWN: 5,
    Status.ERASED: 6,
}
# Moves the receiving coordinator makes (the source status -> the targets).
RECEIVER_MOVES = {
    Status.RECEIVED: (Status.ACCEPTED, Status.DECLINED),
    Status.ACCEPTED: (Status.ASSISTANCE, Status.CLOSED),
    Status.ASSISTANCE: (Status.CLOSED,),
}
# Outgoing referrals the sender may still withdraw (the partner holds data).
WITHDRAWABLE = (
    Status.SENT,
    Status.RECEIVED,
    Status.ACCEPTED,
    Status.ASSISTANCE,
    Status.CLOSED,
)


class Delivery(models.TextChoices):
    """State of an outgoing message in the outbox."""

    PENDING = "pending", _("Waiting to be sent")
    RETRYING = "retrying", _("Sending failed, will retry")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed: not delivered")
    FILE = "file", _("Waiting for transfer as a file")
    DOWNLOADED = "downloaded", _("Downloaded as a file")


class DeliveryMethod(models.TextChoices):
    NETWORK = "network", _("Over the network (HTTPS)")
    FILE = "file", _("As files (air-gapped transfer)")


class WithdrawalReason(models.TextChoices):
    CONSENT = "consent_withdrawn", _("The person withdrew their consent")
    SENDER = "withdrawn_by_sender", _("Withdrawn by the sending organisation")
    ERASED = "identity_erased", _("The sending organisation erased the person's identity")


class MatchState(models.TextChoices):
    SENDING = "sending", _("Asking")
    ANSWERED = "answered", _("Answered")
    FAILED = "failed", _("Failed")
