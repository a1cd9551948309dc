"""API representations of the directory and referrals. Input serializers only validate;
services write. Referral output comes from the plain projections (``projection.py``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django_countries.serializer_fields import CountryField
from rest_framework import serializers

from haven.cases.vocab import ReferralReason
from haven.referrals.vocab import Category, Scope, Status, Urgency

MAX_LANGUAGE_CODE = 10


def codes(choices: Any) -> str:
    """The codes of a choice set, for the API documentation. Outputs and most inputs use plain
    strings rather than enums: several apps use field names such as ``status`` and
    ``category`` for different choice sets, and OpenAPI enum names would collide."""
    return "One of: " + ", ".join(choices.values) + "."


class ServiceSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    organisation = serializers.UUIDField(source="organisation_id", read_only=True)
    organisation_name = serializers.CharField(source="organisation.display_name", read_only=True)
    country = CountryField(source="organisation.country", read_only=True)
    category = serializers.CharField(read_only=True, help_text=codes(Category))
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    region = serializers.CharField(read_only=True)
    languages = serializers.ListField(child=serializers.CharField(), read_only=True)
    capacity = serializers.IntegerField(read_only=True, allow_null=True)
    contact = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    description_translations = serializers.DictField(child=serializers.CharField(), read_only=True)
    is_active = serializers.BooleanField(read_only=True)


class ServiceWriteSerializer(serializers.Serializer):
    organisation = serializers.UUIDField(help_text="Your organisation (required to create).")
    category = serializers.CharField(max_length=40, help_text=codes(Category))
    region = serializers.CharField(max_length=120, required=False, allow_blank=True)
    languages = serializers.ListField(
        child=serializers.CharField(max_length=MAX_LANGUAGE_CODE), required=False
    )
    capacity = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    contact = serializers.CharField(max_length=300, required=False, allow_blank=True)
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    description_translations = serializers.DictField(
        child=serializers.CharField(max_length=2000), required=False
    )
    is_active = serializers.BooleanField(required=False)

    def validate_category(self, value: str) -> str:
        if value not in Category.values:
            raise serializers.ValidationError(_("Choose a category from the list."))
        return value

    def validate_description_translations(self, value: dict[str, str]) -> dict[str, str]:
        allowed = {code for code, _name in settings.LANGUAGES}
        if set(value) - allowed:
            raise serializers.ValidationError(_("Unknown language code."))
        return value


class ServiceItemSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    category = serializers.CharField(help_text=codes(Category))
    category_label = serializers.CharField()
    region = serializers.CharField()
    languages = serializers.ListField(child=serializers.CharField())
    contact = serializers.CharField()


class ReferralSummarySerializer(serializers.Serializer):
    id = serializers.UUIDField()
    reference = serializers.CharField(help_text="The case reference.")
    from_organisation = serializers.CharField()
    from_organisation_id = serializers.UUIDField()
    to_organisation = serializers.CharField()
    to_organisation_id = serializers.UUIDField()
    services = ServiceItemSerializer(many=True)
    urgency = serializers.CharField(help_text=codes(Urgency))
    urgency_label = serializers.CharField()
    reason = serializers.CharField(help_text=codes(ReferralReason))
    reason_label = serializers.CharField()
    status = serializers.CharField(help_text=codes(Status))
    status_label = serializers.CharField()
    sent_at = serializers.DateTimeField()
    respond_by = serializers.DateTimeField()
    overdue = serializers.BooleanField()


class BasicSerializer(serializers.Serializer):
    reference = serializers.CharField()
    sex = serializers.CharField()
    age_band = serializers.CharField()
    languages = serializers.ListField(child=serializers.CharField())
    is_child = serializers.BooleanField()
    child_presumed = serializers.BooleanField()


class IdentitySerializer(serializers.Serializer):
    family_name = serializers.CharField()
    given_names = serializers.CharField()
    aliases = serializers.ListField(child=serializers.CharField())
    birth_date = serializers.DateField(allow_null=True)
    citizenship = serializers.ListField(child=serializers.CharField())


class PairSerializer(serializers.Serializer):
    kind = serializers.CharField()
    value = serializers.CharField()


class ContactsSerializer(serializers.Serializer):
    contacts = PairSerializer(many=True)
    guardian = serializers.CharField()


class EventSerializer(serializers.Serializer):
    type = serializers.CharField()
    date = serializers.DateField(allow_null=True)
    country = serializers.CharField()
    state = serializers.CharField()
    city = serializers.CharField()
    description = serializers.CharField()


class ExploitationSerializer(serializers.Serializer):
    trafficking_status = serializers.CharField()
    exploitation_types = serializers.ListField(child=serializers.CharField())
    sex_exploitation_types = serializers.ListField(child=serializers.CharField())
    forced_labour_industry = serializers.CharField()
    methods_of_control = serializers.ListField(child=serializers.CharField())
    recruitment_methods = serializers.ListField(child=serializers.CharField())
    recruitment_country = serializers.CharField()
    exploitation_country = serializers.CharField()
    events = EventSerializer(many=True)


class AssessmentSerializer(serializers.Serializer):
    kind = serializers.CharField()
    level = serializers.CharField()
    areas = serializers.ListField(child=serializers.CharField())
    rating = serializers.CharField()
    assessed_on = serializers.DateField()
    notes = serializers.CharField()


class PlanSerializer(serializers.Serializer):
    type = serializers.CharField()
    objectives = serializers.CharField()
    planned_end_on = serializers.DateField(allow_null=True)


class NeedsSerializer(serializers.Serializer):
    vulnerabilities = serializers.ListField(child=serializers.CharField())
    risk_level = serializers.CharField()
    assessments = AssessmentSerializer(many=True)
    plans = PlanSerializer(many=True)


class DocumentItemSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    added_on = serializers.DateField()


class DocumentsSerializer(serializers.Serializer):
    files = DocumentItemSerializer(many=True)
    identity_documents = PairSerializer(many=True)


class SharedCaseSerializer(serializers.Serializer):
    """The referred case as the receiving organisation may read it now. Sections outside
    the visible scopes are null."""

    referral = ReferralSummarySerializer()
    agreed_scopes = serializers.ListField(
        child=serializers.CharField(), help_text="What the sender shares once accepted."
    )
    visible_scopes = serializers.ListField(
        child=serializers.CharField(), help_text="What is readable now. " + codes(Scope)
    )
    restriction = serializers.CharField(
        help_text="Why scopes are held back: empty, not_accepted, consent (not in force) or closed."
    )
    basic = BasicSerializer()
    message = serializers.CharField()
    decline_reason = serializers.CharField()
    withdraw_reason = serializers.CharField()
    identity = IdentitySerializer(allow_null=True)
    contacts = ContactsSerializer(allow_null=True)
    exploitation = ExploitationSerializer(allow_null=True)
    needs = NeedsSerializer(allow_null=True)
    documents = DocumentsSerializer(allow_null=True)


class ReferralSendSerializer(serializers.Serializer):
    case = serializers.UUIDField()
    to_organisation = serializers.UUIDField()
    services = serializers.ListField(child=serializers.UUIDField(), min_length=1)
    urgency = serializers.ChoiceField(choices=Urgency.choices)
    reason = serializers.ChoiceField(choices=ReferralReason.choices)
    scopes = serializers.ListField(
        child=serializers.ChoiceField(choices=Scope.choices),
        required=False,
        help_text="What to share once accepted; basic is always shared.",
    )
    message = serializers.CharField(max_length=4000, required=False, allow_blank=True)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)

    def validate_reason(self, value: Any) -> str:
        return str(value).strip()
