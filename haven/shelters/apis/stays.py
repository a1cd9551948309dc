"""REST API of stays: admission, the stay, its changes, services, outings and visits,
linking a referral, cancelling a reservation, the exit; and referrals waiting for a bed."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.accounts.roles import Cap
from haven.api.permissions import requires
from haven.referrals import selectors as referral_selectors
from haven.referrals.serializers import ReferralSummarySerializer
from haven.shelters import selectors, services
from haven.shelters.apis._common import field_problem, lookup
from haven.shelters.models import Stay
from haven.shelters.serializers import (
    AdmitSerializer,
    ExitSerializer,
    FollowUpSerializer,
    LinkSerializer,
    MovementSerializer,
    StaySerializer,
    StayServiceSerializer,
    StaySummarySerializer,
    StayUpdateSerializer,
)
from haven.shelters.vocab import StayStatus

MANAGE = requires(Cap.SHELTER_MANAGE)
READ = requires(Cap.STAY_READ)


def _alerts(stays: list[Stay]) -> list[Stay]:
    today = timezone.localdate()
    for stay in stays:
        stay._alerts = selectors.alerts_of(stay, today)  # type: ignore[attr-defined]
    return stays


def _stay_body(stay: Stay) -> Any:
    stay.case_reference = stay.case.reference if stay.case else None  # type: ignore[attr-defined]
    return StaySerializer(_alerts([stay])[0]).data


class StayListView(GenericAPIView):
    permission_classes = [READ]
    serializer_class = StaySummarySerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("shelter", UUID),
            OpenApiParameter("status", str, enum=["current", "active", "reserved", "ended", "all"]),
            OpenApiParameter("alert", str, enum=["overdue", "ending_soon", "long_stay"]),
        ],
        responses=StaySummarySerializer(many=True),
        summary="Stays in your organisation's shelters",
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        shelter = params.get("shelter") or None
        try:
            shelter_id = UUID(shelter) if shelter else None
        except ValueError:
            return field_problem("shelter", _("Must be a UUID."))
        qs = selectors.stay_list(
            actor=request.user,
            shelter_id=shelter_id,
            status=params.get("status", "current"),
            alert=params.get("alert", ""),
        )
        page = self.paginate_queryset(qs)
        rows = _alerts(list(page if page is not None else qs))
        return self.get_paginated_response(StaySummarySerializer(rows, many=True).data)

    @extend_schema(
        request=AdmitSerializer,
        responses={201: StaySerializer},
        summary="Admit a person: from an accepted referral, a reservation, or in an emergency",
    )
    def post(self, request: Request) -> Response:
        data = AdmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(data.validated_data)
        user = request.user
        shelter = lookup(selectors.shelter_get, actor=user, pk=values.pop("shelter"))
        if shelter is None:
            return field_problem("shelter", _("No such shelter."))
        refs: dict[str, Any] = {}
        if "bed" in values:
            refs["bed"] = shelter.beds.filter(pk=values.pop("bed")).first()
            if refs["bed"] is None:
                return field_problem("bed", _("Choose a bed of this shelter."))
        if "referral" in values:
            refs["referral"] = lookup(
                selectors.admissible_referral_get, actor=user, pk=values.pop("referral")
            )
            if refs["referral"] is None:
                return field_problem("referral", _("No accepted referral waiting for a bed."))
        if "reservation" in values:
            refs["reservation"] = shelter.stays.filter(
                pk=values.pop("reservation"), status=StayStatus.RESERVED
            ).first()
            if refs["reservation"] is None:
                return field_problem("reservation", _("No such reservation."))
        if "accompanying" in values:
            refs["accompanying"] = (
                shelter.stays.select_related("bed").filter(pk=values.pop("accompanying")).first()
            )
            if refs["accompanying"] is None:
                return field_problem("accompanying", _("Choose a parent staying in this shelter."))
        stay = services.stay_admit(
            actor=user, shelter=shelter, request=request._request, **refs, **values
        )
        return Response(_stay_body(stay), status=status.HTTP_201_CREATED)


class StayDetailView(APIView):
    permission_classes = [READ]

    @extend_schema(responses=StaySerializer, summary="One stay (reading it is audited)")
    def get(self, request: Request, pk: UUID) -> Response:
        stay = selectors.stay_get(actor=request.user, pk=pk, request=request._request)
        return Response(_stay_body(stay))

    @extend_schema(
        request=StayUpdateSerializer,
        responses=StaySerializer,
        summary="Change the expected exit, languages, interpreter, medical flag or risk",
    )
    def patch(self, request: Request, pk: UUID) -> Response:
        stay = selectors.stay_get(actor=request.user, pk=pk, audit=False)
        data = StayUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        stay = services.stay_update(
            actor=request.user, stay=stay, request=request._request, **dict(data.validated_data)
        )
        return Response(_stay_body(selectors.stay_get(actor=request.user, pk=pk, audit=False)))


class StayExitView(APIView):
    permission_classes = [MANAGE]

    @extend_schema(
        request=ExitSerializer,
        responses={200: FollowUpSerializer(many=True)},
        summary="Record the exit: date, reason, destination, plan; returns the follow-ups planned",
    )
    def post(self, request: Request, pk: UUID) -> Response:
        stay = selectors.stay_get(actor=request.user, pk=pk, audit=False)
        data = ExitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(data.validated_data)
        owner = None
        if "follow_up_owner" in values:
            owner = (
                selectors.staff_of(stay.organisation_id)
                .filter(pk=values.pop("follow_up_owner"))
                .first()
            )
            if owner is None:
                return field_problem(
                    "follow_up_owner", _("Choose a member of the shelter's staff.")
                )
        follow_ups = services.stay_exit(
            actor=request.user,
            stay=stay,
            follow_up_owner=owner,
            request=request._request,
            **values,
        )
        return Response(FollowUpSerializer(follow_ups, many=True).data)


class StayCancelView(APIView):
    permission_classes = [MANAGE]

    @extend_schema(request=None, responses=StaySerializer, summary="Cancel a bed reservation")
    def post(self, request: Request, pk: UUID) -> Response:
        stay = selectors.stay_get(actor=request.user, pk=pk, audit=False)
        stay = services.stay_cancel(actor=request.user, stay=stay, request=request._request)
        return Response(_stay_body(selectors.stay_get(actor=request.user, pk=pk, audit=False)))


class StayLinkView(APIView):
    permission_classes = [MANAGE]

    @extend_schema(
        request=LinkSerializer,
        responses=StaySerializer,
        summary="Link an emergency stay to the person's accepted referral",
    )
    def post(self, request: Request, pk: UUID) -> Response:
        stay = selectors.stay_get(actor=request.user, pk=pk, audit=False)
        data = LinkSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        referral = lookup(
            selectors.admissible_referral_get,
            actor=request.user,
            pk=data.validated_data["referral"],
        )
        if referral is None:
            return field_problem("referral", _("No accepted referral waiting for a bed."))
        services.stay_link_referral(
            actor=request.user, stay=stay, referral=referral, request=request._request
        )
        return Response(_stay_body(selectors.stay_get(actor=request.user, pk=pk, audit=False)))


class StayServicesView(APIView):
    permission_classes = [READ]

    @extend_schema(responses=StayServiceSerializer(many=True), summary="Services during a stay")
    def get(self, request: Request, pk: UUID) -> Response:
        stay = selectors.stay_get(actor=request.user, pk=pk, audit=False)
        return Response(StayServiceSerializer(stay.services.all(), many=True).data)

    @extend_schema(
        request=StayServiceSerializer,
        responses={201: StayServiceSerializer},
        summary="Record a service delivered during a stay (linked to a shared support plan)",
    )
    def post(self, request: Request, pk: UUID) -> Response:
        stay = selectors.stay_get(actor=request.user, pk=pk, audit=False)
        data = StayServiceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(data.validated_data)
        plan_id = values.pop("plan_id", None)
        plan = selectors.plan_choices(stay).filter(pk=plan_id).first() if plan_id else None
        if plan_id and plan is None:
            return field_problem("plan", _("Choose a support plan shared with this referral."))
        item = services.stay_service_record(
            actor=request.user, stay=stay, plan=plan, request=request._request, **values
        )
        return Response(StayServiceSerializer(item).data, status=status.HTTP_201_CREATED)


class StayMovementsView(APIView):
    permission_classes = [READ]

    @extend_schema(
        responses=MovementSerializer(many=True),
        summary="Outings and visits of a stay (a record, never a restriction)",
    )
    def get(self, request: Request, pk: UUID) -> Response:
        stay = selectors.stay_get(actor=request.user, pk=pk, audit=False)
        return Response(MovementSerializer(stay.movements.all(), many=True).data)

    @extend_schema(
        request=MovementSerializer,
        responses={201: MovementSerializer},
        summary="Record an outing, appointment, night away or visit",
    )
    def post(self, request: Request, pk: UUID) -> Response:
        stay = selectors.stay_get(actor=request.user, pk=pk, audit=False)
        data = MovementSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.movement_record(
            actor=request.user, stay=stay, request=request._request, **dict(data.validated_data)
        )
        return Response(MovementSerializer(item).data, status=status.HTTP_201_CREATED)


class AdmissibleReferralsView(GenericAPIView):
    permission_classes = [MANAGE]
    serializer_class = ReferralSummarySerializer

    @extend_schema(
        responses=ReferralSummarySerializer(many=True),
        summary="Accepted referrals to your shelter organisation that have no stay yet",
    )
    def get(self, request: Request) -> Response:
        qs = selectors.admissible_referrals(actor=request.user)
        page = self.paginate_queryset(qs)
        rows = referral_selectors.summarise(page if page is not None else qs)
        return self.get_paginated_response(ReferralSummarySerializer(rows, many=True).data)
