"""Public endpoints between nodes (``jwks``, ``inbox``) and the system administrators'
node, partners and agreements."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import BaseParser, JSONParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from haven.accounts import policy
from haven.accounts.models import Organisation
from haven.accounts.roles import Cap
from haven.api.permissions import requires
from haven.api.problems import problem
from haven.exchange import selectors, services
from haven.exchange.envelope import MAX_ENVELOPE_BYTES
from haven.exchange.serializers import (
    ExchangeAgreementSerializer,
    ExchangeAgreementWriteSerializer,
    ExchangeEnvelopeSerializer,
    ExchangeInboxReceiptSerializer,
    ExchangeNodeSerializer,
    ExchangeNodeWriteSerializer,
    ExchangePartnerChangeSerializer,
    ExchangePartnerRegisterSerializer,
    ExchangePartnerSerializer,
)

PARTNERS = (Cap.EXCHANGE_PARTNERS,)
PROBLEM = OpenApiResponse(description="Problem details (application/problem+json).")


class JoseParser(BaseParser):
    """A bare compact JWE (``application/jose``), as some senders post it."""

    media_type = "application/jose"

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        raw = stream.read(MAX_ENVELOPE_BYTES + 1)
        return {"envelope": raw.decode("ascii", "replace")}


class InboxThrottle(SimpleRateThrottle):
    """Per sending address; ``HAVEN_EXCHANGE_INBOX_RATE`` overrides the default."""

    scope = "exchange_inbox"

    def get_rate(self) -> str:
        return str(getattr(settings, "HAVEN_EXCHANGE_INBOX_RATE", "300/min"))

    def get_cache_key(self, request: Any, view: Any) -> str:
        return str(self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)})


class JwksView(APIView):
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    @extend_schema(
        responses={200: OpenApiResponse(description="JWKS with a 'node' member"), 404: PROBLEM},
        summary="This node's public keys, name, country and endpoint (public)",
        auth=[],
    )
    def get(self, request: Request) -> Response:
        if services.node_get() is None:
            return problem(404, _("This node is not initialised."))
        response = Response(services.jwks())
        response["Cache-Control"] = "public, max-age=300"
        return response


class InboxView(APIView):
    """Envelopes from partner nodes: authenticated by their signature, not by a login."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    parser_classes = [JSONParser, JoseParser]
    throttle_classes = [InboxThrottle]

    @extend_schema(
        request={"application/json": ExchangeEnvelopeSerializer},
        responses={
            200: ExchangeInboxReceiptSerializer,
            202: ExchangeInboxReceiptSerializer,
            400: PROBLEM,
            403: PROBLEM,
            409: PROBLEM,
            413: PROBLEM,
        },
        summary="Deliver a signed and encrypted message from a partner node (public)",
        auth=[],
    )
    def post(self, request: Request) -> Response:
        size = int(request.META.get("CONTENT_LENGTH") or 0)
        if size > MAX_ENVELOPE_BYTES + 1000:
            exc = services.RejectedError("too_large", "The envelope is too large.")
            services.record_rejection(exc, request=request._request)
            return problem(413, exc.detail, code=exc.code)
        data = request.data if isinstance(request.data, dict) else {}
        try:
            outcome = services.receive(data.get("envelope"), request=request._request)
        except services.RejectedError as exc:
            services.record_rejection(exc, request=request._request)
            return problem(exc.status, exc.detail, code=exc.code)
        body = {"received": outcome.message.jti, "type": outcome.message.type}
        if outcome.answer:
            return Response({**body, "envelope": outcome.answer}, status=status.HTTP_200_OK)
        return Response(body, status=status.HTTP_202_ACCEPTED)


def _node_body() -> dict[str, Any]:
    node = services.node_get()
    if node is None:
        raise Http404
    return ExchangeNodeSerializer(
        {
            "node_id": node.node_id,
            "name": node.name,
            "country": str(node.country),
            "endpoint": node.endpoint,
            "fingerprint": services.fingerprint(),
            "jwks": services.jwks(),
        }
    ).data


class NodeView(APIView):
    permission_classes = [requires(*PARTNERS)]

    @extend_schema(
        responses={200: ExchangeNodeSerializer, 404: PROBLEM},
        summary="This node: identifier, fingerprint and published keys",
    )
    def get(self, request: Request) -> Response:
        return Response(_node_body())

    @extend_schema(
        request=ExchangeNodeWriteSerializer,
        responses={201: ExchangeNodeSerializer, 400: PROBLEM},
        summary="Initialise this node: identifier and first key pairs",
    )
    def post(self, request: Request) -> Response:
        data = ExchangeNodeWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.node_init(actor=request.user, request=request._request, **data.validated_data)
        return Response(_node_body(), status=status.HTTP_201_CREATED)


class NodeRotateView(APIView):
    permission_classes = [requires(*PARTNERS)]

    @extend_schema(
        request=None,
        responses={200: ExchangeNodeSerializer, 400: PROBLEM},
        summary="Rotate this node's keys (old keys stay published for verification)",
    )
    def post(self, request: Request) -> Response:
        services.node_rotate(actor=request.user, request=request._request)
        return Response(_node_body())


def _document(values: dict[str, Any]) -> Any:
    return values.get("jwks") or services.fetch_document(values["url"])


