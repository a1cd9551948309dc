"""Input of the cases API: persons, cases, registration, duplicate checks, transitions and
list filters. These serializers only validate; services write."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from haven.accounts import policy
from haven.accounts.models import Organisation
from haven.accounts.roles import Cap
from haven.cases import vocab
from haven.cases.models import ClosureReason, Cooperation, RiskLevel, Stage
from haven.cases.selectors import SORTS
from haven.cases.serializers.common import (
    case_worker,
    codes,
    country_field,
    not_in_future,
    past_date,
    text,
)

NAME = 200
# What a case reference may look like in an address: letters, digits and hyphens, with at
# least one digit (``HV-2026-000123``, ``000123``). Names never do.
REFERENCE_QUERY = re.compile(r"^[A-Za-z0-9-]*[0-9][A-Za-z0-9-]*$")


class CasePersonWriteSerializer(serializers.Serializer):
    """A person's identity (encrypted at rest) and non-identifying details."""

    family_name = text(NAME)
    given_names = text(NAME)
    aliases = serializers.ListField(
        child=serializers.CharField(max_length=NAME), max_length=20, required=False
    )
    birth_date = past_date()
    identity_documents = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField(max_length=NAME, allow_blank=True)),
        max_length=20,
        required=False,
        help_text="Documents as objects of text, e.g. {type, number, country, expires_on}.",
    )
    contacts = serializers.DictField(
        child=serializers.CharField(max_length=300, allow_blank=True),
        required=False,
        help_text="Contact details by kind, e.g. {phone, address}.",
    )
    sex = serializers.ChoiceField(choices=vocab.Gender.choices, required=False)
    estimated_age = serializers.IntegerField(
        min_value=0, max_value=130, required=False, allow_null=True
    )
    age_uncertain = serializers.BooleanField(required=False)
    citizenship = serializers.ListField(child=country_field(), max_length=10, required=False)
    languages = serializers.ListField(
        child=serializers.CharField(max_length=20), max_length=20, required=False
    )


class CaseWriteSerializer(serializers.Serializer):
    """Case fields (HTCDS victim context). ``owner`` must work on cases of the case's
    organisation (given in the context as ``organisation`` when known)."""

    owner = serializers.UUIDField(required=False, allow_null=True)
    identified_on = serializers.DateField(required=False, validators=[not_in_future])
    trafficking_status = serializers.ChoiceField(
        choices=vocab.TraffickingStatus.choices, required=False
    )
    status_decided_by = serializers.ChoiceField(
        choices=vocab.DecisionMaker.choices, required=False, allow_blank=True
    )
    status_deciding_organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(is_active=True),
        pk_field=serializers.UUIDField(),
        required=False,
        allow_null=True,
    )
    status_decided_on = past_date()
    guardian = text(300)
    best_interests_assessment = text()
    best_interests_assessed_on = past_date()
    exploitation_types = codes(vocab.ExploitationType.choices)
    forced_labour_industry = serializers.ChoiceField(
        choices=vocab.Industry.choices, required=False, allow_blank=True
    )
    sex_exploitation_types = codes(vocab.SexExploitationType.choices)
    methods_of_control = codes(vocab.ControlMethod.choices)
    recruitment_methods = codes(vocab.RecruitmentMethod.choices)
    recruitment_platforms = codes(vocab.Platform.choices)
    exploitation_platforms = codes(vocab.Platform.choices)
    recruitment_country = country_field()
    exploitation_country = country_field()
    relationship_to_trafficker = serializers.ChoiceField(
        choices=vocab.Relationship.choices, required=False, allow_blank=True
    )
    age_when_trafficked = serializers.IntegerField(
        min_value=0, max_value=130, required=False, allow_null=True
    )
    vulnerabilities = codes(vocab.Vulnerability.choices)
    vulnerability_details = text()
    risk_level = serializers.ChoiceField(choices=RiskLevel.choices, required=False)
    residence_status = text(120)
    cooperation = serializers.ChoiceField(
        choices=Cooperation.choices,
        required=False,
        help_text="Never a condition of assistance.",
    )

    def validate_owner(self, value: Any) -> Any:
        organisation = self.context.get("organisation")
        return value if organisation is None else case_worker(value, organisation)


