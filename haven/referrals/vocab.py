"""Referral vocabulary as data: service categories, urgency and its response time, the status
workflow, and the scopes of data a referral may share (with plain explanations)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.cases.vocab import SupportPlanType

P = SupportPlanType


class Category(models.TextChoices):
    """HTCDS support plan types (same codes) plus the services a referral mechanism needs."""

    EDUCATION = P.EDUCATION.value, P.EDUCATION.label
    FINANCIAL = P.FINANCIAL.value, P.FINANCIAL.label
    HEALTH = P.HEALTH.value, P.HEALTH.label
    LABOUR_REHAB = P.LABOUR_REHAB.value, P.LABOUR_REHAB.label
    LEGAL = P.LEGAL.value, P.LEGAL.label
    LIVELIHOOD = P.LIVELIHOOD.value, P.LIVELIHOOD.label
    RIGHTS_TRAINING = P.RIGHTS_TRAINING.value, P.RIGHTS_TRAINING.label
    SEXUAL_REHAB = P.SEXUAL_REHAB.value, P.SEXUAL_REHAB.label
    SOCIAL_CARE = P.SOCIAL_CARE.value, P.SOCIAL_CARE.label
    SHELTER = "Shelter", _("Shelter and accommodation")
    INTERPRETATION = "Interpretation", _("Interpretation")
    MEDICAL = "Medical", _("Medical care")
    PSYCHOLOGICAL = "Psychological", _("Psychological support")
    LEGAL_AID = "LegalAid", _("Legal aid")
    RETURN = "ReturnAssistance", _("Return assistance")


class Urgency(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    URGENT = "urgent", _("Urgent")
    EMERGENCY = "emergency", _("Emergency")


# Days the receiving organisation has to answer, by urgency.
RESPONSE_DAYS: dict[str, int] = {
    Urgency.EMERGENCY: 1,
    Urgency.URGENT: 3,
    Urgency.ROUTINE: 10,
}


class Status(models.TextChoices):
    SENT = "sent", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATUSES = (Status.SENT, Status.ACCEPTED)


class Side(models.TextChoices):
    SENDER = "sender", _("Sending organisation")
    RECEIVER = "receiver", _("Receiving organisation")


@dataclass(frozen=True)
class Move:
    source: str
    target: str
    side: str
    needs_reason: bool = False


# The referral workflow: who (which side) may make each move. ``services`` applies it.
MOVES: tuple[Move, ...] = (
    Move(Status.SENT, Status.ACCEPTED, Side.RECEIVER),
    Move(Status.SENT, Status.DECLINED, Side.RECEIVER, needs_reason=True),
    Move(Status.ACCEPTED, Status.COMPLETED, Side.RECEIVER),
    Move(Status.SENT, Status.WITHDRAWN, Side.SENDER, needs_reason=True),
    Move(Status.ACCEPTED, Status.WITHDRAWN, Side.SENDER, needs_reason=True),
)


def find_move(source: str, target: str) -> Move | None:
    return next((m for m in MOVES if m.source == source and m.target == target), None)


class Scope(models.TextChoices):
    BASIC = "basic", _("Basic details")
    IDENTITY = "identity", _("Identity")
    CONTACTS = "contacts", _("Contacts")
    EXPLOITATION = "exploitation", _("Exploitation")
    NEEDS = "needs", _("Needs and support plan")
    DOCUMENTS = "documents", _("Documents")


SCOPE_EXPLANATIONS = {
    Scope.BASIC: _(
        "The case reference, sex, age band, languages spoken and whether the person is or "
        "may be a child. Always shared."
    ),
    Scope.IDENTITY: _("Names and other names, date of birth and citizenship."),
    Scope.CONTACTS: _(
        "The person's phone numbers, addresses and other contacts, and a child's guardian."
    ),
    Scope.EXPLOITATION: _(
        "Trafficking status, types of exploitation, methods of control and recruitment, "
        "and the recorded trafficking events."
    ),
    Scope.NEEDS: _("Vulnerabilities, risk level, needs and risk assessments, support plans."),
    Scope.DOCUMENTS: _("The files uploaded to the case and the identity documents recorded."),
}


def with_basic(scopes: list[str] | tuple[str, ...] | set[str]) -> list[str]:
    """``scopes`` in the canonical order, always including ``basic``."""
    wanted = {*scopes, Scope.BASIC}
    return [s for s in Scope.values if s in wanted]
