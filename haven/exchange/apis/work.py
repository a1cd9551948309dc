"""Coordinators' API: referrals abroad (send, answer, progress, withdraw, erase), outgoing
messages as files, and match queries."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.accounts.roles import Cap
from haven.api.permissions import requires
from haven.api.problems import problem
from haven.cases.selectors import case_get
from haven.exchange import selectors, services
from haven.exchange.models import Transfer
from haven.exchange.serializers import (
    ExchangeDownloadSerializer,
    ExchangeMatchAskSerializer,
    ExchangeMatchQuerySerializer,
    ExchangeProgressSerializer,
    ExchangeReasonSerializer,
    ExchangeTransferDetailSerializer,
    ExchangeTransferSendSerializer,
    ExchangeTransferSerializer,
    ExchangeWithdrawSerializer,
)

REFER = (Cap.EXCHANGE_REFER,)
PROBLEM = OpenApiResponse(description="Problem details (application/problem+json).")


def _field_problem(field: str, message: str) -> Response:
    return problem(
        400,
        _("Some fields are not valid."),
        errors=[{"field": field, "message": message, "code": "invalid"}],
    )


def _detail(request: Request, transfer: Transfer) -> dict[str, Any]:
    transfer.received = selectors.received_data(  # type: ignore[attr-defined]
        actor=request.user, transfer=transfer, request=request._request
    )
    transfer.message_log = list(  # type: ignore[attr-defined]
        selectors.messages_of(actor=request.user, transfer=transfer)
    )
    return dict(ExchangeTransferDetailSerializer(transfer).data)


class TransferListView(GenericAPIView):
    permission_classes = [requires(*REFER)]
    serializer_class = ExchangeTransferSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("direction", str, enum=["in", "out"]),
            OpenApiParameter("status", str, description="A status, or 'waiting'."),
            OpenApiParameter("partner", UUID),
        ],
        responses=ExchangeTransferSerializer(many=True),
        summary="Referrals abroad sent (out) and received (in) by your organisation",
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        try:
            partner = UUID(params["partner"]) if params.get("partner") else None
        except ValueError:
            return _field_problem("partner", _("Must be a UUID."))
        qs = selectors.transfer_list(
            actor=request.user,
            direction=params.get("direction", ""),
            status=params.get("status", ""),
            partner=partner,
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(ExchangeTransferSerializer(page, many=True).data)

    @extend_schema(
        request=ExchangeTransferSendSerializer,
        responses={201: ExchangeTransferSerializer, 400: PROBLEM},
        summary="Refer a case abroad: only the fields the agreement allows, signed and "
        "encrypted to the partner (needs consent to share abroad)",
    )
    def post(self, request: Request) -> Response:
        data = ExchangeTransferSendSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        try:
            case = case_get(actor=request.user, pk=values.pop("case"), audit=False)
        except Http404:
            return _field_problem("case", _("No such case."))
        try:
            agreement = selectors.agreement_get(actor=request.user, pk=values.pop("agreement"))
        except Http404:
            return _field_problem("agreement", _("No such agreement."))
        transfer = services.transfer_send(
            actor=request.user, case=case, agreement=agreement, request=request._request, **values
        )
        return Response(ExchangeTransferSerializer(transfer).data, status=status.HTTP_201_CREATED)


class TransferDetailView(APIView):
    permission_classes = [requires(*REFER)]

    @extend_schema(
        responses=ExchangeTransferDetailSerializer,
        summary="A referral abroad, its messages and (received, not yet answered) its data",
    )
    def get(self, request: Request, pk: UUID) -> Response:
        transfer = selectors.transfer_get(actor=request.user, pk=pk)
        return Response(_detail(request, transfer))


class TransferStepView(APIView):
    permission_classes = [requires(*REFER)]
    step = ""

    def _do(self, request: Request, pk: UUID) -> Response:
        transfer = selectors.transfer_get(actor=request.user, pk=pk)
        actor, http = request.user, request._request
        if self.step == "accept":
            transfer = services.transfer_accept(actor=actor, transfer=transfer, request=http)
        elif self.step == "decline":
            reason = ExchangeReasonSerializer(data=request.data)
            reason.is_valid(raise_exception=True)
            transfer = services.transfer_decline(
                actor=actor, transfer=transfer, reason=reason.validated_data["reason"], request=http
            )
        elif self.step == "progress":
            progress = ExchangeProgressSerializer(data=request.data)
            progress.is_valid(raise_exception=True)
            transfer = services.transfer_progress(
                actor=actor,
                transfer=transfer,
                status=progress.validated_data["status"],
                request=http,
            )
        elif self.step == "withdraw":
            withdraw = ExchangeWithdrawSerializer(data=request.data)
            withdraw.is_valid(raise_exception=True)
            transfer = services.transfer_withdraw(
                actor=actor,
                transfer=transfer,
                reason=withdraw.validated_data["reason"],
                request=http,
            )
        else:
            transfer = services.transfer_erase(actor=actor, transfer=transfer, request=http)
        return Response(ExchangeTransferSerializer(transfer).data)


class TransferAcceptView(TransferStepView):
    step = "accept"

    @extend_schema(
        request=None,
        responses={200: ExchangeTransferSerializer, 400: PROBLEM},
        summary="Accept a referral received: opens a linked case, tells the sender",
    )
    def post(self, request: Request, pk: UUID) -> Response:
        return self._do(request, pk)


class TransferDeclineView(TransferStepView):
    step = "decline"

    @extend_schema(
        request=ExchangeReasonSerializer,
        responses={200: ExchangeTransferSerializer, 400: PROBLEM},
        summary="Decline a referral received, with the reason (sent to the sender)",
    )
    def post(self, request: Request, pk: UUID) -> Response:
        return self._do(request, pk)


class TransferProgressView(TransferStepView):
    step = "progress"

    @extend_schema(
        request=ExchangeProgressSerializer,
        responses={200: ExchangeTransferSerializer, 400: PROBLEM},
        summary="Report that assistance started or that the referral is closed",
    )
    def post(self, request: Request, pk: UUID) -> Response:
        return self._do(request, pk)


class TransferWithdrawView(TransferStepView):
    step = "withdraw"

    @extend_schema(
        request=ExchangeWithdrawSerializer,
        responses={200: ExchangeTransferSerializer, 400: PROBLEM},
        summary="Withdraw a referral sent: the partner must stop processing and erase",
    )
    def post(self, request: Request, pk: UUID) -> Response:
        return self._do(request, pk)


class TransferEraseView(TransferStepView):
    step = "erase"

    @extend_schema(
        request=None,
        responses={200: ExchangeTransferSerializer, 400: PROBLEM},
        summary="Erase the data a partner asked to erase and confirm it to the partner",
    )
    def post(self, request: Request, pk: UUID) -> Response:
        return self._do(request, pk)


class MessageDownloadView(APIView):
    permission_classes = [requires(*REFER)]

    @extend_schema(
        responses={200: ExchangeDownloadSerializer, 404: PROBLEM},
        summary="An outgoing message as an envelope, to carry to an air-gapped partner",
    )
    def get(self, request: Request, pk: UUID) -> Response:
        message = selectors.message_get(actor=request.user, pk=pk)
        if not message.envelope:
            return problem(404, _("This message is no longer kept."))
        services.mark_downloaded(actor=request.user, message=message, request=request._request)
        return Response(
            {
                "filename": f"haven-{message.type}-{message.jti[:8]}.jwe",
                "envelope": message.envelope,
            }
        )


class MatchListView(GenericAPIView):
    permission_classes = [requires(*REFER)]
    serializer_class = ExchangeMatchQuerySerializer

    @extend_schema(
        responses=ExchangeMatchQuerySerializer(many=True),
        summary="Match queries your organisation asked",
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.match_list(actor=request.user))
        return self.get_paginated_response(ExchangeMatchQuerySerializer(page, many=True).data)

    @extend_schema(
        request=ExchangeMatchAskSerializer,
        responses={201: ExchangeMatchQuerySerializer, 400: PROBLEM},
        summary="Ask a partner whether it already knows the person of a case "
        "(keyed encodings only; answers are references and scores)",
    )
    def post(self, request: Request) -> Response:
        data = ExchangeMatchAskSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            case = case_get(actor=request.user, pk=values["case"], audit=False)
        except Http404:
            return _field_problem("case", _("No such case."))
        try:
            agreement = selectors.agreement_get(actor=request.user, pk=values["agreement"])
        except Http404:
            return _field_problem("agreement", _("No such agreement."))
        query = services.match_ask(
            actor=request.user,
            case=case,
            agreement=agreement,
            purpose=values["purpose"],
            request=request._request,
        )
        return Response(ExchangeMatchQuerySerializer(query).data, status=status.HTTP_201_CREATED)


class MatchDetailView(APIView):
    permission_classes = [requires(*REFER)]

    @extend_schema(responses=ExchangeMatchQuerySerializer, summary="One match query and its answer")
    def get(self, request: Request, pk: UUID) -> Response:
        return Response(
            ExchangeMatchQuerySerializer(selectors.match_get(actor=request.user, pk=pk)).data
        )
