"""API representations of the shelters app. Input serializers only validate; services write.

Only ``ShelterConfidentialSerializer`` has the address and phone, and only the shelter
detail endpoint uses it, for the shelter organisation's own staff. Choice fields are plain
strings with their codes in the help text (OpenAPI enum names would collide across apps).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import serializers

from haven.cases.vocab import Gender
from haven.referrals.serializers import codes
from haven.referrals.vocab import Category
from haven.shelters.vocab import (
    FOLLOW_UP_DAYS,
    AccessibilityFeature,
    BedState,
    Destination,
    ExitReason,
    GenderPolicy,
    IncidentKind,
    MovementKind,
    OutOfService,
    Risk,
    RoomRule,
    SecurityFeature,
    Severity,
    ShelterType,
    StayStatus,
    WaitlistStatus,
)


def _choice(choices: Any, **kwargs: Any) -> serializers.CharField:
    """A code from ``choices``, validated, documented as a plain string."""

    allowed = set(choices.values)

    def check(value: str) -> None:
        if value not in allowed:
            raise serializers.ValidationError(_("Choose a value from the list."))

    return serializers.CharField(validators=[check], help_text=codes(choices), **kwargs)


def _codes(choices: Any, **kwargs: Any) -> serializers.ListField:
    return serializers.ListField(child=_choice(choices), **kwargs)


class OccupancySerializer(serializers.Serializer):
    beds = serializers.IntegerField()
    free = serializers.IntegerField()
    occupied = serializers.IntegerField()
    reserved = serializers.IntegerField()
    out_of_service = serializers.IntegerField()
    free_child = serializers.IntegerField()
    free_accessible = serializers.IntegerField()
    free_cot = serializers.IntegerField()


class ShelterSerializer(serializers.Serializer):
    """A shelter without its address (lists, and everyone but its own staff)."""

    id = serializers.UUIDField()
    organisation = serializers.UUIDField(source="organisation_id")
    name = serializers.CharField()
    name_translations = serializers.DictField(child=serializers.CharField())
    type = serializers.CharField(help_text=codes(ShelterType))
    capacity = serializers.IntegerField()
    country = serializers.CharField()
    region = serializers.CharField()
    languages = serializers.ListField(child=serializers.CharField())
    accessibility = serializers.ListField(child=serializers.CharField())
    security_features = serializers.ListField(child=serializers.CharField())
    gender_policy = serializers.CharField(help_text=codes(GenderPolicy))
    max_stay_days = serializers.IntegerField()
    share_capacity = serializers.BooleanField()
    is_active = serializers.BooleanField()
    occupancy = OccupancySerializer(source="_occupancy", required=False)


class ShelterConfidentialSerializer(ShelterSerializer):
    """The shelter for its own organisation's staff: with the address and phone."""

    address = serializers.CharField()
    phone = serializers.CharField()


class ShelterWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    name_translations = serializers.DictField(
        child=serializers.CharField(max_length=200), required=False
    )
    type = _choice(ShelterType)
    capacity = serializers.IntegerField(min_value=1, max_value=2000)
    country = serializers.CharField(max_length=2, required=False)
    region = serializers.CharField(max_length=120, required=False, allow_blank=True)
    languages = serializers.ListField(child=serializers.CharField(max_length=10), required=False)
    accessibility = _codes(AccessibilityFeature, required=False)
    security_features = _codes(SecurityFeature, required=False)
    gender_policy = _choice(GenderPolicy, required=False)
    max_stay_days = serializers.IntegerField(min_value=1, max_value=3650, required=False)
    share_capacity = serializers.BooleanField(required=False)
    address = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=40)
    is_active = serializers.BooleanField(required=False)

    def validate_name_translations(self, value: dict[str, str]) -> dict[str, str]:
        if set(value) - {code for code, _name in settings.LANGUAGES}:
            raise serializers.ValidationError(_("Unknown language code."))
        return value


class StayRefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    reference = serializers.CharField()
    status = serializers.CharField(help_text=codes(StayStatus))
    expected_exit_on = serializers.DateField(allow_null=True)


class BedSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    room = serializers.UUIDField(source="room_id")
    label = serializers.CharField()  # type: ignore[assignment]
    is_cot = serializers.BooleanField()
    accessible = serializers.BooleanField()
    in_service = serializers.BooleanField()
    out_of_service_reason = serializers.CharField(help_text=codes(OutOfService))


class BedWriteSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=30)  # type: ignore[assignment]
    is_cot = serializers.BooleanField(required=False)
    accessible = serializers.BooleanField(required=False)
    in_service = serializers.BooleanField(required=False)
    out_of_service_reason = serializers.CharField(
        required=False, allow_blank=True, help_text=codes(OutOfService)
    )


