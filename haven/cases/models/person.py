"""A person who may have been trafficked. Identity is encrypted; search goes through keyed
name tokens (``PersonNameToken``), never plaintext."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from haven.cases.vocab import Gender
from haven.core.fields import (
    BlindIndexField,
    EncryptedCharField,
    EncryptedDateField,
    EncryptedJSONField,
    EncryptedTextField,
)
from haven.core.models import BaseModel


class Person(BaseModel):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="persons",
        verbose_name=_("registered by"),
    )
    # Identity: encrypted at rest.
    family_name = EncryptedCharField(_("family name"), max_length=200, blank=True)
    given_names = EncryptedCharField(_("given names"), max_length=200, blank=True)
    aliases = EncryptedJSONField(_("other names and spellings"), default=list, blank=True)
    birth_date = EncryptedDateField(_("date of birth"), null=True, blank=True)
    identity_documents = EncryptedJSONField(_("identity documents"), default=list, blank=True)
    contacts = EncryptedJSONField(_("contacts"), default=dict, blank=True)
    # Not identifying on their own: queryable.
    sex = models.CharField(
        _("sex / gender"), max_length=32, choices=Gender.choices, default=Gender.UNKNOWN
    )
    estimated_age = models.PositiveSmallIntegerField(
        _("age (estimated if unknown)"), null=True, blank=True
    )
    age_uncertain = models.BooleanField(_("age is uncertain"), default=False)
    citizenship = CountryField(_("citizenship"), multiple=True, blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    # Keyed (blind) index of the birth year, for duplicate warnings.
    birth_year_index = BlindIndexField(
        source="birth_date", normaliser="haven.cases.names.birth_year"
    )

    # Set when the identity was erased (on request or by the retention rule); the case keeps
    # its non-identifying fields for anonymised statistics.
    erased_at = models.DateTimeField(_("identity erased"), null=True, blank=True)

    POLICY_ORGANISATION_FIELD = "organisation"

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return f"{_('Person')} {str(self.pk)[:8]}"

    @property
    def display_name(self) -> str:
        return " ".join(part for part in (self.family_name, self.given_names) if part) or "–"


class PersonNameToken(models.Model):
    """Keyed HMAC tokens of a person's normalised name variants (Hanzi, pinyin with and without
    tones, both name orders, aliases), so that search and duplicate warnings never scan
    plaintext. Rebuilt whenever the person's names change."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_tokens")
    token = models.CharField(max_length=64, db_index=True)
    kind = models.CharField(max_length=16)  # "full" or "part"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "token"], name="person_token_unique")
        ]

    def __str__(self) -> str:
        return self.kind


class PersonEncoding(models.Model):
    """The person's keyed Bloom-filter encoding of names, birth date and sex
    (``haven.exchange.linkage``) under a local key derived from the blind-index key, scored
    against each new registration so duplicate warnings survive spelling differences. The bit
    vector is encrypted at rest; ``key_check`` names the key and scheme that made it, and a row
    made under another is recomputed when needed. Rebuilt with the person's identity."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, primary_key=True, related_name="encoding"
    )
    clk = EncryptedTextField()  # base64 of the bit vector
    key_check = models.CharField(max_length=16)

    def __str__(self) -> str:
        return self.key_check


class PersonLinkToken(models.Model):
    """The encoding's keyed blocking tokens: persons who share some with a new registration are
    the ones scored."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="link_tokens")
    token = models.CharField(max_length=64, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "token"], name="person_link_token_unique")
        ]

    def __str__(self) -> str:
        return self.token[:8]
