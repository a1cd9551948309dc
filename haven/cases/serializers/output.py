"""Output of the cases API: persons, case list rows, the full case, duplicate candidates.

Encrypted fields come out decrypted: callers only reach these through the scoped selectors.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from haven.cases import vocab
from haven.cases.models import ClosureReason, Cooperation, Purpose, RiskLevel, Stage
from haven.cases.serializers.common import CaseOrganisationRefSerializer, CaseUserRefSerializer


class CasePersonSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    family_name = serializers.CharField()
    given_names = serializers.CharField()
    aliases = serializers.ListField(child=serializers.CharField())
    birth_date = serializers.DateField(allow_null=True)
    identity_documents = serializers.ListField(child=serializers.DictField())
    contacts = serializers.DictField()
    sex = serializers.ChoiceField(choices=vocab.Gender.choices)
    estimated_age = serializers.IntegerField(allow_null=True)
    age_uncertain = serializers.BooleanField()
    citizenship = serializers.ListField(child=serializers.CharField())
    languages = serializers.ListField(child=serializers.CharField())


class CaseListItemSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    reference = serializers.CharField()
    person_name = serializers.CharField(source="person.display_name")
    organisation = CaseOrganisationRefSerializer()
    owner = CaseUserRefSerializer(allow_null=True)
    stage = serializers.ChoiceField(choices=Stage.choices)
    stage_label = serializers.CharField(source="get_stage_display")
    identified_on = serializers.DateField()
    trafficking_status = serializers.ChoiceField(choices=vocab.TraffickingStatus.choices)
    is_child = serializers.BooleanField()
    exploitation_types = serializers.ListField(child=serializers.CharField())
    risk_level = serializers.ChoiceField(choices=RiskLevel.choices)
    created_at = serializers.DateTimeField()


class CaseTransitionOptionSerializer(serializers.Serializer):
    target = serializers.ChoiceField(choices=Stage.choices)
    target_label = serializers.CharField()
    needs_closure_reason = serializers.BooleanField()


class CaseTimelineItemSerializer(serializers.Serializer):
    """One entry of ``cases.timeline``."""

    kind = serializers.CharField(help_text="opened, stage, consent, assessment, plan, ...")
    at = serializers.DateTimeField(source="when")
    title = serializers.CharField()
    text = serializers.CharField(help_text="Free text of the entry (reason, note...), or empty.")
    by = serializers.CharField(source="who", help_text="User name, or empty.")


class CaseDetailSerializer(serializers.Serializer):
    """The whole case. The context carries ``consents``, ``transitions`` and ``timeline``."""

    id = serializers.UUIDField()
    reference = serializers.CharField()
    organisation = CaseOrganisationRefSerializer()
    owner = CaseUserRefSerializer(allow_null=True)
    registered_by = serializers.UUIDField(source="registered_by_id", allow_null=True)
    person = CasePersonSerializer()
    stage = serializers.ChoiceField(choices=Stage.choices)
    stage_label = serializers.CharField(source="get_stage_display")
    allowed_transitions = serializers.SerializerMethodField()
    htcds_status = serializers.ChoiceField(choices=vocab.HtcdsCaseStatus.choices)
    consents = serializers.SerializerMethodField()
    identified_on = serializers.DateField()
    trafficking_status = serializers.ChoiceField(choices=vocab.TraffickingStatus.choices)
    status_decided_by = serializers.CharField()
    status_deciding_organisation = serializers.UUIDField(
        source="status_deciding_organisation_id", allow_null=True
    )
    status_decided_on = serializers.DateField(allow_null=True)
    is_child = serializers.BooleanField()
    child_presumed = serializers.BooleanField()
    guardian = serializers.CharField()
    best_interests_assessment = serializers.CharField()
    best_interests_assessed_on = serializers.DateField(allow_null=True)
    exploitation_types = serializers.ListField(child=serializers.CharField())
    forced_labour_industry = serializers.CharField()
    sex_exploitation_types = serializers.ListField(child=serializers.CharField())
    methods_of_control = serializers.ListField(child=serializers.CharField())
    recruitment_methods = serializers.ListField(child=serializers.CharField())
    recruitment_platforms = serializers.ListField(child=serializers.CharField())
    exploitation_platforms = serializers.ListField(child=serializers.CharField())
    recruitment_country = serializers.CharField()
    exploitation_country = serializers.CharField()
    relationship_to_trafficker = serializers.CharField()
    age_when_trafficked = serializers.IntegerField(allow_null=True)
    vulnerabilities = serializers.ListField(child=serializers.CharField())
    vulnerability_details = serializers.CharField()
    risk_level = serializers.ChoiceField(choices=RiskLevel.choices)
    residence_status = serializers.CharField()
    cooperation = serializers.ChoiceField(choices=Cooperation.choices)
    reflection_starts_on = serializers.DateField(allow_null=True)
    reflection_ends_on = serializers.DateField(allow_null=True)
    closed_on = serializers.DateField(allow_null=True)
    closure_reason = serializers.ChoiceField(choices=ClosureReason.choices, allow_blank=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    timeline = serializers.SerializerMethodField()

    @extend_schema_field(CaseTransitionOptionSerializer(many=True))
    def get_allowed_transitions(self, case: Any) -> Any:
        return CaseTransitionOptionSerializer(self.context["transitions"], many=True).data

    @extend_schema_field(
        serializers.DictField(
            child=serializers.BooleanField(),
            help_text="Purpose ("
            + ", ".join(Purpose.values)
            + ") -> consent in force (the newest decision; none = not given).",
        )
    )
    def get_consents(self, case: Any) -> dict[str, bool]:
        return dict(self.context["consents"])

    @extend_schema_field(CaseTimelineItemSerializer(many=True))
    def get_timeline(self, case: Any) -> Any:
        return CaseTimelineItemSerializer(self.context["timeline"], many=True).data


class CaseCandidateSerializer(serializers.Serializer):
    """A person who may be the same: case references, score and reasons only (no names)."""

    case_references = serializers.ListField(child=serializers.CharField(), source="cases")
    score = serializers.IntegerField()
    reasons = serializers.ListField(
        child=serializers.ChoiceField(choices=["name", "birth_year", "sex"])
    )


class CaseDuplicateCheckResultSerializer(serializers.Serializer):
    candidates = CaseCandidateSerializer(many=True)
