"""Shelter vocabulary as data: shelter and room types, risk ratings, stay statuses, exit
reasons and destinations, incidents, the follow-up schedule, and the translated messages of
the placement rules (``placement.py`` returns codes; this module says them)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ShelterType(models.TextChoices):
    WOMEN = "women", _("Women (and their children)")
    MEN = "men", _("Men (and their children)")
    CHILDREN = "children", _("Children")
    FAMILIES = "families", _("Families")
    MIXED = "mixed", _("Mixed")


class GenderPolicy(models.TextChoices):
    """How transgender and gender non-conforming residents are placed in single-sex spaces."""

    SELF_IDENTIFIED = "self_identified", _("By the gender the person identifies with")
    CASE_BY_CASE = (
        "case_by_case",
        _("Case by case: a manager decides with the person, and confirms it at admission"),
    )


class RoomRule(models.TextChoices):
    ANY = "any", _("Anyone")
    WOMEN = "women", _("Women only")
    MEN = "men", _("Men only")


class SecurityFeature(models.TextChoices):
    STAFF_24H = "staff_24h", _("Staff on site day and night")
    CCTV = "cctv", _("Cameras at the entrances")
    SECURE_ENTRANCE = "secure_entrance", _("Controlled entrance")
    ALARM = "alarm", _("Alarm linked to the police")
    POLICE_LIAISON = "police_liaison", _("Agreed police response")
    SAFE_ROOM = "safe_room", _("Safe room")


class AccessibilityFeature(models.TextChoices):
    STEP_FREE = "step_free", _("Step-free entrance")
    LIFT = "lift", _("Lift")
    ACCESSIBLE_BATHROOM = "accessible_bathroom", _("Accessible bathroom")
    HEARING_LOOP = "hearing_loop", _("Hearing loop")
    VISUAL_AIDS = "visual_aids", _("Signs for people with low vision")


class Risk(models.TextChoices):
    NONE = "none", _("None known")
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


RISK_RANK = {Risk.NONE: 0, Risk.LOW: 1, Risk.MEDIUM: 2, Risk.HIGH: 3}


def risk_of_rank(rank: int) -> str:
    return next((code for code, value in RISK_RANK.items() if value == rank), Risk.NONE)


class StayStatus(models.TextChoices):
    RESERVED = "reserved", _("Bed reserved")
    ACTIVE = "active", _("Staying")
    ENDED = "ended", pgettext_lazy("stay", "Left")
    CANCELLED = "cancelled", _("Reservation cancelled")


CURRENT = (StayStatus.RESERVED.value, StayStatus.ACTIVE.value)


class ExitReason(models.TextChoices):
    PLAN_COMPLETED = "plan_completed", _("Planned move-on: the goals of the stay were met")
    TRANSFERRED = "transferred", _("Moved to another shelter or service")
    RETURNED = "returned", _("Voluntary return to the country of origin")
    CHOSE_TO_LEAVE = "chose_to_leave", _("The person chose to leave")
    LEFT_WITHOUT_NOTICE = "left_without_notice", _("Left without notice")
    SAFETY = "safety", _("Moved for their safety")
    OTHER = "other", _("Other")


class Destination(models.TextChoices):
    INDEPENDENT = "independent_housing", _("Independent housing")
    FAMILY = "family", _("Family")
    SHELTER = "another_shelter", _("Another shelter")
    RETURN = "country_of_origin", _("Return to the country of origin")
    UNKNOWN = "unknown", _("Unknown")


class MovementKind(models.TextChoices):
    OUTING = "outing", _("Went out")
    OVERNIGHT = "overnight", _("Stayed away overnight")
    APPOINTMENT = "appointment", _("Appointment outside")
    VISIT = "visit", _("Had a visitor")


class IncidentKind(models.TextChoices):
    EXPLOITER_CONTACT = "exploiter_contact", _("Contact or threat from exploiters")
    SECURITY = "security", _("Security breach or suspicious person")
    HEALTH = "health", _("Health emergency")
    SELF_HARM = "self_harm", _("Self-harm or risk of it")
    CHILD_PROTECTION = "child_protection", _("Child protection concern")
    CONFLICT = "conflict", _("Conflict between residents")
    MISSING = "missing", _("Resident missing or not returned")
    OTHER = "other", _("Other")


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class FollowUpKind(models.TextChoices):
    EXIT = "exit", _("After exit")
    INCIDENT = "incident", _("Incident action")


class WaitlistStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    OFFERED = "offered", _("Bed offered")
    ADMITTED = "admitted", _("Admitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_WAITLIST = (WaitlistStatus.WAITING.value, WaitlistStatus.OFFERED.value)


class OutOfService(models.TextChoices):
    REPAIR = "repair", _("Repair")
    CLEANING = "cleaning", _("Cleaning")
    HEALTH = "health", _("Health measures")
    OTHER = "other", _("Other")


class BedState(models.TextChoices):
    """What the occupancy board shows for a bed (computed, never stored)."""

    FREE = "free", pgettext_lazy("bed", "Free")
    OCCUPIED = "occupied", _("Occupied")
    RESERVED = "reserved", _("Reserved")
    OUT_OF_SERVICE = "out_of_service", _("Out of service")


# Days after the exit on which the shelter checks in with the person (offered at exit).
FOLLOW_UP_DAYS = (7, 30, 90, 180)
DEFAULT_FOLLOW_UP_DAYS = (7, 30, 90)
ENDING_SOON_DAYS = 7
DEFAULT_MAX_STAY_DAYS = 90
CALENDAR_DAYS = 28

PLACEMENT_MESSAGES = {
    "out_of_service": _("This bed is out of service."),
    "occupied": _("This bed is taken."),
    "children_only": _("This shelter takes children only."),
    "women_only": _("This shelter takes women, and children with their parent."),
    "men_only": _("This shelter takes men, and children with their parent."),
    "room_women_only": _("This room is for women only."),
    "room_men_only": _("This room is for men only."),
    "gender_not_recorded": _(
        "Record the person's gender (as they describe it) before placing them in a "
        "single-sex shelter or room."
    ),
    "gender_decision_needed": _(
        "This shelter decides case by case where transgender and gender non-conforming "
        "people stay: talk with the person, then confirm the placement."
    ),
    "child_room_needed": _(
        "A child without their parent in the shelter can stay only in a child-appropriate room."
    ),
    "accompanied_child_room": _(
        "A child stays in their parent's room or in a child-appropriate room."
    ),
    "room_has_lone_children": _(
        "Children without their parents sleep in this room: an adult cannot sleep there."
    ),
    "room_has_adults": _(
        "Adults sleep in this room: a child cannot sleep there unless with their own parent."
    ),
    "cot_needed": _("An infant needs a cot."),
    "cot_for_infants": _("A cot is for an infant only."),
    "not_accessible": _("The person needs an accessible bed and room."),
}
