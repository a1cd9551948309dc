"""Consents, assessments, support plans, services, trafficking events and proceedings of a
case: input (validate only) and output. Inputs get the case as ``case`` in their context."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from haven.accounts.models import Organisation
from haven.cases import vocab
from haven.cases.models import (
    Assessment,
    Method,
    Proceeding,
    Purpose,
    SupportPlan,
)
from haven.cases.serializers.common import (
    CaseUserRefSerializer,
    country_field,
    not_in_future,
    past_date,
    text,
)


def _today_or_earlier(**kwargs: Any) -> serializers.DateField:
    return serializers.DateField(
        required=False, default=timezone.localdate, validators=[not_in_future], **kwargs
    )


class CaseConsentWriteSerializer(serializers.Serializer):
    purpose = serializers.ChoiceField(choices=Purpose.choices)
    given = serializers.BooleanField(help_text="false records a withdrawal or a refusal.")
    method = serializers.ChoiceField(choices=Method.choices)
    language = serializers.CharField(max_length=20, help_text="Language code, e.g. zh-hans.")
    decided_on = _today_or_earlier()
    witness = text(200)
    guardian = text(200, help_text="Required for a child when consent is given.")


class CaseConsentSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    purpose = serializers.ChoiceField(choices=Purpose.choices)
    given = serializers.BooleanField()
    method = serializers.ChoiceField(choices=Method.choices)
    language = serializers.CharField()
    witness = serializers.CharField()
    guardian = serializers.CharField()
    decided_on = serializers.DateField()
    recorded_by = CaseUserRefSerializer(allow_null=True)
    created_at = serializers.DateTimeField()


class CaseConsentsSerializer(serializers.Serializer):
    in_force = serializers.DictField(
        child=serializers.BooleanField(), help_text="Purpose -> consent in force."
    )
    decisions = CaseConsentSerializer(many=True, help_text="Every decision, newest first.")


class CaseAssessmentWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Assessment.Kind.choices)
    level = serializers.ChoiceField(choices=Assessment.Level.choices)
    areas = serializers.ListField(
        child=serializers.CharField(max_length=60), max_length=30, required=False
    )
    rating = text(10)
    notes = text()
    assessed_on = _today_or_earlier()


class CaseAssessmentSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=Assessment.Kind.choices)
    level = serializers.ChoiceField(choices=Assessment.Level.choices)
    areas = serializers.ListField(child=serializers.CharField())
    rating = serializers.CharField()
    notes = serializers.CharField()
    assessed_on = serializers.DateField()
    by = CaseUserRefSerializer(allow_null=True)
    created_at = serializers.DateTimeField()


class CasePlanWriteSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=vocab.SupportPlanType.choices)
    objectives = serializers.CharField(max_length=20_000)
    action_plan = text()
    planned_end_on = serializers.DateField(required=False, allow_null=True)
    actual_end_on = past_date()


class CasePlanSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    type = serializers.ChoiceField(choices=vocab.SupportPlanType.choices)
    objectives = serializers.CharField()
    action_plan = serializers.CharField()
    planned_end_on = serializers.DateField(allow_null=True)
    actual_end_on = serializers.DateField(allow_null=True)
    created_at = serializers.DateTimeField()


class CaseServiceWriteSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=vocab.SupportPlanType.choices)
    delivered_on = _today_or_earlier()
    plan = serializers.UUIDField(required=False, allow_null=True, help_text="A plan of the case.")
    provider = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(is_active=True),
        pk_field=serializers.UUIDField(),
        required=False,
        allow_null=True,
    )
    notes = text()

    def validate_plan(self, value: Any) -> SupportPlan | None:
        if value is None:
            return None
        plan = SupportPlan.objects.filter(pk=value, case=self.context["case"]).first()
        if plan is None:
            raise serializers.ValidationError(_("Choose a support plan of this case."))
        return plan


class CaseServiceSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    category = serializers.ChoiceField(choices=vocab.SupportPlanType.choices)
    delivered_on = serializers.DateField()
    plan = serializers.UUIDField(source="plan_id", allow_null=True)
    provider = serializers.UUIDField(source="provider_id", allow_null=True)
    notes = serializers.CharField()
    created_at = serializers.DateTimeField()


class CaseEventWriteSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=vocab.EventType.choices)
    country = country_field()
    state = text(120)
    city = text(120)
    street = text(300)
    date = past_date()
    description = text()


class CaseEventSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    type = serializers.ChoiceField(choices=vocab.EventType.choices)
    country = serializers.CharField()
    state = serializers.CharField()
    city = serializers.CharField()
    street = serializers.CharField()
    date = serializers.DateField(allow_null=True)
    description = serializers.CharField()
    created_at = serializers.DateTimeField()


class CaseProceedingWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Proceeding.Kind.choices)
    status = serializers.ChoiceField(
        choices=Proceeding.Status.choices, required=False, default=Proceeding.Status.OPEN
    )
    started_on = past_date()
    authority = text(200)
    notes = text()


class CaseProceedingSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=Proceeding.Kind.choices)
    status = serializers.ChoiceField(choices=Proceeding.Status.choices)
    started_on = serializers.DateField(allow_null=True)
    authority = serializers.CharField()
    notes = serializers.CharField()
    created_at = serializers.DateTimeField()
