"""What happens during a stay and around it: services delivered, outings and visits (a log
that records and never restricts: a shelter is not detention), incidents with follow-up
actions, follow-ups after exit, and the waitlist."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from haven.cases.vocab import Gender
from haven.core.fields import EncryptedCharField, EncryptedTextField
from haven.core.models import BaseModel
from haven.referrals.vocab import Category
from haven.shelters.vocab import (
    FollowUpKind,
    IncidentKind,
    MovementKind,
    Risk,
    Severity,
    WaitlistStatus,
)


class StayService(BaseModel):
    """A service delivered to a resident during the stay, linked to the case's support plan
    when the referral shares it."""

    stay = models.ForeignKey("shelters.Stay", on_delete=models.CASCADE, related_name="services")
    category = models.CharField(_("service"), max_length=40, choices=Category.choices)
    delivered_on = models.DateField(_("delivered on"))
    plan = models.ForeignKey(
        "cases.SupportPlan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shelter_services",
        verbose_name=_("support plan"),
    )
    notes = EncryptedTextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    POLICY_ORGANISATION_FIELD = "stay__organisation"

    class Meta:
        ordering = ["-delivered_on", "-created_at"]

    def __str__(self) -> str:
        return self.category


class Movement(BaseModel):
    """An outing, an appointment, a night away or a visit: recorded so that staff know who
    is in the building and can check on people's safety. It never grants or refuses leave."""

    stay = models.ForeignKey("shelters.Stay", on_delete=models.CASCADE, related_name="movements")
    kind = models.CharField(_("what happened"), max_length=12, choices=MovementKind.choices)
    started_at = models.DateTimeField(_("from"))
    ended_at = models.DateTimeField(_("until"), null=True, blank=True)
    with_staff = models.BooleanField(_("with a member of staff"), default=False)
    notes = EncryptedTextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    POLICY_ORGANISATION_FIELD = "stay__organisation"

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return self.kind


class Incident(BaseModel):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="shelter_incidents"
    )
    shelter = models.ForeignKey(
        "shelters.Shelter", on_delete=models.PROTECT, related_name="incidents"
    )
    stay = models.ForeignKey(
        "shelters.Stay",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="incidents",
        verbose_name=_("resident concerned"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=IncidentKind.choices)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    occurred_at = models.DateTimeField(_("when"))
    description = EncryptedTextField(_("what happened"))
    police_informed = models.BooleanField(_("police informed"), default=False)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    POLICY_ORGANISATION_FIELD = "organisation"

    class Meta:
        ordering = ["-occurred_at"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        indexes = [models.Index(fields=["organisation", "-occurred_at"], name="incident_org")]

    def __str__(self) -> str:
        return self.kind


class FollowUp(BaseModel):
    """A task of the shelter's staff: checking in after an exit, or an action after an
    incident. Listed in "My follow-ups" and on the home page."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="shelter_follow_ups"
    )
    shelter = models.ForeignKey(
        "shelters.Shelter", on_delete=models.PROTECT, related_name="follow_ups"
    )
    stay = models.ForeignKey(
        "shelters.Stay", null=True, blank=True, on_delete=models.CASCADE, related_name="follow_ups"
    )
    incident = models.ForeignKey(
        Incident, null=True, blank=True, on_delete=models.CASCADE, related_name="actions"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=FollowUpKind.choices)
    title = EncryptedCharField(_("action"), max_length=200, blank=True)
    days_after_exit = models.PositiveSmallIntegerField(null=True, blank=True)
    due_on = models.DateField(_("due"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shelter_follow_ups",
        verbose_name=_("who"),
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    POLICY_ORGANISATION_FIELD = "organisation"

    class Meta:
        ordering = ["due_on", "created_at"]
        indexes = [models.Index(fields=["organisation", "done_at", "due_on"], name="followup_open")]

    def __str__(self) -> str:
        return f"{self.kind} {self.due_on}"

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        from django.utils.translation import ngettext

        days = self.days_after_exit or 0
        return ngettext(
            "Check in with the person {count} day after they left",
            "Check in with the person {count} days after they left",
            days,
        ).format(count=days)


class WaitlistEntry(BaseModel):
    """A person waiting for a bed in a full shelter. Served by risk, then by waiting time;
    when a fitting bed is free it is reserved for the first one (an offer)."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="shelter_waitlist"
    )
    shelter = models.ForeignKey(
        "shelters.Shelter", on_delete=models.PROTECT, related_name="waitlist"
    )
    referral = models.ForeignKey(
        "referrals.Referral",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shelter_waitlist",
    )
    label = EncryptedCharField(
        _("how you will recognise the request"),
        max_length=120,
        blank=True,
        help_text=_("For example the referring officer's duty number. No full names."),
    )
    sex = models.CharField(
        _("sex / gender"), max_length=32, choices=Gender.choices, default=Gender.UNKNOWN
    )
    is_child = models.BooleanField(_("child"), default=False)
    needs_cot = models.BooleanField(_("infant who needs a cot"), default=False)
    needs_accessible = models.BooleanField(_("needs an accessible bed"), default=False)
    risk = models.CharField(_("risk"), max_length=8, choices=Risk.choices, default=Risk.NONE)
    risk_rank = models.PositiveSmallIntegerField(default=0, editable=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=WaitlistStatus.choices,
        default=WaitlistStatus.WAITING,
    )
    added_at = models.DateTimeField(_("waiting since"), default=timezone.now)
    stay = models.OneToOneField(
        "shelters.Stay",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="waitlist_entry",
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    POLICY_ORGANISATION_FIELD = "organisation"

    class Meta:
        ordering = ["-risk_rank", "added_at"]
        indexes = [
            models.Index(fields=["shelter", "status", "-risk_rank", "added_at"], name="waitlist_q")
        ]

    def __str__(self) -> str:
        return f"{self.status} {str(self.pk)[:8]}"
