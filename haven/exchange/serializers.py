"""API representations of the exchange app. Input serializers only validate; services
write. Choice fields are plain strings (their codes in the help text) so that OpenAPI enum
names do not collide with other apps' ``status`` or ``purpose``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from haven.exchange.vocab import (
    DeliveryMethod,
    Field,
    SharingPurpose,
    Status,
    WithdrawalReason,
)


def codes(choices: Any) -> str:
    return "One of: " + ", ".join(choices.values) + "."


def _choice(value: str, choices: Any) -> str:
    if value not in choices.values:
        raise serializers.ValidationError(_("Choose a value from the list."))
    return value


# ---------------------------------------------------------------------------------------------
# Node and partners


class ExchangeNodeSerializer(serializers.Serializer):
    node_id = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    country = serializers.CharField(read_only=True)
    endpoint = serializers.CharField(read_only=True)
    fingerprint = serializers.CharField(read_only=True)
    jwks = serializers.DictField(read_only=True)


class ExchangeNodeWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    country = serializers.CharField(min_length=2, max_length=2)
    endpoint = serializers.CharField(max_length=300, help_text="Public address, https://…")


class ExchangePartnerSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    node_id = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    country = serializers.CharField(read_only=True)
    endpoint = serializers.CharField(read_only=True)
    fingerprint = serializers.CharField(read_only=True)
    delivery = serializers.CharField(read_only=True, help_text=codes(DeliveryMethod))
    is_active = serializers.BooleanField(read_only=True)
    keys_checked_at = serializers.DateTimeField(read_only=True)
    keys = serializers.SerializerMethodField()

    def get_keys(self, partner: Any) -> list[dict[str, str]]:
        return [{"kid": k.get("kid"), "use": k.get("use")} for k in partner.jwks.get("keys", [])]


class ExchangePartnerRegisterSerializer(serializers.Serializer):
    jwks = serializers.DictField(
        required=False, help_text="The partner's published key set (its /api/v1/exchange/jwks)."
    )
    url = serializers.CharField(
        max_length=300, required=False, help_text="Or the partner's address to fetch it from."
    )
    fingerprint = serializers.CharField(
        max_length=120, help_text="The fingerprint the partner gave you out of band."
    )
    delivery = serializers.CharField(
        required=False, default=DeliveryMethod.NETWORK, help_text=codes(DeliveryMethod)
    )

    def validate_delivery(self, value: str) -> str:
        return _choice(value, DeliveryMethod)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("jwks") and not attrs.get("url"):
            raise serializers.ValidationError({"jwks": _("Give the key set or its address.")})
        return attrs


class ExchangePartnerChangeSerializer(serializers.Serializer):
    delivery = serializers.CharField(required=False, help_text=codes(DeliveryMethod))
    is_active = serializers.BooleanField(required=False)

    def validate_delivery(self, value: str) -> str:
        return _choice(value, DeliveryMethod)


# ---------------------------------------------------------------------------------------------
# Agreements


class ExchangePartnerOrganisationSerializer(serializers.Serializer):
    id = serializers.CharField(max_length=100)
    name = serializers.CharField(max_length=200)


class ExchangeAgreementSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    partner = serializers.UUIDField(source="partner_id", read_only=True)
    partner_name = serializers.CharField(source="partner.name", read_only=True)
    code = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    purposes = serializers.ListField(child=serializers.CharField(), read_only=True)
    fields = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()), read_only=True
    )
    allow_matching = serializers.BooleanField(read_only=True)
    retention_days = serializers.IntegerField(read_only=True)
    valid_from = serializers.DateField(read_only=True)
    valid_until = serializers.DateField(read_only=True)
    in_force = serializers.SerializerMethodField()
    is_active = serializers.BooleanField(read_only=True)
    organisations = serializers.SerializerMethodField()
    partner_organisations = ExchangePartnerOrganisationSerializer(many=True, read_only=True)

    def get_in_force(self, agreement: Any) -> bool:
        return bool(agreement.in_force())

    def get_organisations(self, agreement: Any) -> list[str]:
        return [str(pk) for pk in agreement.organisations.values_list("pk", flat=True)]


class ExchangeAgreementWriteSerializer(serializers.Serializer):
    partner = serializers.UUIDField()
    code = serializers.CharField(max_length=80)
    title = serializers.CharField(max_length=200)
    fields = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField(max_length=40)),
        help_text="Purpose -> fields allowed. Purposes: "
        + ", ".join(SharingPurpose.values)
        + ". Fields: "
        + ", ".join(Field.values)
        + ".",
    )
    allow_matching = serializers.BooleanField(default=False)
    retention_days = serializers.IntegerField(min_value=1, max_value=3650)
    valid_from = serializers.DateField()
    valid_until = serializers.DateField()
    organisations = serializers.ListField(child=serializers.UUIDField(), min_length=1)
    partner_organisations = ExchangePartnerOrganisationSerializer(many=True)
    is_active = serializers.BooleanField(default=True)


# ---------------------------------------------------------------------------------------------
# Referrals abroad


class ExchangeMessageSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    direction = serializers.CharField(read_only=True)
    type = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    delivery = serializers.CharField(read_only=True)
    attempts = serializers.IntegerField(read_only=True)
    last_error = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    delivered_at = serializers.DateTimeField(read_only=True, allow_null=True)


class ExchangeFieldValueSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    value = serializers.CharField()
    items = serializers.ListField(child=serializers.CharField())


class ExchangeTransferSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    thread = serializers.UUIDField(read_only=True)
    direction = serializers.CharField(read_only=True, help_text="out (sent) or in (received).")
    status = serializers.CharField(read_only=True, help_text=codes(Status))
    purpose = serializers.CharField(read_only=True, help_text=codes(SharingPurpose))
    partner = serializers.UUIDField(source="partner_id", read_only=True)
    partner_name = serializers.CharField(source="partner.name", read_only=True)
    agreement = serializers.CharField(source="agreement.code", read_only=True)
    organisation = serializers.UUIDField(source="organisation_id", read_only=True)
    remote_organisation = serializers.CharField(read_only=True)
    remote_organisation_name = serializers.CharField(read_only=True)
    case = serializers.UUIDField(source="case_id", read_only=True, allow_null=True)
    case_reference = serializers.CharField(read_only=True)
    remote_reference = serializers.CharField(read_only=True)
    fields = serializers.ListField(child=serializers.CharField(), read_only=True)  # type: ignore[assignment]
    child = serializers.BooleanField(read_only=True)
    sent_at = serializers.DateTimeField(read_only=True)
    answered_at = serializers.DateTimeField(read_only=True, allow_null=True)
    retain_until = serializers.DateTimeField(read_only=True, allow_null=True)
    erasure_pending = serializers.BooleanField(read_only=True)
    erased_at = serializers.DateTimeField(read_only=True, allow_null=True)


class ExchangeTransferDetailSerializer(ExchangeTransferSerializer):
    reason = serializers.CharField(read_only=True)
    received = ExchangeFieldValueSerializer(
        many=True, read_only=True, help_text="What a referral received carries, until answered."
    )
    messages = ExchangeMessageSerializer(many=True, read_only=True, source="message_log")


class ExchangeTransferSendSerializer(serializers.Serializer):
    case = serializers.UUIDField()
    agreement = serializers.UUIDField()
    purpose = serializers.CharField(help_text=codes(SharingPurpose))
    to_organisation = serializers.CharField(
        max_length=100, help_text="Identifier of the partner's organisation (in the agreement)."
    )
    fields = serializers.ListField(  # type: ignore[assignment]
        child=serializers.CharField(max_length=40), min_length=1, help_text=codes(Field)
    )
    message = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")

    def validate_purpose(self, value: str) -> str:
        return _choice(value, SharingPurpose)


class ExchangeReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=4000)


class ExchangeProgressSerializer(serializers.Serializer):
    status = serializers.CharField(help_text="assistance_started or closed.")

    def validate_status(self, value: str) -> str:
        if value not in (Status.ASSISTANCE, Status.CLOSED):
            raise serializers.ValidationError(_("Choose assistance_started or closed."))
        return value


class ExchangeWithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False, default=WithdrawalReason.SENDER, help_text=codes(WithdrawalReason)
    )

    def validate_reason(self, value: str) -> str:
        return _choice(value, WithdrawalReason)


class ExchangeEnvelopeSerializer(serializers.Serializer):
    envelope = serializers.CharField(help_text="A compact JWE from a partner node.")


class ExchangeInboxReceiptSerializer(serializers.Serializer):
    received = serializers.CharField(help_text="Identifier of the message (jti).")
    type = serializers.CharField()
    envelope = serializers.CharField(
        required=False, help_text="The signed and encrypted answer (match queries only)."
    )


class ExchangeDownloadSerializer(serializers.Serializer):
    filename = serializers.CharField()
    envelope = serializers.CharField()


# ---------------------------------------------------------------------------------------------
# Match queries


class ExchangeMatchAskSerializer(serializers.Serializer):
    case = serializers.UUIDField()
    agreement = serializers.UUIDField()
    purpose = serializers.CharField(help_text=codes(SharingPurpose))

    def validate_purpose(self, value: str) -> str:
        return _choice(value, SharingPurpose)


class ExchangeMatchResultSerializer(serializers.Serializer):
    reference = serializers.CharField()
    score = serializers.FloatField()


class ExchangeMatchQuerySerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    partner = serializers.UUIDField(source="partner_id", read_only=True)
    partner_name = serializers.CharField(source="partner.name", read_only=True)
    agreement = serializers.CharField(source="agreement.code", read_only=True)
    purpose = serializers.CharField(read_only=True)
    case = serializers.UUIDField(source="case_id", read_only=True, allow_null=True)
    case_reference = serializers.CharField(read_only=True)
    state = serializers.CharField(read_only=True, help_text="sending, answered or failed.")
    error = serializers.CharField(read_only=True)
    results = ExchangeMatchResultSerializer(many=True, read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
