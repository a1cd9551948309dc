"""This node's keys, partner nodes, data-sharing agreements, transnational referrals
(``Transfer``), every message sent or received (``Message``, also the outbox) and match
queries (``MatchQuery``: references and scores, never encodings)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from haven.core.fields import EncryptedJSONField, EncryptedTextField, MultiChoiceField
from haven.core.models import BaseModel
from haven.exchange.vocab import (
    Delivery,
    DeliveryMethod,
    Direction,
    Field,
    MatchState,
    MessageType,
    SharingPurpose,
    Status,
)


class Node(BaseModel):
    """This deployment as a node (one row, made by ``haven exchange init``)."""

    node_id = models.CharField(_("node identifier"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    country = CountryField(_("country"))
    endpoint = models.URLField(_("public address"), max_length=300)

    class Meta:
        verbose_name = _("node")

    def __str__(self) -> str:
        return self.name


class NodeKey(BaseModel):
    """A key pair of this node. The private half is encrypted with the field keys; retired
    keys stay published (and usable for decryption) so that messages signed or encrypted
    before a rotation still verify."""

    kid = models.CharField(max_length=64, unique=True)
    use = models.CharField(max_length=3, choices=[("sig", _("Signing")), ("enc", _("Encryption"))])
    public_jwk = models.JSONField()
    private_jwk = EncryptedJSONField()
    is_current = models.BooleanField(default=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.use} {self.kid}"


class Partner(BaseModel):
    """Another Haven node, registered after its fingerprint was checked out of band."""

    node_id = models.CharField(_("node identifier"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    country = CountryField(_("country"))
    endpoint = models.URLField(_("public address"), max_length=300)
    jwks = models.JSONField(_("public keys"))
    fingerprint = models.CharField(_("fingerprint"), max_length=100)
    signing_kid = models.CharField(max_length=64)
    encryption_kid = models.CharField(max_length=64)
    delivery = models.CharField(
        _("delivery"),
        max_length=10,
        choices=DeliveryMethod.choices,
        default=DeliveryMethod.NETWORK,
    )
    is_active = models.BooleanField(_("active"), default=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    keys_checked_at = models.DateTimeField(_("keys checked"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner node")
        verbose_name_plural = _("partner nodes")

    def __str__(self) -> str:
        return self.name

    def public_key(self, kid: str, use: str) -> dict[str, Any] | None:
        for key in self.jwks.get("keys", []):
            if key.get("kid") == kid and key.get("use") == use:
                return dict(key)
        return None

    @property
    def inbox_url(self) -> str:
        return self.endpoint.rstrip("/") + "/api/v1/exchange/inbox"


class Agreement(BaseModel):
    """A data-sharing agreement with a partner node. Both nodes register it under the same
    ``code``; each checks messages against its own copy. ``fields`` maps each purpose to
    the fields allowed for it (a purpose with no fields is not agreed)."""

    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("partner")
    )
    code = models.CharField(
        _("agreement identifier"),
        max_length=80,
        help_text=_("The same identifier on both nodes, e.g. CN-DE-2026-01."),
    )
    title = models.CharField(_("title"), max_length=200)
    fields = models.JSONField(_("fields allowed per purpose"), default=dict)
    allow_matching = models.BooleanField(
        _("match queries allowed"),
        default=False,
        help_text=_("Coordinators may ask whether the partner already knows a person."),
    )
    retention_days = models.PositiveIntegerField(
        _("retention at the receiver (days)"),
        help_text=_("How long the receiving node keeps the data received."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    organisations = models.ManyToManyField(
        "accounts.Organisation",
        related_name="exchange_agreements",
        verbose_name=_("our organisations"),
    )
    partner_organisations = models.JSONField(
        _("the partner's organisations"),
        default=list,
        help_text=_("Identifiers and names of the organisations on the partner's side."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["partner__name", "code"]
        verbose_name = _("data-sharing agreement")
        verbose_name_plural = _("data-sharing agreements")
        constraints = [
            models.UniqueConstraint(fields=["partner", "code"], name="agreement_partner_code")
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def purposes(self) -> list[str]:
        return [p for p in SharingPurpose.values if self.fields.get(p)]

    def allowed(self, purpose: str) -> list[str]:
        return [f for f in Field.values if f in (self.fields.get(purpose) or [])]

    def in_force(self, today: datetime.date | None = None) -> bool:
        day = today or timezone.localdate()
        return (
            self.is_active and self.partner.is_active and self.valid_from <= day <= self.valid_until
        )

    def partner_organisation(self, identifier: str) -> dict[str, str] | None:
        for item in self.partner_organisations:
            if item.get("id") == identifier:
                return {"id": str(item["id"]), "name": str(item.get("name", ""))}
        return None


class Transfer(BaseModel):
    """A transnational referral, as the sending node (``out``) or the receiving node
    (``in``) sees it. ``thread`` is the same on both nodes. The receiver keeps what it
    received in ``payload`` (encrypted) until it accepts, the retention ends or the sender
    asks for erasure."""

    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    thread = models.UUIDField(_("referral identifier"))
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="transfers")
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="transfers")
    purpose = models.CharField(_("purpose"), max_length=40, choices=SharingPurpose.choices)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="exchange_transfers",
        verbose_name=_("our organisation"),
    )
    remote_organisation = models.CharField(max_length=100)
    remote_organisation_name = models.CharField(_("their organisation"), max_length=200)
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="exchange_transfers",
    )
    case_reference = models.CharField(_("our case"), max_length=20, blank=True)
    remote_reference = models.CharField(_("their case"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SENT, db_index=True
    )
    fields = MultiChoiceField(_("fields shared"), choices=Field.choices, max_length=600)
    payload = EncryptedJSONField(default=dict, blank=True)
    reason = EncryptedTextField(_("reason"), blank=True)
    child = models.BooleanField(_("child"), default=False)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    retain_until = models.DateTimeField(_("kept until"), null=True, blank=True)
    erasure_pending = models.BooleanField(_("erasure requested"), default=False)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)

    POLICY_ORGANISATION_FIELD = "organisation"

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("transnational referral")
        verbose_name_plural = _("transnational referrals")
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "direction", "thread"], name="transfer_thread_unique"
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "direction", "status"], name="transfer_inbox"),
        ]

    def __str__(self) -> str:
        return f"{self.direction} {str(self.thread)[:8]}"


class Message(BaseModel):
    """Every signed message sent or received (the log both sides audit against), and the
    outbox of messages to deliver. Bodies are not kept; outgoing envelopes are (they are
    encrypted to the partner) until delivered or expired."""

    direction = models.CharField(max_length=3, choices=Direction.choices)
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="messages")
    agreement = models.ForeignKey(
        Agreement, null=True, blank=True, on_delete=models.PROTECT, related_name="messages"
    )
    transfer = models.ForeignKey(
        Transfer, null=True, blank=True, on_delete=models.CASCADE, related_name="messages"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    type = models.CharField(_("type"), max_length=20, choices=MessageType.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, blank=True)
    jti = models.CharField(max_length=64)
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    envelope = models.TextField(blank=True)
    delivery = models.CharField(max_length=12, choices=Delivery.choices, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=80, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    POLICY_ORGANISATION_FIELD = "organisation"

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "direction", "jti"], name="message_replay_guard"
            )
        ]
        indexes = [models.Index(fields=["delivery", "next_attempt_at"], name="message_outbox")]

    def __str__(self) -> str:
        return f"{self.direction} {self.type} {self.jti[:8]}"


class MatchQuery(BaseModel):
    """One "do you already know this person?" query, asked (``out``) or answered (``in``).
    Only pseudonymous case references and scores are kept; encodings never."""

    direction = models.CharField(max_length=3, choices=Direction.choices)
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="match_queries")
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="match_queries")
    purpose = models.CharField(_("purpose"), max_length=40, choices=SharingPurpose.choices)
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    case_reference = models.CharField(max_length=20, blank=True)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    jti = models.CharField(max_length=64)
    state = models.CharField(max_length=10, choices=MatchState.choices, default=MatchState.SENDING)
    error = models.CharField(max_length=80, blank=True)
    compared = models.PositiveIntegerField(default=0)
    results = models.JSONField(default=list, blank=True)

    POLICY_ORGANISATION_FIELD = "organisation"

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("match query")
        verbose_name_plural = _("match queries")

    def __str__(self) -> str:
        return f"{self.direction} {self.jti[:8]}"
