"""Cases: list and search, registration (person and case in one request) with duplicate
warnings, the full case, changes, the person, and moves through the workflow."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from haven.api.problems import problem
from haven.cases import selectors, services
from haven.cases.apis import reads
from haven.cases.apis._common import EDIT, PROBLEM, READ, REGISTER, TRANSITION, CaseAPIView
from haven.cases.models import Case
from haven.cases.serializers import (
    CaseCandidateSerializer,
    CaseDetailSerializer,
    CaseDuplicateCheckResultSerializer,
    CaseDuplicateCheckSerializer,
    CaseFilterSerializer,
    CaseListItemSerializer,
    CasePersonSerializer,
    CasePersonWriteSerializer,
    CaseQuerySerializer,
    CaseRegisterSerializer,
    CaseTransitionSerializer,
    CaseWriteSerializer,
)


def detail_response(request: Request, case: Case, code: int = status.HTTP_200_OK) -> Response:
    context = reads.case_page(actor=request.user, case=case)
    return Response(CaseDetailSerializer(case, context=context).data, status=code)


class _CaseListing(CaseAPIView, GenericAPIView):
    serializer_class = CaseListItemSerializer

    def list_response(self, filters: CaseFilterSerializer) -> Response:
        cases = selectors.case_list(
            actor=self.request.user, **filters.selector_arguments()
        ).select_related("person")
        page = self.paginate_queryset(cases)
        return self.get_paginated_response(CaseListItemSerializer(page, many=True).data)


class CaseListView(_CaseListing):
    capabilities = {"GET": READ, "POST": REGISTER}

    @extend_schema(
        parameters=[CaseQuerySerializer],
        responses={200: CaseListItemSerializer(many=True), 400: PROBLEM},
        summary="Cases you may read (filters, sort, pages); names: POST /cases/search",
        operation_id="cases_list",
    )
    def get(self, request: Request) -> Response:
        filters = CaseQuerySerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        return self.list_response(filters)

    @extend_schema(
        request=CaseRegisterSerializer,
        responses={
            201: CaseDetailSerializer,
            400: PROBLEM,
            409: OpenApiResponse(
                description="Possible matches (candidates: case_references, score, "
                "reasons); send again with confirm_new_person to register anyway."
            ),
        },
        summary="Register a person and open their case",
        operation_id="cases_register",
    )
    def post(self, request: Request) -> Response:
        data = CaseRegisterSerializer(data=request.data, context={"actor": request.user})
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = data.validated_data
        person_fields, case_fields = dict(values["person"]), dict(values["case"])
        with transaction.atomic():
            if not values["confirm_new_person"]:
                candidates = selectors.duplicate_candidates(
                    actor=request.user,
                    family_name=person_fields.get("family_name", ""),
                    given_names=person_fields.get("given_names", ""),
                    aliases=person_fields.get("aliases"),
                    birth_date=person_fields.get("birth_date"),
                    sex=person_fields.get("sex", ""),
                    request=request._request,
                )
                if candidates:
                    return problem(
                        409,
                        _(
                            "This person may be registered already. Open one of the cases, "
                            "or send again with confirm_new_person to register a new person."
                        ),
                        title=_("Conflict"),
                        candidates=CaseCandidateSerializer(candidates, many=True).data,
                    )
            person = services.person_register(
                actor=request.user,
                organisation=values["organisation"],
                request=request._request,
                **person_fields,
            )
            case = services.case_open(
                actor=request.user,
                person=person,
                organisation=values["organisation"],
                reasons_to_believe_child=values["reasons_to_believe_child"],
                request=request._request,
                **case_fields,
            )
        case = selectors.case_get(actor=request.user, pk=case.pk, audit=False)
        return detail_response(request, case, status.HTTP_201_CREATED)


class CaseSearchView(_CaseListing):
    capabilities = {"POST": READ}

    @extend_schema(
        request=CaseFilterSerializer,
        responses={200: CaseListItemSerializer(many=True), 400: PROBLEM},
        summary="Search cases by name or reference (filters in the body, pages in the query)",
        description="Names are matched through keyed tokens (Hanzi, pinyin, either order), "
        "never plaintext. page and page_size stay in the query string; the next and previous "
        "links carry only those, so send the same body again to follow them.",
        operation_id="cases_search",
    )
    def post(self, request: Request) -> Response:
        filters = CaseFilterSerializer(data=request.data)
        filters.is_valid(raise_exception=True)
        return self.list_response(filters)


class CaseDuplicateCheckView(CaseAPIView):
    capabilities = {"POST": REGISTER}

    @extend_schema(
        request=CaseDuplicateCheckSerializer,
        responses={200: CaseDuplicateCheckResultSerializer, 400: PROBLEM},
        summary="Persons you may see who could be the same (case references only)",
        operation_id="cases_duplicate_check",
    )
    def post(self, request: Request) -> Response:
        data = CaseDuplicateCheckSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        candidates = selectors.duplicate_candidates(
            actor=request.user, request=request._request, **data.validated_data
        )
        return Response(CaseDuplicateCheckResultSerializer({"candidates": candidates}).data)


class CaseDetailView(CaseAPIView):
    capabilities = {"GET": READ, "PATCH": EDIT}

    @extend_schema(
        responses={200: CaseDetailSerializer, 404: PROBLEM},
        summary="One case: person, consents in force, allowed moves, timeline (audited)",
        operation_id="cases_retrieve",
    )
    def get(self, request: Request, pk: UUID) -> Response:
        case = selectors.case_get(actor=request.user, pk=pk, request=request._request)
        return detail_response(request, case)

    @extend_schema(
        request=CaseWriteSerializer,
        responses={200: CaseDetailSerializer, 400: PROBLEM, 404: PROBLEM},
        summary="Change case fields",
        operation_id="cases_update",
    )
    def patch(self, request: Request, pk: UUID) -> Response:
        case = selectors.case_get(actor=request.user, pk=pk, audit=False)
        data = CaseWriteSerializer(
            data=request.data, partial=True, context={"organisation": case.organisation}
        )
        data.is_valid(raise_exception=True)
        services.case_update(
            actor=request.user, case=case, request=request._request, **data.validated_data
        )
        return detail_response(request, selectors.case_get(actor=request.user, pk=pk, audit=False))


class CasePersonView(CaseAPIView):
    capabilities = {"PATCH": EDIT}

    @extend_schema(
        request=CasePersonWriteSerializer,
        responses={200: CasePersonSerializer, 400: PROBLEM, 404: PROBLEM},
        summary="Change the person's identity or details",
        operation_id="cases_person_update",
    )
    def patch(self, request: Request, pk: UUID) -> Response:
        case = selectors.case_get(actor=request.user, pk=pk, audit=False)
        data = CasePersonWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        person = services.person_update(
            actor=request.user, person=case.person, request=request._request, **data.validated_data
        )
        return Response(CasePersonSerializer(person).data)


class CaseTransitionView(CaseAPIView):
    capabilities = {"POST": TRANSITION}

    @extend_schema(
        request=CaseTransitionSerializer,
        responses={200: CaseDetailSerializer, 400: PROBLEM, 404: PROBLEM},
        summary="Move the case to another stage (the workflow table decides)",
        operation_id="cases_transition",
    )
    def post(self, request: Request, pk: UUID) -> Response:
        case = selectors.case_get(actor=request.user, pk=pk, audit=False)
        data = CaseTransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.case_transition(
            actor=request.user, case=case, request=request._request, **data.validated_data
        )
        return detail_response(request, selectors.case_get(actor=request.user, pk=pk, audit=False))
