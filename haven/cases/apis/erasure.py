"""Erasure of a person's identity and the organisations' retention rules."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from haven.accounts import selectors as account_selectors
from haven.accounts.roles import Cap
from haven.cases import selectors, services
from haven.cases.apis._common import PROBLEM, TRANSITION, CaseAPIView
from haven.cases.models import RetentionRule
from haven.cases.services.erasure import ErasureReason, retention_due

MANAGE = (Cap.USERS_MANAGE,)


class EraseSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(
        choices=[ErasureReason.REQUEST.value, ErasureReason.LEGAL.value],
        help_text="request: the person asked; legal: another legal obligation.",
    )


class ErasedSerializer(serializers.Serializer):
    person = serializers.UUIDField()
    cases = serializers.IntegerField()
    notes = serializers.IntegerField()
    documents = serializers.IntegerField()


class CaseEraseView(CaseAPIView):
    capabilities = {"POST": TRANSITION}

    @extend_schema(
        request=EraseSerializer,
        responses={200: ErasedSerializer, 400: PROBLEM, 404: PROBLEM},
        summary="Erase the identity of the case's person (cannot be undone)",
        operation_id="cases_erase_person",
    )
    def post(self, request: Request, pk: UUID) -> Response:
        case = selectors.case_get(actor=request.user, pk=pk, audit=False)
        data = EraseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        erased = services.person_erase(
            actor=request.user,
            person=case.person,
            reason=data.validated_data["reason"],
            request=request._request,
        )
        return Response(ErasedSerializer(erased.__dict__).data)


class RetentionRuleSerializer(serializers.Serializer):
    organisation = serializers.UUIDField(read_only=True)
    identity_years = serializers.IntegerField(min_value=1, max_value=100, allow_null=True)
    persons_due = serializers.IntegerField(read_only=True)


def _rule(organisation: Any) -> dict[str, Any]:
    rule = RetentionRule.objects.filter(organisation=organisation).first()
    return {
        "organisation": organisation.pk,
        "identity_years": rule.identity_years if rule else None,
        "persons_due": retention_due(rule).count() if rule else 0,
    }


class RetentionRuleListView(CaseAPIView):
    capabilities = {"GET": MANAGE}

    @extend_schema(
        responses={200: RetentionRuleSerializer(many=True)},
        summary="Retention rules of the organisations you administer",
        operation_id="retention_rules_list",
    )
    def get(self, request: Request) -> Response:
        organisations = account_selectors.managed_organisations(actor=request.user).order_by("name")
        return Response(RetentionRuleSerializer([_rule(o) for o in organisations], many=True).data)


class RetentionRuleView(CaseAPIView):
    capabilities = {"GET": MANAGE, "PUT": MANAGE}

    def _organisation(self, request: Request, pk: UUID) -> Any:
        return get_object_or_404(account_selectors.managed_organisations(actor=request.user), pk=pk)

    @extend_schema(
        responses={200: RetentionRuleSerializer, 404: PROBLEM},
        summary="The retention rule of one organisation",
        operation_id="retention_rules_read",
    )
    def get(self, request: Request, pk: UUID) -> Response:
        return Response(RetentionRuleSerializer(_rule(self._organisation(request, pk))).data)

    @extend_schema(
        request=RetentionRuleSerializer,
        responses={200: RetentionRuleSerializer, 400: PROBLEM, 404: PROBLEM},
        summary="Set (or with null remove) an organisation's retention rule",
        operation_id="retention_rules_update",
    )
    def put(self, request: Request, pk: UUID) -> Response:
        organisation = self._organisation(request, pk)
        data = RetentionRuleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.retention_rule_save(
            actor=request.user,
            organisation=organisation,
            identity_years=data.validated_data["identity_years"],
            request=request._request,
        )
        return Response(RetentionRuleSerializer(_rule(organisation)).data)