class BoardBedSerializer(serializers.Serializer):
    bed = BedSerializer()
    state = serializers.CharField(help_text=codes(BedState))
    stay = StayRefSerializer(allow_null=True)


class RoomSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    shelter = serializers.UUIDField(source="shelter_id")
    name = serializers.CharField()
    rule = serializers.CharField(help_text=codes(RoomRule))
    child_appropriate = serializers.BooleanField()
    accessible = serializers.BooleanField()


class RoomWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=60)
    rule = _choice(RoomRule, required=False)
    child_appropriate = serializers.BooleanField(required=False)
    accessible = serializers.BooleanField(required=False)


class BoardRoomSerializer(serializers.Serializer):
    room = RoomSerializer()
    beds = BoardBedSerializer(many=True)


class ExitDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    stays = StayRefSerializer(many=True)


class BoardSerializer(serializers.Serializer):
    shelter = serializers.UUIDField()
    occupancy = OccupancySerializer()
    rooms = BoardRoomSerializer(many=True)
    expected_exits = ExitDaySerializer(many=True)


class CapacitySerializer(serializers.Serializer):
    """Free capacity of a shelter: counts only, never an address."""

    id = serializers.UUIDField()
    name = serializers.CharField()
    organisation = serializers.CharField()
    organisation_id = serializers.UUIDField()
    country = serializers.CharField()
    region = serializers.CharField()
    type = serializers.CharField(help_text=codes(ShelterType))
    languages = serializers.ListField(child=serializers.CharField())
    accessibility = serializers.ListField(child=serializers.CharField())
    occupancy = OccupancySerializer()


class FactsSerializer(serializers.Serializer):
    sex = _choice(Gender, required=False)
    is_child = serializers.BooleanField(required=False)
    needs_cot = serializers.BooleanField(required=False)
    needs_accessible = serializers.BooleanField(required=False)
    gender_confirmed = serializers.BooleanField(required=False)
    accompanying = serializers.UUIDField(required=False, help_text="The parent's stay.")


class SuggestionSerializer(serializers.Serializer):
    bed = serializers.UUIDField(source="bed.pk")
    room = serializers.CharField(source="bed.room.name")
    label = serializers.CharField(source="bed.label")  # type: ignore[assignment]
    fits = serializers.BooleanField(source="suggestion.fits")
    problems = serializers.ListField(child=serializers.CharField(), source="suggestion.problems")


class StaySummarySerializer(serializers.Serializer):
    id = serializers.UUIDField()
    reference = serializers.CharField()
    shelter = serializers.UUIDField(source="shelter_id")
    bed = serializers.UUIDField(source="bed_id")
    status = serializers.CharField(help_text=codes(StayStatus))
    referral = serializers.UUIDField(source="referral_id", allow_null=True)
    case_reference = serializers.CharField(allow_null=True)
    emergency = serializers.BooleanField()
    is_child = serializers.BooleanField()
    starts_on = serializers.DateField()
    admitted_on = serializers.DateField(allow_null=True)
    expected_exit_on = serializers.DateField(allow_null=True)
    ends_on = serializers.DateField(allow_null=True)
    alerts = serializers.ListField(child=serializers.CharField(), source="_alerts")


class StaySerializer(StaySummarySerializer):
    """One stay for the shelter's own staff."""

    known_as = serializers.CharField()
    sex = serializers.CharField(help_text=codes(Gender))
    needs_cot = serializers.BooleanField()
    needs_accessible = serializers.BooleanField()
    languages = serializers.ListField(child=serializers.CharField())
    accompanying = serializers.UUIDField(source="accompanying_id", allow_null=True)
    risk_exploiters = serializers.CharField(help_text=codes(Risk))
    risk_health = serializers.CharField(help_text=codes(Risk))
    risk_self_harm = serializers.CharField(help_text=codes(Risk))
    risk_child_protection = serializers.CharField(help_text=codes(Risk))
    risk_level = serializers.CharField(help_text=codes(Risk))
    risk_notes = serializers.CharField()
    house_rules_consent = serializers.BooleanField()
    interpreter_needed = serializers.BooleanField()
    interpreter_language = serializers.CharField()
    medical_screening_needed = serializers.BooleanField()
    exit_reason = serializers.CharField(help_text=codes(ExitReason))
    exit_destination = serializers.CharField(help_text=codes(Destination))
    exit_plan = serializers.CharField()


class AssessmentFields(serializers.Serializer):
    known_as = serializers.CharField(max_length=120, required=False, allow_blank=True)
    languages = serializers.ListField(child=serializers.CharField(max_length=10), required=False)
    risk_exploiters = _choice(Risk, required=False)
    risk_health = _choice(Risk, required=False)
    risk_self_harm = _choice(Risk, required=False)
    risk_child_protection = _choice(Risk, required=False)
    risk_notes = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    interpreter_needed = serializers.BooleanField(required=False)
    interpreter_language = serializers.CharField(max_length=10, required=False, allow_blank=True)
    medical_screening_needed = serializers.BooleanField(required=False)


