"""A stored screening interview: answers, notes and the engine's result document."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.core.fields import EncryptedJSONField, EncryptedTextField
from haven.core.models import BaseModel

LANGUAGE_CHOICES = [("en", "English"), ("zh-hans", "简体中文")]


class Status(models.TextChoices):
    DRAFT = "draft", _("In progress")
    COMPLETED = "completed", _("Completed")
    NO_REFERRAL = "no_referral", _("No referral")
    REFERRED = "referred", _("Case opened")


class Screening(BaseModel):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="screenings"
    )
    screener = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    instrument = models.CharField(_("instrument"), max_length=80)
    instrument_version = models.CharField(_("instrument version"), max_length=20)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    started_at = models.DateTimeField(_("started"))
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    interview_language = models.CharField(_("interview language"), max_length=40)
    question_language = models.CharField(
        _("question language"), max_length=10, choices=LANGUAGE_CHOICES, default="en"
    )
    interpreter_used = models.BooleanField(_("interpreter used"), default=False)
    checklist = models.JSONField(_("safety and ethics checklist"), default=dict, blank=True)
    subject_age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    subject_age_uncertain = models.BooleanField(_("age is uncertain"), default=False)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    notes = EncryptedJSONField(_("notes"), default=dict, blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=40, blank=True)
    no_referral_reason = EncryptedTextField(_("reason for no referral"), blank=True)
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="screenings",
    )
    continued_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="continuations"
    )

    POLICY_ORGANISATION_FIELD = "organisation"

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["organisation", "-started_at"], name="screening_recent")]

    def __str__(self) -> str:
        return f"{self.instrument} {self.status}"

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT
