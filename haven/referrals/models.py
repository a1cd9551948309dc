"""The service directory and referrals between organisations."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from haven.cases.vocab import ReferralReason
from haven.core.fields import EncryptedTextField, MultiChoiceField
from haven.core.models import BaseModel
from haven.referrals.vocab import Category, Scope, Status, Urgency


class Service(BaseModel):
    """A service an organisation offers to people referred to it (public, never personal)."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="directory_services",
        verbose_name=_("organisation"),
    )
    category = models.CharField(_("category"), max_length=40, choices=Category.choices)
    region = models.CharField(_("region"), max_length=120, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    capacity = models.PositiveIntegerField(
        _("free places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Leave empty when places are not counted."),
    )
    contact = models.CharField(
        _("contact for referrals"),
        max_length=300,
        blank=True,
        help_text=_("A public contact of the service, such as a duty phone: never a person's."),
    )
    description = models.TextField(_("description"), max_length=2000, blank=True)
    description_translations = models.JSONField(
        _("description in other languages"), default=dict, blank=True
    )
    is_active = models.BooleanField(_("published"), default=True)

    POLICY_ORGANISATION_FIELD = "organisation"

    class Meta:
        ordering = ["organisation__name", "category", "region"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        indexes = [models.Index(fields=["category", "is_active"], name="service_category")]

    def __str__(self) -> str:
        return f"{self.get_category_display()} ({self.organisation_id})"

    @property
    def display_description(self) -> str:
        language = get_language() or settings.LANGUAGE_CODE
        return str(self.description_translations.get(language) or self.description)


class Referral(BaseModel):
    """A case referred by its organisation to another one, sharing a chosen scope of data.

    A referral belongs to two organisations, so it declares no ``POLICY_ORGANISATION_FIELD``:
    ``selectors`` scope it explicitly (sending side with ``Cap.REFERRAL_SEND``, receiving side
    with ``Cap.REFERRAL_ANSWER``) and services check the side's organisation.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="referrals")
    from_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="referrals_sent",
        verbose_name=_("from"),
    )
    to_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="referrals_received",
        verbose_name=_("to"),
    )
    services = models.ManyToManyField(
        Service, related_name="referrals", verbose_name=_("services requested")
    )
    urgency = models.CharField(_("urgency"), max_length=12, choices=Urgency.choices)
    reason = models.CharField(
        _("reason for the referral"), max_length=40, choices=ReferralReason.choices
    )
    message = EncryptedTextField(_("message"), blank=True)
    scopes = MultiChoiceField(_("data shared"), choices=Scope.choices, max_length=200)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SENT, db_index=True
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    respond_by = models.DateTimeField(_("answer due"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    closed_at = models.DateTimeField(_("completed or withdrawn"), null=True, blank=True)
    decline_reason = EncryptedTextField(_("reason for declining"), blank=True)
    withdraw_reason = EncryptedTextField(_("reason for withdrawing"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(fields=["to_organisation", "status", "respond_by"], name="referral_inbox"),
            models.Index(fields=["from_organisation", "-created_at"], name="referral_outgoing"),
        ]

    def __str__(self) -> str:
        return f"{self.status} {str(self.pk)[:8]}"

    @property
    def is_overdue(self) -> bool:
        return self.status == Status.SENT and self.respond_by < timezone.now()