class AdmitSerializer(AssessmentFields, FactsSerializer):
    shelter = serializers.UUIDField()
    bed = serializers.UUIDField(required=False, help_text="Leave out for the best fitting bed.")
    referral = serializers.UUIDField(required=False, help_text="An accepted referral.")
    reservation = serializers.UUIDField(required=False, help_text="A reserved stay.")
    admitted_on = serializers.DateField(required=False)
    expected_exit_on = serializers.DateField(required=False)
    house_rules_consent = serializers.BooleanField(
        help_text="The house rules were explained and the person agrees (must be true)."
    )


class StayUpdateSerializer(AssessmentFields):
    expected_exit_on = serializers.DateField(required=False, allow_null=True)


def _follow_up_day(value: int) -> None:
    if value not in FOLLOW_UP_DAYS:
        raise serializers.ValidationError(_("Choose follow-ups from the list."))


class ExitSerializer(serializers.Serializer):
    exited_on = serializers.DateField(required=False)
    reason = _choice(ExitReason)
    destination = _choice(Destination)
    plan = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    follow_up_days = serializers.ListField(
        child=serializers.IntegerField(validators=[_follow_up_day]),
        required=False,
        help_text="Days after the exit: " + ", ".join(str(d) for d in FOLLOW_UP_DAYS) + ".",
    )
    follow_up_owner = serializers.UUIDField(required=False, help_text="Default: you.")
    complete_referral = serializers.BooleanField(required=False, default=True)


class LinkSerializer(serializers.Serializer):
    referral = serializers.UUIDField()


class StayServiceSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    category = _choice(Category)
    delivered_on = serializers.DateField()
    plan = serializers.UUIDField(source="plan_id", required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class MovementSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    kind = _choice(MovementKind)
    started_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField(required=False, allow_null=True)
    with_staff = serializers.BooleanField(required=False)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class FollowUpSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.CharField()
    title = serializers.CharField(source="display_title")
    due_on = serializers.DateField()
    owner = serializers.UUIDField(source="owner_id", allow_null=True)
    stay = serializers.UUIDField(source="stay_id", allow_null=True)
    incident = serializers.UUIDField(source="incident_id", allow_null=True)
    done_at = serializers.DateTimeField(allow_null=True)


class IncidentSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    shelter = serializers.UUIDField(source="shelter_id")
    stay = serializers.UUIDField(source="stay_id", allow_null=True)
    kind = serializers.CharField(help_text=codes(IncidentKind))
    severity = serializers.CharField(help_text=codes(Severity))
    occurred_at = serializers.DateTimeField()
    police_informed = serializers.BooleanField()


class IncidentDetailSerializer(IncidentSerializer):
    description = serializers.CharField()
    actions = FollowUpSerializer(many=True, source="_actions")


class IncidentWriteSerializer(serializers.Serializer):
    shelter = serializers.UUIDField()
    stay = serializers.UUIDField(required=False, allow_null=True)
    kind = _choice(IncidentKind)
    severity = _choice(Severity)
    occurred_at = serializers.DateTimeField(required=False)
    description = serializers.CharField(max_length=8000)
    police_informed = serializers.BooleanField(required=False)
    action = serializers.CharField(required=False, allow_blank=True, max_length=200)
    action_due_on = serializers.DateField(required=False, allow_null=True)


class ActionWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    due_on = serializers.DateField()
    owner = serializers.UUIDField(required=False, help_text="Default: you.")


class WaitlistSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    shelter = serializers.UUIDField(source="shelter_id")
    referral = serializers.UUIDField(source="referral_id", allow_null=True)
    label = serializers.CharField()  # type: ignore[assignment]
    sex = serializers.CharField(help_text=codes(Gender))
    is_child = serializers.BooleanField()
    needs_cot = serializers.BooleanField()
    needs_accessible = serializers.BooleanField()
    risk = serializers.CharField(help_text=codes(Risk))
    status = serializers.CharField(help_text=codes(WaitlistStatus))
    added_at = serializers.DateTimeField()
    stay = serializers.UUIDField(source="stay_id", allow_null=True)


class WaitlistWriteSerializer(serializers.Serializer):
    referral = serializers.UUIDField(required=False)
    label = serializers.CharField(required=False, allow_blank=True, max_length=120)  # type: ignore[assignment]
    sex = _choice(Gender, required=False)
    is_child = serializers.BooleanField(required=False, allow_null=True, default=None)
    needs_cot = serializers.BooleanField(required=False)
    needs_accessible = serializers.BooleanField(required=False)
    risk = _choice(Risk, required=False)
