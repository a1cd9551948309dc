"""API representations of accounts. Input serializers only validate; services write."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django_countries import countries
from django_countries.serializer_fields import CountryField
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from haven.accounts import policy, twofactor
from haven.accounts.models import Membership, Organisation, User
from haven.accounts.roles import Role


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(
        max_length=4096, trim_whitespace=False, style={"input_type": "password"}
    )
    otp = serializers.CharField(
        max_length=16,
        required=False,
        allow_blank=True,
        help_text="Authenticator or backup code, when two-factor authentication is on.",
    )


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()
    expiry = serializers.DateTimeField()


class OrganisationSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True)
    display_name = serializers.CharField(read_only=True)
    name_translations = serializers.DictField(child=serializers.CharField(), read_only=True)
    kind = serializers.ChoiceField(choices=Organisation.Kind.choices, read_only=True)
    country = CountryField(read_only=True)
    region = serializers.CharField(read_only=True)
    languages = serializers.ListField(child=serializers.CharField(), read_only=True)
    require_2fa = serializers.BooleanField(read_only=True)
    is_active = serializers.BooleanField(read_only=True)


class OrganisationWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    name_translations = serializers.DictField(
        child=serializers.CharField(max_length=200), required=False
    )
    kind = serializers.ChoiceField(choices=Organisation.Kind.choices)
    country = serializers.ChoiceField(choices=list(countries))
    region = serializers.CharField(max_length=120, required=False, allow_blank=True)
    languages = serializers.ListField(child=serializers.CharField(max_length=10), required=False)
    require_2fa = serializers.BooleanField(required=False)
    is_active = serializers.BooleanField(required=False)

    def validate_name_translations(self, value: dict[str, str]) -> dict[str, str]:
        allowed = {code for code, _name in settings.LANGUAGES}
        unknown = set(value) - allowed
        if unknown:
            raise serializers.ValidationError("Unknown language code.")
        return value


class MembershipSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    organisation = OrganisationSerializer(read_only=True)
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=Role.choices), source="role_codes", read_only=True
    )
    is_active = serializers.BooleanField(read_only=True)


class UserSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    username = serializers.CharField(read_only=True)
    full_name = serializers.CharField(read_only=True)
    email = serializers.CharField(read_only=True, help_text="E-mail address; empty when unknown.")
    language = serializers.CharField(read_only=True)
    is_active = serializers.BooleanField(read_only=True)
    last_login = serializers.DateTimeField(read_only=True, allow_null=True)
    memberships = serializers.SerializerMethodField()

    @extend_schema_field(MembershipSerializer(many=True))
    def get_memberships(self, user: User) -> list[dict[str, Any]]:
        items = getattr(user, "visible_memberships", None)
        if items is None:
            items = list(user.memberships.select_related("organisation"))
        return MembershipSerializer(items, many=True).data  # type: ignore[return-value]


class MeSerializer(UserSerializer):
    time_zone = serializers.CharField(read_only=True)
    two_factor = serializers.SerializerMethodField()
    capabilities = serializers.SerializerMethodField()

    def get_two_factor(self, user: User) -> bool:
        return twofactor.has_device(user)

    def get_capabilities(self, user: User) -> list[str]:
        grants = policy.grants(user)
        return sorted({str(c) for c in grants.everywhere} | {str(c) for c in grants.by_org})

    @extend_schema_field(MembershipSerializer(many=True))
    def get_memberships(self, user: User) -> list[dict[str, Any]]:
        items = Membership.objects.filter(
            user=user, is_active=True, organisation__is_active=True
        ).select_related("organisation")
        return MembershipSerializer(items, many=True).data  # type: ignore[return-value]


class UserCreateSerializer(serializers.Serializer):
    organisation = serializers.UUIDField()
    username = serializers.RegexField(r"^[\w.@+-]+$", max_length=150)
    full_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    language = serializers.ChoiceField(choices=settings.LANGUAGES, default="en")
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=Role.choices), allow_empty=False
    )


class UserCreatedSerializer(serializers.Serializer):
    user = UserSerializer()
    set_password_link = serializers.CharField()
    emailed = serializers.BooleanField()


class UserUpdateSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)


class RolesSerializer(serializers.Serializer):
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=Role.choices), allow_empty=False
    )
