"""Shelters, their rooms and beds.

A shelter's address and contact phone are encrypted and shown only to the shelter
organisation's own staff on the shelter's own page; nothing else (lists, boards, exports,
referrals, the API for others, audit details, logs, ``str()``) ever carries them.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from haven.core.fields import EncryptedCharField, EncryptedTextField, MultiChoiceField
from haven.core.models import BaseModel
from haven.shelters.vocab import (
    DEFAULT_MAX_STAY_DAYS,
    AccessibilityFeature,
    GenderPolicy,
    OutOfService,
    RoomRule,
    SecurityFeature,
    ShelterType,
)


class Shelter(BaseModel):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="shelters",
        verbose_name=_("organisation"),
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("How staff and coordinators call the shelter. Never put the address here."),
    )
    name_translations = models.JSONField(_("name in other languages"), default=dict, blank=True)
    type = models.CharField(_("type"), max_length=16, choices=ShelterType.choices)
    capacity = models.PositiveSmallIntegerField(
        _("capacity"), help_text=_("The number of people the shelter may house.")
    )
    country = CountryField(_("country"))
    region = models.CharField(
        _("region"),
        max_length=120,
        blank=True,
        help_text=_("A province or large city, shown to coordinators. Never the address."),
    )
    languages = models.JSONField(_("languages spoken by staff"), default=list, blank=True)
    accessibility = MultiChoiceField(
        _("accessibility"), choices=AccessibilityFeature.choices, max_length=200
    )
    security_features = MultiChoiceField(
        _("security features"), choices=SecurityFeature.choices, max_length=200
    )
    gender_policy = models.CharField(
        _("placement of transgender and non-conforming residents"),
        max_length=20,
        choices=GenderPolicy.choices,
        default=GenderPolicy.SELF_IDENTIFIED,
    )
    max_stay_days = models.PositiveSmallIntegerField(
        _("usual longest stay (days)"),
        default=DEFAULT_MAX_STAY_DAYS,
        validators=[MinValueValidator(1)],
        help_text=_("Stays longer than this are flagged for review."),
    )
    share_capacity = models.BooleanField(
        _("share free capacity with coordinators"),
        default=False,
        help_text=_(
            "Coordinators of every organisation then see how many beds are free (never the "
            "address), so that referrals go where there is room."
        ),
    )
    address = EncryptedTextField(_("address"), blank=True)
    phone = EncryptedCharField(_("contact phone"), max_length=40, blank=True)
    is_active = models.BooleanField(pgettext_lazy("shelter", "open"), default=True)
    last_stay_number = models.PositiveIntegerField(default=0, editable=False)

    POLICY_ORGANISATION_FIELD = "organisation"

    class Meta:
        ordering = ["name"]
        verbose_name = _("shelter")
        verbose_name_plural = _("shelters")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="shelter_unique_name")
        ]
        indexes = [
            models.Index(fields=["share_capacity", "is_active"], name="shelter_shared"),
        ]

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<Shelter {self.pk}>"

    @property
    def display_name(self) -> str:
        language = get_language() or settings.LANGUAGE_CODE
        return str(self.name_translations.get(language) or self.name)


class Room(BaseModel):
    shelter = models.ForeignKey(Shelter, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("room"), max_length=60)
    rule = models.CharField(
        _("who may sleep here"), max_length=8, choices=RoomRule.choices, default=RoomRule.ANY
    )
    child_appropriate = models.BooleanField(
        _("child-appropriate"),
        default=False,
        help_text=_("Safe and suitable for children without their parents."),
    )
    accessible = models.BooleanField(_("accessible"), default=False)

    POLICY_ORGANISATION_FIELD = "shelter__organisation"

    class Meta:
        ordering = ["name"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [models.UniqueConstraint(fields=["shelter", "name"], name="room_unique")]

    def __str__(self) -> str:
        return self.name


class Bed(BaseModel):
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="beds")
    # The room's shelter, kept on the bed for the occupancy board and the constraints.
    shelter = models.ForeignKey(Shelter, on_delete=models.CASCADE, related_name="beds")
    label = models.CharField(_("bed"), max_length=30)
    is_cot = models.BooleanField(_("cot"), default=False, help_text=_("For an infant."))
    accessible = models.BooleanField(_("accessible"), default=False)
    in_service = models.BooleanField(_("in service"), default=True)
    out_of_service_reason = models.CharField(
        _("why out of service"), max_length=12, choices=OutOfService.choices, blank=True
    )

    POLICY_ORGANISATION_FIELD = "shelter__organisation"

    class Meta:
        ordering = ["room__name", "label"]
        verbose_name = _("bed")
        verbose_name_plural = _("beds")
        constraints = [models.UniqueConstraint(fields=["room", "label"], name="bed_unique")]
        indexes = [models.Index(fields=["shelter", "in_service"], name="bed_shelter")]

    def __str__(self) -> str:
        return self.label
