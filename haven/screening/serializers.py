"""Output serializers of stored screenings (read-only: writes go through the services)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from haven.screening.models import Status
from haven.screening.selectors import STARTABLE

STATUS_HELP = "One of: " + ", ".join(Status.values) + "."


class ScreeningQuerySerializer(serializers.Serializer[Any]):
    # A CharField, not a ChoiceField: another app's "status" enum would collide in the schema.
    status = serializers.CharField(required=False, help_text=STATUS_HELP)
    instrument = serializers.ChoiceField(choices=STARTABLE, required=False)
    mine = serializers.BooleanField(required=False, default=False)

    def validate_status(self, value: str) -> str:
        if value not in Status.values:
            raise serializers.ValidationError(_("Choose a valid status."))
        return value


class ScreeningListItemSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    organisation = serializers.UUIDField(source="organisation_id")
    screener = serializers.CharField(source="screener.username", allow_null=True, default=None)
    instrument = serializers.CharField()
    instrument_version = serializers.CharField()
    status = serializers.CharField(help_text=STATUS_HELP)
    outcome = serializers.CharField(help_text="The engine's outcome code, empty for a draft.")
    started_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)
    interview_language = serializers.CharField()
    question_language = serializers.CharField()
    interpreter_used = serializers.BooleanField()
    subject_age = serializers.IntegerField(allow_null=True)
    subject_age_uncertain = serializers.BooleanField()
    case = serializers.UUIDField(source="case_id", allow_null=True)
    continued_from = serializers.UUIDField(source="continued_from_id", allow_null=True)


class ScreeningDetailSerializer(ScreeningListItemSerializer):
    checklist = serializers.DictField(child=serializers.BooleanField())
    answers = serializers.DictField(
        child=serializers.CharField(), help_text="Indicator ID -> yes or no; missing = unknown."
    )
    result = serializers.DictField(
        allow_null=True,
        help_text="The engine's result document as stored at completion (see "
        "POST /api/v1/screening/evaluate).",
    )
