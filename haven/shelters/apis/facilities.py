"""REST API of shelters, rooms, beds, the occupancy board and free capacity."""

from __future__ import annotations

from typing import Any
from uuid import UUID

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
from haven.shelters import selectors, services
from haven.shelters.apis._common import field_problem
from haven.shelters.models import Shelter
from haven.shelters.serializers import (
    BedSerializer,
    BedWriteSerializer,
    BoardSerializer,
    CapacitySerializer,
    FactsSerializer,
    RoomSerializer,
    RoomWriteSerializer,
    ShelterConfidentialSerializer,
    ShelterSerializer,
    ShelterWriteSerializer,
    SuggestionSerializer,
)
from haven.shelters.services.admissions import check_parent, resident_of

MANAGE = requires(Cap.SHELTER_MANAGE)


def _with_occupancy(shelters: list[Shelter]) -> list[Shelter]:
    counts = selectors.occupancy([s.pk for s in shelters])
    for shelter in shelters:
        shelter._occupancy = counts.get(shelter.pk, selectors.Occupancy())  # type: ignore[attr-defined]
    return shelters


class ShelterListView(GenericAPIView):
    permission_classes = [MANAGE]
    serializer_class = ShelterSerializer

    @extend_schema(
        responses=ShelterSerializer(many=True),
        summary="Your organisation's shelters with their occupancy (no addresses in lists)",
    )
    def get(self, request: Request) -> Response:
        qs = selectors.managed_shelters(request.user).defer("address", "phone")
        page = self.paginate_queryset(qs)
        rows = _with_occupancy(list(page if page is not None else qs))
        return self.get_paginated_response(ShelterSerializer(rows, many=True).data)

    @extend_schema(
        request=ShelterWriteSerializer,
        responses={201: ShelterConfidentialSerializer},
        summary="Add a shelter to your organisation",
    )
    def post(self, request: Request) -> Response:
        data = ShelterWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        organisation = (
            policy.scope(
                Organisation.objects.filter(is_active=True), request.user, Cap.SHELTER_MANAGE
            )
            .order_by("name")
            .first()
        )
        if organisation is None:
            return field_problem("organisation", _("Your organisation is not active."))
        shelter = services.shelter_create(
            actor=request.user,
            organisation=organisation,
            request=request._request,
            **dict(data.validated_data),
        )
        body = ShelterConfidentialSerializer(_with_occupancy([shelter])[0]).data
        return Response(body, status=status.HTTP_201_CREATED)


class ShelterDetailView(APIView):
    permission_classes = [MANAGE]

    @extend_schema(
        responses=ShelterConfidentialSerializer,
        summary="One of your shelters, with its confidential address (reading it is audited)",
    )
    def get(self, request: Request, pk: UUID) -> Response:
        shelter = selectors.shelter_get_confidential(
            actor=request.user, pk=pk, request=request._request
        )
        return Response(ShelterConfidentialSerializer(_with_occupancy([shelter])[0]).data)

    @extend_schema(
        request=ShelterWriteSerializer(partial=True),
        responses=ShelterSerializer,
        summary="Change one of your shelters",
    )
    def patch(self, request: Request, pk: UUID) -> Response:
        shelter = selectors.shelter_get(actor=request.user, pk=pk)
        data = ShelterWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        shelter = services.shelter_update(
            actor=request.user,
            shelter=shelter,
            request=request._request,
            **dict(data.validated_data),
        )
        return Response(ShelterSerializer(_with_occupancy([shelter])[0]).data)


class BoardView(APIView):
    permission_classes = [MANAGE]

    @extend_schema(
        responses=BoardSerializer,
        summary="Occupancy board of a shelter: every bed's state and the expected exits",
    )
    def get(self, request: Request, pk: UUID) -> Response:
        shelter = selectors.shelter_get(actor=request.user, pk=pk)
        counts = selectors.occupancy([shelter.pk]).get(shelter.pk, selectors.Occupancy())
        body = {
            "shelter": shelter.pk,
            "occupancy": counts,
            "rooms": selectors.board(shelter),
            "expected_exits": [
                {"date": day, "stays": stays}
                for day, stays in selectors.expected_exits(actor=request.user, shelter=shelter)
            ],
        }
        return Response(BoardSerializer(body).data)


