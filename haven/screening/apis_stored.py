"""REST API of stored screenings: list and read, within the policy (writes: web UI)."""

from __future__ import annotations

from uuid import UUID

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.accounts.roles import Cap
from haven.api.permissions import requires
from haven.screening import selectors
from haven.screening.serializers import (
    ScreeningDetailSerializer,
    ScreeningListItemSerializer,
    ScreeningQuerySerializer,
)

PROBLEM = OpenApiResponse(description="Problem details (RFC 9457).")


class ScreeningListView(GenericAPIView):
    permission_classes = [requires(Cap.SCREENING_RUN)]
    serializer_class = ScreeningListItemSerializer

    @extend_schema(
        parameters=[ScreeningQuerySerializer],
        responses={200: ScreeningListItemSerializer(many=True), 400: PROBLEM},
        summary="Stored screenings of your organisation, newest first",
        operation_id="screenings_list",
    )
    def get(self, request: Request) -> Response:
        query = ScreeningQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        filters = {k: v for k, v in query.validated_data.items() if v}
        screenings = selectors.screening_list(actor=request.user, **filters)
        page = self.paginate_queryset(screenings)
        return self.get_paginated_response(ScreeningListItemSerializer(page, many=True).data)


class ScreeningDetailView(APIView):
    permission_classes = [requires(Cap.SCREENING_RUN)]

    @extend_schema(
        responses={200: ScreeningDetailSerializer, 404: PROBLEM},
        summary="One stored screening with its answers and result (reading a result is audited)",
        operation_id="screenings_retrieve",
    )
    def get(self, request: Request, pk: UUID) -> Response:
        screening = selectors.screening_get(actor=request.user, pk=pk, request=request._request)
        return Response(ScreeningDetailSerializer(screening).data)
