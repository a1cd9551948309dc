"""Consent per purpose. Each record is a decision (given or withdrawn); the newest for a
purpose is in force. Withdrawal takes effect at once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.core.fields import EncryptedCharField
from haven.core.models import BaseModel


class Purpose(models.TextChoices):
    ASSISTANCE = "assistance", _("Assistance")
    SHARE_DOMESTIC = "share_domestic", _("Sharing with organisations in the country")
    SHARE_ABROAD = "share_abroad", _("Sharing with organisations abroad")
    STATISTICS = "statistics", _("Anonymised statistics")
    PHOTOS = "photos", _("Photographs")


class Method(models.TextChoices):
    WRITTEN = "written", _("Written")
    ORAL = "oral", _("Oral")
    ORAL_INTERPRETER = "oral_interpreter", _("Oral, through an interpreter")


class Consent(BaseModel):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    given = models.BooleanField(_("given"))
    method = models.CharField(_("how"), max_length=20, choices=Method.choices)
    language = models.CharField(_("language"), max_length=20)
    witness = EncryptedCharField(_("witness"), max_length=200, blank=True)
    guardian = EncryptedCharField(_("guardian (for a child)"), max_length=200, blank=True)
    decided_on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    POLICY_ORGANISATION_FIELD = "case__organisation"

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["case", "purpose", "-created_at"], name="consent_now")]

    def __str__(self) -> str:
        return f"{self.purpose}: {self.given}"