class CapacityView(GenericAPIView):
    permission_classes = [requires(*selectors.CAPACITY_CAPS)]
    serializer_class = CapacitySerializer

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "search", str, description="Part of a shelter's or organisation's name."
            ),
            OpenApiParameter("country", str),
            OpenApiParameter("type", str),
            OpenApiParameter("need", str, enum=["child", "accessible", "cot"]),
            OpenApiParameter("free_only", bool),
        ],
        responses=CapacitySerializer(many=True),
        summary="Free capacity across the shelters you may see (counts only, no addresses)",
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        need = params.get("need", "")
        if need not in ("", "child", "accessible", "cot"):
            return field_problem("need", _("Use child, accessible or cot."))
        rows = selectors.capacity(
            actor=request.user,
            search=params.get("search", "").strip(),
            country=params.get("country", "").upper(),
            shelter_type=params.get("type", ""),
            need=need,
            free_only=params.get("free_only") in ("1", "true", "on"),
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(CapacitySerializer(page, many=True).data)


class RoomListView(APIView):
    permission_classes = [MANAGE]

    @extend_schema(responses=RoomSerializer(many=True), summary="The rooms of a shelter")
    def get(self, request: Request, pk: UUID) -> Response:
        shelter = selectors.shelter_get(actor=request.user, pk=pk)
        return Response(RoomSerializer(shelter.rooms.all(), many=True).data)

    @extend_schema(
        request=RoomWriteSerializer, responses={201: RoomSerializer}, summary="Add a room"
    )
    def post(self, request: Request, pk: UUID) -> Response:
        shelter = selectors.shelter_get(actor=request.user, pk=pk)
        data = RoomWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        room = services.room_save(
            actor=request.user,
            shelter=shelter,
            request=request._request,
            **dict(data.validated_data),
        )
        return Response(RoomSerializer(room).data, status=status.HTTP_201_CREATED)


class RoomDetailView(APIView):
    permission_classes = [MANAGE]

    @extend_schema(responses=RoomSerializer, summary="One room of your shelters")
    def get(self, request: Request, pk: UUID) -> Response:
        return Response(RoomSerializer(selectors.room_get(actor=request.user, pk=pk)).data)

    @extend_schema(
        request=RoomWriteSerializer(partial=True), responses=RoomSerializer, summary="Change a room"
    )
    def patch(self, request: Request, pk: UUID) -> Response:
        room = selectors.room_get(actor=request.user, pk=pk)
        data = RoomWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        room = services.room_save(
            actor=request.user,
            shelter=room.shelter,
            room=room,
            request=request._request,
            **dict(data.validated_data),
        )
        return Response(RoomSerializer(room).data)


class RoomBedsView(APIView):
    permission_classes = [MANAGE]

    @extend_schema(responses=BedSerializer(many=True), summary="The beds of a room")
    def get(self, request: Request, pk: UUID) -> Response:
        room = selectors.room_get(actor=request.user, pk=pk)
        return Response(BedSerializer(room.beds.all(), many=True).data)

    @extend_schema(
        request=BedWriteSerializer, responses={201: BedSerializer}, summary="Add a bed to a room"
    )
    def post(self, request: Request, pk: UUID) -> Response:
        room = selectors.room_get(actor=request.user, pk=pk)
        data = BedWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        bed = services.bed_save(
            actor=request.user, room=room, request=request._request, **dict(data.validated_data)
        )
        return Response(BedSerializer(bed).data, status=status.HTTP_201_CREATED)


class BedDetailView(APIView):
    permission_classes = [MANAGE]

    @extend_schema(responses=BedSerializer, summary="One bed of your shelters")
    def get(self, request: Request, pk: UUID) -> Response:
        return Response(BedSerializer(selectors.bed_get(actor=request.user, pk=pk)).data)

    @extend_schema(
        request=BedWriteSerializer(partial=True),
        responses=BedSerializer,
        summary="Change a bed, or take it out of service and back",
    )
    def patch(self, request: Request, pk: UUID) -> Response:
        bed = selectors.bed_get(actor=request.user, pk=pk)
        data = BedWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        bed = services.bed_save(
            actor=request.user,
            room=bed.room,
            bed=bed,
            request=request._request,
            **dict(data.validated_data),
        )
        return Response(BedSerializer(bed).data)


class SuggestionsView(APIView):
    permission_classes = [MANAGE]

    @extend_schema(
        request=FactsSerializer,
        responses=SuggestionSerializer(many=True),
        summary="Free beds of a shelter for a person: fitting ones first, with the reasons others do not fit",
    )
    def post(self, request: Request, pk: UUID) -> Response:
        shelter = selectors.shelter_get(actor=request.user, pk=pk)
        data = FactsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(data.validated_data)
        parent = None
        if values.get("accompanying"):
            parent = shelter.stays.select_related("bed").filter(pk=values["accompanying"]).first()
            if parent is None:
                return field_problem("accompanying", _("Choose a parent staying in this shelter."))
        room = check_parent(shelter, parent, bool(values.get("is_child")))
        resident = resident_of(values, room, parent)
        choices = selectors.bed_suggestions(shelter, resident)
        return Response(SuggestionSerializer(choices, many=True).data)
