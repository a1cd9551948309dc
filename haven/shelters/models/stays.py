"""A stay: a person's time in a bed of a shelter, from reservation or admission to exit.

The stay belongs to the shelter's organisation. When it comes from a referral it links the
referral and its case (which usually belongs to the referring organisation); shelter staff
read of that case only what the referral shares. An emergency admission without a referral
keeps only non-identifying facts on the stay (sex, child, needs) and, if the person wishes,
the name they want to be called in the shelter, encrypted: the shelter does not register a
case of its own, and the stay can be linked to a referral when one arrives.

No double booking, enforced by the database as well as by the services:

* ``stay_one_current_per_bed``: at most one reserved or active stay per bed (a partial
  unique index, on SQLite and PostgreSQL);
* the stays of a bed never overlap in time: on PostgreSQL an exclusion constraint over
  ``(bed, daterange(starts_on, ends_on))`` (btree_gist), on SQLite triggers with the same
  rule (migration 0002);
* services lock the shelter and the bed rows (``select_for_update``) before checking.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from haven.cases.vocab import Gender
from haven.core.fields import EncryptedCharField, EncryptedTextField
from haven.core.models import BaseModel
from haven.shelters.vocab import (
    CURRENT,
    RISK_RANK,
    Destination,
    ExitReason,
    Risk,
    StayStatus,
    risk_of_rank,
)

RISK_FIELDS = ("risk_exploiters", "risk_health", "risk_self_harm", "risk_child_protection")


def _risk(label: Any) -> models.CharField:
    return models.CharField(label, max_length=8, choices=Risk.choices, default=Risk.NONE)


class Stay(BaseModel):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="shelter_stays"
    )
    shelter = models.ForeignKey("shelters.Shelter", on_delete=models.PROTECT, related_name="stays")
    bed = models.ForeignKey("shelters.Bed", on_delete=models.PROTECT, related_name="stays")
    number = models.PositiveIntegerField(_("stay number"))
    status = models.CharField(
        _("status"), max_length=10, choices=StayStatus.choices, default=StayStatus.ACTIVE
    )
    referral = models.ForeignKey(
        "referrals.Referral",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shelter_stays",
    )
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="shelter_stays"
    )
    emergency = models.BooleanField(_("emergency admission without a referral"), default=False)
    known_as = EncryptedCharField(
        _("called in the shelter"),
        max_length=120,
        blank=True,
        help_text=_("Optional: the name the person wants to be called here."),
    )
    # Non-identifying facts the placement rules need.
    sex = models.CharField(
        _("sex / gender"), max_length=32, choices=Gender.choices, default=Gender.UNKNOWN
    )
    is_child = models.BooleanField(_("child"), default=False)
    needs_cot = models.BooleanField(_("infant who needs a cot"), default=False)
    needs_accessible = models.BooleanField(_("needs an accessible bed"), default=False)
    gender_confirmed = models.BooleanField(default=False)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    accompanying = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accompanied_children",
        verbose_name=_("staying with their parent"),
    )
    # Dates: the bed is held from starts_on until ends_on (exclusive; open while current).
    starts_on = models.DateField(_("bed held from"))
    admitted_on = models.DateField(_("admitted"), null=True, blank=True)
    expected_exit_on = models.DateField(_("expected exit"), null=True, blank=True)
    ends_on = models.DateField(_("left on"), null=True, blank=True)
    # Admission: risk assessment, house rules, interpreter, medical screening.
    risk_exploiters = _risk(_("threat from exploiters"))
    risk_health = _risk(_("health"))
    risk_self_harm = _risk(_("self-harm"))
    risk_child_protection = _risk(_("child protection"))
    risk_notes = EncryptedTextField(_("risk notes"), blank=True)
    house_rules_consent = models.BooleanField(_("agreed to the house rules"), default=False)
    interpreter_needed = models.BooleanField(_("needs an interpreter"), default=False)
    interpreter_language = models.CharField(_("interpreter language"), max_length=10, blank=True)
    medical_screening_needed = models.BooleanField(_("medical screening needed"), default=False)
    # Exit.
    exit_reason = models.CharField(
        _("reason for leaving"), max_length=24, choices=ExitReason.choices, blank=True
    )
    exit_destination = models.CharField(
        _("destination"), max_length=24, choices=Destination.choices, blank=True
    )
    exit_plan = EncryptedTextField(_("exit plan"), blank=True)
    admitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    exited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    POLICY_ORGANISATION_FIELD = "organisation"

    class Meta:
        ordering = ["-starts_on", "-number"]
        verbose_name = _("stay")
        verbose_name_plural = _("stays")
        constraints = [
            models.UniqueConstraint(
                fields=["bed"],
                condition=Q(status__in=CURRENT),
                name="stay_one_current_per_bed",
                violation_error_message=_("This bed is already taken."),
            ),
            models.UniqueConstraint(fields=["shelter", "number"], name="stay_unique_number"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="stay_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(status__in=CURRENT, ends_on__isnull=True)
                | (~Q(status__in=CURRENT) & Q(ends_on__isnull=False)),
                name="stay_open_while_current",
            ),
        ]
        indexes = [
            models.Index(fields=["shelter", "status"], name="stay_shelter_status"),
            models.Index(fields=["organisation", "status", "-starts_on"], name="stay_org_status"),
            models.Index(fields=["bed", "starts_on"], name="stay_bed_dates"),
            models.Index(fields=["bed", "status"], name="stay_bed_status"),
            models.Index(fields=["status", "expected_exit_on"], name="stay_expected_exit"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"S-{self.number:05d}"

    @property
    def is_current(self) -> bool:
        return self.status in CURRENT

    @property
    def risk_rank(self) -> int:
        return max(RISK_RANK.get(getattr(self, name), 0) for name in RISK_FIELDS)

    @property
    def risk_level(self) -> str:
        return risk_of_rank(self.risk_rank)
