"""Needs and risk assessments, support plans (HTCDS ``spl_``) and services delivered."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.cases import vocab
from haven.core.fields import EncryptedTextField
from haven.core.models import BaseModel


class Assessment(BaseModel):
    class Kind(models.TextChoices):
        NEEDS = "needs", _("Needs")
        RISK = "risk", _("Risk")

    class Level(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        HOUSEHOLD = "household", _("Household and family")
        COMMUNITY = "community", _("Community")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="assessments")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    areas = models.JSONField(_("areas"), default=list, blank=True)
    rating = models.CharField(_("rating"), max_length=10, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    assessed_on = models.DateField(_("assessed on"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    POLICY_ORGANISATION_FIELD = "case__organisation"

    def __str__(self) -> str:
        return f"{self.kind}/{self.level}"


class SupportPlan(BaseModel):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="plans")
    type = models.CharField(_("type"), max_length=40, choices=vocab.SupportPlanType.choices)
    objectives = EncryptedTextField(_("objectives"))
    action_plan = EncryptedTextField(_("action plan"), blank=True)
    planned_end_on = models.DateField(_("planned end"), null=True, blank=True)
    actual_end_on = models.DateField(_("actual end"), null=True, blank=True)

    POLICY_ORGANISATION_FIELD = "case__organisation"

    def __str__(self) -> str:
        return self.type


class ServiceDelivered(BaseModel):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="services")
    plan = models.ForeignKey(
        SupportPlan, null=True, blank=True, on_delete=models.SET_NULL, related_name="services"
    )
    category = models.CharField(_("service"), max_length=40, choices=vocab.SupportPlanType.choices)
    delivered_on = models.DateField(_("delivered on"))
    provider = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = EncryptedTextField(_("notes"), blank=True)

    POLICY_ORGANISATION_FIELD = "case__organisation"

    def __str__(self) -> str:
        return self.category
