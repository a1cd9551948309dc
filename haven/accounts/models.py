"""Organisations, users and their memberships (roles within an organisation)."""

from __future__ import annotations

import uuid
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from haven.accounts.roles import Role
from haven.core.fields import BlindIndexField, EncryptedCharField
from haven.core.models import BaseModel

TIME_ZONE_REGIONS = (
    "Africa/",
    "America/",
    "Asia/",
    "Atlantic/",
    "Australia/",
    "Europe/",
    "Indian/",
    "Pacific/",
)
TIME_ZONE_CHOICES = [("UTC", "UTC")] + [
    (tz, tz.replace("_", " "))
    for tz in sorted(zoneinfo.available_timezones())
    if tz.startswith(TIME_ZONE_REGIONS)
]


def validate_time_zone(value: str) -> None:
    if value not in dict(TIME_ZONE_CHOICES):
        raise ValidationError(_("Choose a time zone from the list."))


class Organisation(BaseModel):
    """A body taking part in the referral mechanism (HTCDS ``org_Type`` plus Haven's kinds)."""

    class Kind(models.TextChoices):
        POLICE = "police", _("Police / law enforcement")
        LABOUR_INSPECTION = "labour_inspection", _("Labour inspection")
        PROSECUTION = "prosecution", _("Prosecution")
        GOVERNMENT = "government", _("Government agency / social services")
        NGO = "ngo", _("Non-governmental organisation")
        SHELTER_PROVIDER = "shelter_provider", _("Shelter provider")
        INTERNATIONAL = "international", _("International organisation")
        EMBASSY = "embassy", _("Embassy / consulate")
        HEALTH = "health", _("Health service")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    name_translations = models.JSONField(
        _("name in other languages"),
        default=dict,
        blank=True,
        help_text=_("Language code to name, e.g. zh-hans."),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    country = CountryField(_("country"))
    region = models.CharField(_("region"), max_length=120, blank=True)
    languages = models.JSONField(_("working languages"), default=list, blank=True)
    require_2fa = models.BooleanField(
        _("require two-factor authentication"),
        default=False,
        help_text=_("Members must set up and use an authenticator app to sign in."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(fields=["name", "country"], name="organisation_unique_name")
        ]

    POLICY_ORGANISATION_FIELD = "id"

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the active language when the organisation gave one."""
        language = get_language() or settings.LANGUAGE_CODE
        return str(self.name_translations.get(language) or self.name)


class User(AbstractUser):
    """A person who signs in. Staff names are encrypted at rest (their safety matters too)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    full_name = EncryptedCharField(_("full name"), max_length=200, blank=True)
    full_name_index = BlindIndexField(source="full_name")
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=settings.TIME_ZONE,
        validators=[validate_time_zone],
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    REQUIRED_FIELDS = []
    POLICY_ORGANISATION_FIELD = "memberships__organisation"

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        return self.username


class Membership(BaseModel):
    """A user's place in an organisation, with one or more roles."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    is_active = models.BooleanField(_("active"), default=True)

    POLICY_ORGANISATION_FIELD = "organisation"

    class Meta:
        ordering = ["organisation__name", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"

    @property
    def role_codes(self) -> list[str]:
        return sorted(grant.role for grant in self.grants.all())

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(code).label) for code in self.role_codes]


class RoleGrant(models.Model):
    """One role held through a membership."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="grants")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["membership", "role"], name="role_grant_unique")
        ]

    def __str__(self) -> str:
        return self.role
