"""REST API of the service directory and referrals: the same policy as the pages; the
receiving side gets the shared projection of a referral, never the case."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.accounts import policy
from haven.accounts.models import Organisation
from haven.accounts.roles import Cap
from haven.api.permissions import requires
from haven.api.problems import problem
from haven.cases.selectors import case_get
from haven.referrals import selectors, services
from haven.referrals.projection import summary
from haven.referrals.serializers import (
    ReasonSerializer,
    ReferralSendSerializer,
    ReferralSummarySerializer,
    ServiceSerializer,
    ServiceWriteSerializer,
    SharedCaseSerializer,
)
from haven.referrals.vocab import Status

DIRECTORY = (Cap.REFERRAL_SEND, Cap.REFERRAL_ANSWER, Cap.USERS_MANAGE)
EITHER_SIDE = (Cap.REFERRAL_SEND, Cap.REFERRAL_ANSWER)


def _field_problem(field: str, message: str) -> Response:
    return problem(
        400,
        _("Some fields are not valid."),
        errors=[{"field": field, "message": message, "code": "invalid"}],
    )


class ServiceListView(GenericAPIView):
    permission_classes = [requires(*DIRECTORY)]
    serializer_class = ServiceSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("search", str, description="Part of an organisation's name."),
            OpenApiParameter("category", str),
            OpenApiParameter("country", str),
            OpenApiParameter("region", str),
            OpenApiParameter("language", str),
            OpenApiParameter("organisation", UUID),
        ],
        responses=ServiceSerializer(many=True),
        summary="Search the service directory (and your organisation's own services)",
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        org = params.get("organisation") or None
        try:
            org_id = UUID(org) if org else None
        except ValueError:
            return _field_problem("organisation", _("Must be a UUID."))
        qs = selectors.service_directory(
            actor=request.user,
            search=params.get("search", "").strip(),
            category=params.get("category", ""),
            country=params.get("country", "").upper(),
            region=params.get("region", "").strip(),
            language=params.get("language", ""),
            organisation_id=org_id,
            include_inactive=True,
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(ServiceSerializer(page, many=True).data)

    @extend_schema(
        request=ServiceWriteSerializer,
        responses={201: ServiceSerializer},
        summary="Publish a service of your organisation",
    )
    def post(self, request: Request) -> Response:
        data = ServiceWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(data.validated_data)
        org = selectors.service_organisations(request.user).filter(pk=values.pop("organisation"))
        organisation = org.first()
        if organisation is None:
            return _field_problem(
                "organisation", _("Not an organisation whose services you manage.")
            )
        service = services.service_create(
            actor=request.user, organisation=organisation, request=request._request, **values
        )
        return Response(ServiceSerializer(service).data, status=status.HTTP_201_CREATED)


class ServiceDetailView(APIView):
    permission_classes = [requires(*DIRECTORY)]

    @extend_schema(responses=ServiceSerializer, summary="One service of the directory")
    def get(self, request: Request, pk: UUID) -> Response:
        return Response(ServiceSerializer(selectors.service_get(actor=request.user, pk=pk)).data)

    @extend_schema(
        request=ServiceWriteSerializer(partial=True),
        responses=ServiceSerializer,
        summary="Change a service of your organisation",
    )
    def patch(self, request: Request, pk: UUID) -> Response:
        service = selectors.service_get(actor=request.user, pk=pk)
        if not selectors.can_manage_services(request.user, service.organisation):
            return problem(403)
        data = ServiceWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        if values.pop("organisation", service.organisation_id) != service.organisation_id:
            return _field_problem(
                "organisation", _("A service cannot move to another organisation.")
            )
        service = services.service_update(
            actor=request.user, service=service, request=request._request, **values
        )
        return Response(ServiceSerializer(selectors.service_get(actor=request.user, pk=pk)).data)


class ReferralListView(GenericAPIView):
    permission_classes = [requires(*EITHER_SIDE)]
    serializer_class = ReferralSummarySerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("direction", str, enum=["in", "out"]),
            OpenApiParameter("status", str, enum=Status.values),
            OpenApiParameter("urgency", str),
        ],
        responses=ReferralSummarySerializer(many=True),
        summary="Referrals received by (in) and sent from (out) your organisation",
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        direction = params.get("direction", "")
        if direction not in ("", "in", "out"):
            return _field_problem("direction", _("Use in or out."))
        qs = selectors.referral_list(
            actor=request.user,
            direction=direction,
            status=params.get("status", ""),
            urgency=params.get("urgency", ""),
        )
        page = self.paginate_queryset(qs)
        rows = selectors.summarise(page if page is not None else qs)
        return self.get_paginated_response(ReferralSummarySerializer(rows, many=True).data)

    @extend_schema(
        request=ReferralSendSerializer,
        responses={201: ReferralSummarySerializer},
        summary="Refer a case to another organisation (needs the person's consent to share)",
    )
    def post(self, request: Request) -> Response:
        if not policy.can(request.user, Cap.REFERRAL_SEND):
            return problem(403)
        data = ReferralSendSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        try:
            case = case_get(actor=request.user, pk=values.pop("case"), audit=False)
        except Http404:
            return _field_problem("case", _("No such case."))
        organisation = Organisation.objects.filter(
            pk=values.pop("to_organisation"), is_active=True
        ).first()
        if organisation is None:
            return _field_problem("to_organisation", _("No such organisation."))
        referral = services.referral_send(
            actor=request.user,
            case=case,
            to_organisation=organisation,
            request=request._request,
            **values,
        )
        body = ReferralSummarySerializer(summary(referral, reference=case.reference)).data
        return Response(body, status=status.HTTP_201_CREATED)


class ReferralDetailView(APIView):
    permission_classes = [requires(*EITHER_SIDE)]

    @extend_schema(
        responses=SharedCaseSerializer,
        summary="A referral and the data of the case shared with it now",
    )
    def get(self, request: Request, pk: UUID) -> Response:
        referral = selectors.referral_get(actor=request.user, pk=pk)
        shared = selectors.shared_view(
            actor=request.user, referral=referral, request=request._request
        )
        return Response(SharedCaseSerializer(shared).data)


class ReferralStepView(APIView):
    """POST one step of the workflow; ``reason`` where the step needs one."""

    step = "accept"
    permission_classes = [requires(Cap.REFERRAL_ANSWER)]

    def _do(self, request: Request, pk: UUID) -> Response:
        referral = selectors.referral_get(actor=request.user, pk=pk)
        if self.step == "accept":
            referral = services.referral_accept(
                actor=request.user, referral=referral, request=request._request
            )
        elif self.step == "complete":
            referral = services.referral_complete(
                actor=request.user, referral=referral, request=request._request
            )
        else:
            data = ReasonSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            action = (
                services.referral_decline if self.step == "decline" else services.referral_withdraw
            )
            referral = action(
                actor=request.user,
                referral=referral,
                reason=data.validated_data["reason"],
                request=request._request,
            )
        return Response(ReferralSummarySerializer(summary(referral, referral.case.reference)).data)


class ReferralAcceptView(ReferralStepView):
    step = "accept"

    @extend_schema(
        request=None, responses=ReferralSummarySerializer, summary="Accept a referral received"
    )
    def post(self, request: Request, pk: UUID) -> Response:
        return self._do(request, pk)


class ReferralCompleteView(ReferralStepView):
    step = "complete"

    @extend_schema(
        request=None,
        responses=ReferralSummarySerializer,
        summary="Mark an accepted referral as completed",
    )
    def post(self, request: Request, pk: UUID) -> Response:
        return self._do(request, pk)


class ReferralDeclineView(ReferralStepView):
    step = "decline"

    @extend_schema(
        request=ReasonSerializer,
        responses=ReferralSummarySerializer,
        summary="Decline a referral received, with the reason",
    )
    def post(self, request: Request, pk: UUID) -> Response:
        return self._do(request, pk)


class ReferralWithdrawView(ReferralStepView):
    step = "withdraw"
    permission_classes = [requires(Cap.REFERRAL_SEND)]

    @extend_schema(
        request=ReasonSerializer,
        responses=ReferralSummarySerializer,
        summary="Withdraw a referral your organisation sent, with the reason",
    )
    def post(self, request: Request, pk: UUID) -> Response:
        return self._do(request, pk)