class PartnerListView(GenericAPIView):
    permission_classes = [requires(*PARTNERS)]
    serializer_class = ExchangePartnerSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("search", str, description="Part of the name or node identifier."),
            OpenApiParameter("status", str, enum=["active", "inactive"]),
        ],
        responses=ExchangePartnerSerializer(many=True),
        summary="Partner nodes",
    )
    def get(self, request: Request) -> Response:
        qs = selectors.partner_list(
            actor=request.user,
            search=request.query_params.get("search", ""),
            status=request.query_params.get("status", ""),
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(ExchangePartnerSerializer(page, many=True).data)

    @extend_schema(
        request=ExchangePartnerRegisterSerializer,
        responses={201: ExchangePartnerSerializer, 400: PROBLEM},
        summary="Register a partner node (its key set and the fingerprint checked out of band)",
    )
    def post(self, request: Request) -> Response:
        data = ExchangePartnerRegisterSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        partner = services.partner_register(
            actor=request.user,
            document=_document(values),
            fingerprint=values["fingerprint"],
            delivery=values["delivery"],
            request=request._request,
        )
        return Response(ExchangePartnerSerializer(partner).data, status=status.HTTP_201_CREATED)


class PartnerDetailView(APIView):
    permission_classes = [requires(*PARTNERS)]

    @extend_schema(responses=ExchangePartnerSerializer, summary="One partner node")
    def get(self, request: Request, pk: UUID) -> Response:
        return Response(
            ExchangePartnerSerializer(selectors.partner_get(actor=request.user, pk=pk)).data
        )

    @extend_schema(
        request=ExchangePartnerChangeSerializer,
        responses={200: ExchangePartnerSerializer, 400: PROBLEM},
        summary="Suspend or resume a partner, or change how messages reach it",
    )
    def patch(self, request: Request, pk: UUID) -> Response:
        partner = selectors.partner_get(actor=request.user, pk=pk)
        data = ExchangePartnerChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        partner = services.partner_change(
            actor=request.user, partner=partner, request=request._request, **data.validated_data
        )
        return Response(ExchangePartnerSerializer(partner).data)


class PartnerKeysView(APIView):
    permission_classes = [requires(*PARTNERS)]

    @extend_schema(
        request=ExchangePartnerRegisterSerializer,
        responses={200: ExchangePartnerSerializer, 400: PROBLEM},
        summary="Replace a partner's keys after it rotated them (new fingerprint checked)",
    )
    def post(self, request: Request, pk: UUID) -> Response:
        partner = selectors.partner_get(actor=request.user, pk=pk)
        data = ExchangePartnerRegisterSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        partner = services.partner_update_keys(
            actor=request.user,
            partner=partner,
            document=_document(values),
            fingerprint=values["fingerprint"],
            delivery=values["delivery"] if "delivery" in request.data else None,
            request=request._request,
        )
        return Response(ExchangePartnerSerializer(partner).data)


def _agreement_values(request: Request, data: dict[str, Any]) -> dict[str, Any]:
    values = dict(data)
    try:
        values["partner"] = selectors.partner_get(actor=request.user, pk=values["partner"])
    except Http404 as exc:
        raise ValidationError({"partner": _("No such partner.")}) from exc
    ids = values.pop("organisations")
    organisations = list(Organisation.objects.filter(pk__in=ids))
    if len(organisations) != len(set(ids)):
        raise ValidationError({"organisations": _("No such organisation.")})
    values["organisations"] = organisations
    values["partner_organisations"] = [dict(o) for o in values["partner_organisations"]]
    return values


class AgreementListView(GenericAPIView):
    permission_classes = [requires(Cap.EXCHANGE_PARTNERS, Cap.EXCHANGE_REFER)]
    serializer_class = ExchangeAgreementSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("search", str),
            OpenApiParameter("partner", UUID),
            OpenApiParameter("state", str, enum=["in_force", "not_in_force"]),
        ],
        responses=ExchangeAgreementSerializer(many=True),
        summary="Data-sharing agreements (coordinators: those covering their organisations)",
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        try:
            partner = UUID(params["partner"]) if params.get("partner") else None
        except ValueError:
            return problem(400, _("Some fields are not valid."))
        qs = selectors.agreement_list(
            actor=request.user,
            search=params.get("search", ""),
            partner=partner,
            state=params.get("state", ""),
        ).prefetch_related("organisations")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(ExchangeAgreementSerializer(page, many=True).data)

    @extend_schema(
        request=ExchangeAgreementWriteSerializer,
        responses={201: ExchangeAgreementSerializer, 400: PROBLEM},
        summary="Create a data-sharing agreement with a partner node",
    )
    def post(self, request: Request) -> Response:
        if not policy.can(request.user, Cap.EXCHANGE_PARTNERS):
            return problem(403)
        data = ExchangeAgreementWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        agreement = services.agreement_save(
            actor=request.user,
            request=request._request,
            **_agreement_values(request, data.validated_data),
        )
        return Response(ExchangeAgreementSerializer(agreement).data, status=status.HTTP_201_CREATED)


class AgreementDetailView(APIView):
    permission_classes = [requires(Cap.EXCHANGE_PARTNERS, Cap.EXCHANGE_REFER)]

    @extend_schema(responses=ExchangeAgreementSerializer, summary="One data-sharing agreement")
    def get(self, request: Request, pk: UUID) -> Response:
        agreement = selectors.agreement_get(actor=request.user, pk=pk)
        return Response(ExchangeAgreementSerializer(agreement).data)

    @extend_schema(
        request=ExchangeAgreementWriteSerializer,
        responses={200: ExchangeAgreementSerializer, 400: PROBLEM},
        summary="Change a data-sharing agreement (all its terms are sent again)",
    )
    def put(self, request: Request, pk: UUID) -> Response:
        agreement = selectors.agreement_get(actor=request.user, pk=pk)
        if not policy.can(request.user, Cap.EXCHANGE_PARTNERS):
            return problem(403)
        data = ExchangeAgreementWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        agreement = services.agreement_save(
            actor=request.user,
            agreement=agreement,
            request=request._request,
            **_agreement_values(request, data.validated_data),
        )
        return Response(ExchangeAgreementSerializer(agreement).data)
