"""REST API of incidents and their actions, follow-ups, and the waitlist."""

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

from haven.accounts.roles import Cap
from haven.api.permissions import requires
from haven.shelters import selectors, services
from haven.shelters.apis._common import field_problem, lookup
from haven.shelters.models import Incident
from haven.shelters.serializers import (
    ActionWriteSerializer,
    FollowUpSerializer,
    IncidentDetailSerializer,
    IncidentSerializer,
    IncidentWriteSerializer,
    StaySerializer,
    WaitlistSerializer,
    WaitlistWriteSerializer,
)

MANAGE = requires(Cap.SHELTER_MANAGE)


def _detail(incident: Incident) -> Any:
    incident._actions = list(incident.actions.all())  # type: ignore[attr-defined]
    return IncidentDetailSerializer(incident).data


class IncidentListView(GenericAPIView):
    permission_classes = [MANAGE]
    serializer_class = IncidentSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("shelter", UUID),
            OpenApiParameter("kind", str),
            OpenApiParameter("severity", str),
        ],
        responses=IncidentSerializer(many=True),
        summary="Incidents in your organisation's shelters",
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        shelter = params.get("shelter") or None
        try:
            shelter_id = UUID(shelter) if shelter else None
        except ValueError:
            return field_problem("shelter", _("Must be a UUID."))
        qs = selectors.incident_list(
            actor=request.user,
            shelter_id=shelter_id,
            kind=params.get("kind", ""),
            severity=params.get("severity", ""),
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(IncidentSerializer(page, many=True).data)

    @extend_schema(
        request=IncidentWriteSerializer,
        responses={201: IncidentDetailSerializer},
        summary="Record an incident (and its first follow-up action)",
    )
    def post(self, request: Request) -> Response:
        data = IncidentWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(data.validated_data)
        shelter = lookup(selectors.shelter_get, actor=request.user, pk=values.pop("shelter"))
        if shelter is None:
            return field_problem("shelter", _("No such shelter."))
        stay = None
        if values.get("stay"):
            stay = shelter.stays.filter(pk=values["stay"]).first()
            if stay is None:
                return field_problem("stay", _("Choose a resident of this shelter."))
        values.pop("stay", None)
        incident = services.incident_record(
            actor=request.user, shelter=shelter, stay=stay, request=request._request, **values
        )
        return Response(_detail(incident), status=status.HTTP_201_CREATED)


class IncidentDetailView(APIView):
    permission_classes = [MANAGE]

    @extend_schema(
        responses=IncidentDetailSerializer,
        summary="One incident with its actions (reading it is audited)",
    )
    def get(self, request: Request, pk: UUID) -> Response:
        incident = selectors.incident_get(actor=request.user, pk=pk, request=request._request)
        return Response(_detail(incident))


class IncidentActionsView(APIView):
    permission_classes = [MANAGE]

    @extend_schema(
        request=ActionWriteSerializer,
        responses={201: FollowUpSerializer},
        summary="Add a follow-up action to an incident",
    )
    def post(self, request: Request, pk: UUID) -> Response:
        incident = selectors.incident_get(actor=request.user, pk=pk, request=request._request)
        data = ActionWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(data.validated_data)
        owner: Any = request.user
        if "owner" in values:
            owner = selectors.staff_of(incident.organisation_id).filter(pk=values["owner"]).first()
            if owner is None:
                return field_problem("owner", _("Choose a member of the shelter's staff."))
        item = services.follow_up_save(
            actor=request.user,
            incident=incident,
            title=values["title"],
            due_on=values["due_on"],
            owner=owner,
            request=request._request,
        )
        return Response(FollowUpSerializer(item).data, status=status.HTTP_201_CREATED)


class FollowUpListView(GenericAPIView):
    permission_classes = [MANAGE]
    serializer_class = FollowUpSerializer

    @extend_schema(
        parameters=[OpenApiParameter("all", bool, description="Everyone's, not only yours.")],
        responses=FollowUpSerializer(many=True),
        summary="Your open follow-ups (after exits and incidents)",
    )
    def get(self, request: Request) -> Response:
        everyone = request.query_params.get("all") in ("1", "true", "on")
        qs = selectors.follow_up_list(actor=request.user, mine=not everyone)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(FollowUpSerializer(page, many=True).data)


class FollowUpDoneView(APIView):
    permission_classes = [MANAGE]

    @extend_schema(request=None, responses=FollowUpSerializer, summary="Mark a follow-up as done")
    def post(self, request: Request, pk: UUID) -> Response:
        item = selectors.follow_up_get(actor=request.user, pk=pk)
        item = services.follow_up_done(actor=request.user, follow_up=item, request=request._request)
        return Response(FollowUpSerializer(item).data)


class WaitlistView(GenericAPIView):
    permission_classes = [MANAGE]
    serializer_class = WaitlistSerializer

    @extend_schema(
        responses=WaitlistSerializer(many=True),
        summary="A shelter's waitlist in the order it is served (risk, then waiting time)",
    )
    def get(self, request: Request, pk: UUID) -> Response:
        shelter = selectors.shelter_get(actor=request.user, pk=pk)
        qs = selectors.waitlist(actor=request.user, shelter=shelter)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(WaitlistSerializer(page, many=True).data)

    @extend_schema(
        request=WaitlistWriteSerializer,
        responses={201: WaitlistSerializer},
        summary="Add a request to the waitlist (a fitting free bed is reserved at once)",
    )
    def post(self, request: Request, pk: UUID) -> Response:
        shelter = selectors.shelter_get(actor=request.user, pk=pk)
        data = WaitlistWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(data.validated_data)
        if "referral" in values:
            values["referral"] = lookup(
                selectors.admissible_referral_get, actor=request.user, pk=values["referral"]
            )
            if values["referral"] is None:
                return field_problem("referral", _("No accepted referral waiting for a bed."))
        entry = services.waitlist_add(
            actor=request.user, shelter=shelter, request=request._request, **values
        )
        return Response(WaitlistSerializer(entry).data, status=status.HTTP_201_CREATED)


class WaitlistOfferView(APIView):
    permission_classes = [MANAGE]

    @extend_schema(
        request=None,
        responses=StaySerializer(many=True),
        summary="Reserve the free beds for the people waiting now; returns the reservations",
    )
    def post(self, request: Request, pk: UUID) -> Response:
        shelter = selectors.shelter_get(actor=request.user, pk=pk)
        offers = services.waitlist_offer_next(
            actor=request.user, shelter=shelter, request=request._request
        )
        for stay in offers:
            stay._alerts = []  # type: ignore[attr-defined]
            stay.case_reference = stay.case.reference if stay.case else None  # type: ignore[attr-defined]
        return Response(StaySerializer(offers, many=True).data)


class WaitlistWithdrawView(APIView):
    permission_classes = [MANAGE]

    @extend_schema(
        request=None, responses=WaitlistSerializer, summary="Take a request off the waitlist"
    )
    def post(self, request: Request, pk: UUID) -> Response:
        entry = selectors.waitlist_entry_get(actor=request.user, pk=pk)
        entry = services.waitlist_withdraw(
            actor=request.user, entry=entry, request=request._request
        )
        return Response(WaitlistSerializer(entry).data)
