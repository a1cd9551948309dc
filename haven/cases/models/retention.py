"""Per-organisation retention of identity data."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RetentionRule(models.Model):
    """Identity data of a person is erased this many years after the last of their cases in
    the organisation was closed (``haven retention run``). No rule: kept until erased by hand."""

    organisation = models.OneToOneField(
        "accounts.Organisation",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="retention_rule",
    )
    identity_years = models.PositiveSmallIntegerField(
        _("erase identity data this many years after closure"),
        help_text=_("Between 1 and 100 years. Anonymised statistics are kept."),
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    POLICY_ORGANISATION_FIELD = "organisation"

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")

    def __str__(self) -> str:
        return str(self.identity_years)