class CaseRegisterSerializer(serializers.Serializer):
    organisation = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text="Where to register; needed only when you may register in several.",
    )
    person = CasePersonWriteSerializer()
    case = CaseWriteSerializer(required=False)
    reasons_to_believe_child = serializers.BooleanField(
        default=False, help_text="The age is uncertain and there are reasons to believe a child."
    )
    confirm_new_person = serializers.BooleanField(
        default=False,
        help_text="Register although possible matches exist (answered 409 without it).",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs["organisation"] = registering_organisation(
            self.context["actor"], attrs.get("organisation")
        )
        case = attrs.setdefault("case", {})
        if case.get("owner") is not None:
            try:
                case["owner"] = case_worker(case["owner"], attrs["organisation"])
            except serializers.ValidationError as exc:
                raise serializers.ValidationError({"case": {"owner": exc.detail}}) from exc
        return attrs


def registering_organisation(actor: Any, pk: Any) -> Organisation:
    """The organisation to register a case in: ``pk`` if the actor may register there, or
    the only organisation where they may."""
    candidates = policy.scope(Organisation.objects.filter(is_active=True), actor, Cap.CASE_REGISTER)
    if pk is not None:
        chosen = candidates.filter(pk=pk).first()
        if chosen is None:
            raise serializers.ValidationError(
                {"organisation": _("You cannot register cases in that organisation.")}
            )
        return chosen
    found = list(candidates[:2])
    if len(found) != 1:
        raise serializers.ValidationError(
            {"organisation": _("Choose the organisation to register the case in.")}
        )
    return found[0]


class CaseDuplicateCheckSerializer(serializers.Serializer):
    family_name = text(NAME, default="")
    given_names = text(NAME, default="")
    aliases = serializers.ListField(
        child=serializers.CharField(max_length=NAME), max_length=20, default=list
    )
    birth_date = past_date(default=None)
    sex = serializers.ChoiceField(
        choices=vocab.Gender.choices, required=False, allow_blank=True, default=""
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        names = [attrs["family_name"], attrs["given_names"], *attrs["aliases"]]
        if not any(n.strip() for n in names):
            raise serializers.ValidationError(
                {"family_name": _("Give at least one name to check.")}
            )
        return attrs


class CaseTransitionSerializer(serializers.Serializer):
    target = serializers.ChoiceField(choices=Stage.choices)
    reason = serializers.CharField(max_length=2000)
    closure_reason = serializers.ChoiceField(
        choices=ClosureReason.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Required when the target is closed.",
    )


class CaseFilterSerializer(serializers.Serializer):
    """Filters of the case list; ``search`` matches references and names (name tokens)."""

    search = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    stage = serializers.ChoiceField(
        choices=Stage.choices, required=False, allow_blank=True, default=""
    )
    exploitation_type = serializers.ChoiceField(
        choices=vocab.ExploitationType.choices, required=False, allow_blank=True, default=""
    )
    child = serializers.BooleanField(required=False, allow_null=True, default=None)
    organisation = serializers.UUIDField(required=False, allow_null=True, default=None)
    identified_from = serializers.DateField(required=False, allow_null=True, default=None)
    identified_to = serializers.DateField(required=False, allow_null=True, default=None)
    sort = serializers.ChoiceField(choices=list(SORTS), required=False, default="newest")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("identified_from"), attrs.get("identified_to")
        if start and end and start > end:
            raise serializers.ValidationError(
                {"identified_to": _("The end date must not be before the start date.")}
            )
        return attrs

    def selector_arguments(self) -> dict[str, Any]:
        data = self.validated_data
        return {
            "search": data["search"].strip(),
            "stage": data["stage"],
            "exploitation_type": data["exploitation_type"],
            "child": data["child"],
            "organisation_id": data["organisation"],
            "date_from": data["identified_from"],
            "date_to": data["identified_to"],
            "sort": data["sort"],
        }


class CaseQuerySerializer(CaseFilterSerializer):
    """Filters in the query string: ``search`` takes a case reference only, since names must
    never appear in addresses (search names with ``POST /api/v1/cases/search``)."""

    search = serializers.CharField(
        max_length=40,
        required=False,
        allow_blank=True,
        default="",
        help_text="A case reference or part of one. Names: POST /api/v1/cases/search.",
    )

    def validate_search(self, value: str) -> str:
        if value.strip() and not REFERENCE_QUERY.match(value.strip()):
            raise serializers.ValidationError(
                _(
                    "Only case references can be searched here. Search names with "
                    "POST /api/v1/cases/search, so that they stay out of addresses and logs."
                )
            )
        return value
