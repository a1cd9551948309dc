"""REST API of training: workshops, enrolments, case studies, exercises, tests and results.
The same policy as the pages: trainers their organisation's workshops, trainees their own
exercises and the workshops they are enrolled in."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.accounts import policy
from haven.accounts import selectors as account_selectors
from haven.accounts.roles import Cap
from haven.api.permissions import requires
from haven.api.problems import problem
from haven.screening.presenting import ui_language
from haven.training import selectors, services
from haven.training.catalogue import CaseStudy, catalogue
from haven.training.cohort import cohort
from haven.training.models import QuizAttempt, Workshop
from haven.training.serializers import (
    CaseStudySerializer,
    TrainingExerciseRunSerializer,
    TrainingExerciseSerializer,
    WorkshopCaseStudiesSerializer,
    WorkshopChangeSerializer,
    WorkshopEnrolmentSerializer,
    WorkshopEnrolResultSerializer,
    WorkshopEnrolSerializer,
    WorkshopQuizAnswersSerializer,
    WorkshopQuizAttemptSerializer,
    WorkshopQuizSerializer,
    WorkshopResultsSerializer,
    WorkshopSerializer,
    WorkshopWriteSerializer,
)
from haven.training.services import EnrolRow
from haven.training.vocab import QuizKind

EITHER = (Cap.TRAINING_MANAGE, Cap.TRAINING_EXERCISE)


def _managed(request: Request, pk: UUID) -> Workshop:
    workshop = selectors.workshop_get(actor=request.user, pk=pk)
    if not selectors.can_manage(request.user, workshop):
        raise PermissionDenied
    return workshop


def _with_assignments(workshop: Workshop) -> Workshop:
    return Workshop.objects.prefetch_related("assignments").get(pk=workshop.pk)


class WorkshopListView(GenericAPIView):
    permission_classes = [requires(*EITHER)]
    serializer_class = WorkshopSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("search", str, description="Part of the title or the place."),
            OpenApiParameter("period", str, enum=["upcoming", "past"]),
        ],
        responses=WorkshopSerializer(many=True),
        summary="Workshops you manage or are enrolled in",
    )
    def get(self, request: Request) -> Response:
        qs = selectors.workshop_list(
            actor=request.user,
            search=request.query_params.get("search", "").strip(),
            period=request.query_params.get("period", ""),
        ).prefetch_related("assignments")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(WorkshopSerializer(page, many=True).data)

    @extend_schema(
        request=WorkshopWriteSerializer,
        responses={201: WorkshopSerializer},
        summary="Create a workshop of your organisation",
    )
    def post(self, request: Request) -> Response:
        if not policy.can(request.user, Cap.TRAINING_MANAGE):
            return problem(403)
        data = WorkshopWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        organisation = account_selectors.acting_organisation(
            actor=request.user, capability=Cap.TRAINING_MANAGE
        )
        workshop = services.workshop_create(
            actor=request.user,
            organisation=organisation,
            request=request._request,
            **data.validated_data,
        )
        body = WorkshopSerializer(_with_assignments(workshop)).data
        return Response(body, status=status.HTTP_201_CREATED)


class WorkshopDetailView(APIView):
    permission_classes = [requires(*EITHER)]

    @extend_schema(responses=WorkshopSerializer, summary="One workshop")
    def get(self, request: Request, pk: UUID) -> Response:
        workshop = selectors.workshop_get(actor=request.user, pk=pk)
        return Response(WorkshopSerializer(_with_assignments(workshop)).data)

    @extend_schema(
        request=WorkshopChangeSerializer(partial=True),
        responses=WorkshopSerializer,
        summary="Change a workshop, or open and close its pre-test and post-test",
    )
    def patch(self, request: Request, pk: UUID) -> Response:
        workshop = _managed(request, pk)
        data = WorkshopChangeSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(data.validated_data)
        tests = {k: values.pop(k) for k in ("pre_test_open", "post_test_open") if k in values}
        if values:
            workshop = services.workshop_update(
                actor=request.user, workshop=workshop, request=request._request, **values
            )
        if tests:
            workshop = services.workshop_set_tests(
                actor=request.user, workshop=workshop, request=request._request, **tests
            )
        return Response(WorkshopSerializer(_with_assignments(workshop)).data)


class WorkshopEnrolmentsView(APIView):
    permission_classes = [requires(Cap.TRAINING_MANAGE)]

    @extend_schema(
        responses=WorkshopEnrolmentSerializer(many=True), summary="The trainees of a workshop"
    )
    def get(self, request: Request, pk: UUID) -> Response:
        workshop = _managed(request, pk)
        return Response(WorkshopEnrolmentSerializer(selectors.enrolments(workshop), many=True).data)

    @extend_schema(
        request=WorkshopEnrolSerializer,
        responses={201: WorkshopEnrolResultSerializer},
        summary="Enrol trainee accounts by user name or e-mail (all or none)",
    )
    def post(self, request: Request, pk: UUID) -> Response:
        workshop = _managed(request, pk)
        data = WorkshopEnrolSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rows = [
            EnrolRow(line=n, **({"email": v} if "@" in v else {"username": v.strip()}))
            for n, v in enumerate(data.validated_data["trainees"], start=1)
        ]
        result = services.workshop_enrol(
            actor=request.user, workshop=workshop, rows=rows, request=request._request
        )
        body = WorkshopEnrolResultSerializer(
            {"added": len(result.added), "already": result.already, "enrolments": result.added}
        ).data
        return Response(body, status=status.HTTP_201_CREATED)


class WorkshopCaseStudiesView(APIView):
    permission_classes = [requires(Cap.TRAINING_MANAGE)]

    @extend_schema(
        request=WorkshopCaseStudiesSerializer,
        responses=WorkshopSerializer,
        summary="Set the case studies a workshop's trainees practise on",
    )
    def put(self, request: Request, pk: UUID) -> Response:
        workshop = _managed(request, pk)
        data = WorkshopCaseStudiesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.workshop_assign(
            actor=request.user,
            workshop=workshop,
            case_studies=data.validated_data["case_studies"],
            request=request._request,
        )
        return Response(WorkshopSerializer(_with_assignments(workshop)).data)


class WorkshopResultsView(APIView):
    permission_classes = [requires(Cap.TRAINING_MANAGE)]

    @extend_schema(
        responses=WorkshopResultsSerializer,
        summary="A workshop's results: tests before and after, exercises, indicators missed",
    )
    def get(self, request: Request, pk: UUID) -> Response:
        workshop = _managed(request, pk)
        data = cohort(workshop, ui_language())

        def counts(items: Any) -> list[dict[str, Any]]:
            return [{"id": i.id, "label": i.label, "count": i.count} for i in items]

        body = {
            "workshop": workshop.pk,
            "pre_test_average": data.pre_average,
            "post_test_average": data.post_average,
            "change": data.change,
            "exercises_submitted": data.submitted,
            "outcome_match_rate": data.outcome_match_rate,
            "trainees": [
                {
                    "trainee": row.trainee.pk,
                    "username": row.trainee.username,
                    "pre_test": row.pre.percent if row.pre else None,
                    "post_test": row.post.percent if row.post else None,
                    "exercises_submitted": row.done,
                    "exercises_assigned": row.assigned,
                    "mean_score": row.mean_score,
                    "outcome_matches": row.outcome_matches,
                    "completed": row.completed,
                }
                for row in data.rows
            ],
            "most_missed": counts(data.missed),
            "most_wrongly_marked": counts(data.wrong),
            "case_studies": [
                {
                    "case_study": row.case.id,
                    "submitted": row.submitted,
                    "outcome_matches": row.outcome_matches,
                    "mean_score": row.mean_score,
                }
                for row in data.cases
            ],
        }
        return Response(WorkshopResultsSerializer(body).data)


class QuizView(APIView):
    permission_classes = [requires(Cap.TRAINING_EXERCISE)]

    def _setup(self, request: Request, pk: UUID, kind: str) -> tuple[Workshop, Any]:
        if kind not in QuizKind.values:
            raise Http404
        workshop = selectors.workshop_get(actor=request.user, pk=pk)
        enrolment = selectors.enrolment_of(actor=request.user, workshop=workshop)
        if enrolment is None:
            raise PermissionDenied
        return workshop, enrolment

    @extend_schema(
        responses=WorkshopQuizSerializer,
        summary="The questions of a workshop's pre-test or post-test (without the answers)",
    )
    def get(self, request: Request, pk: UUID, kind: str) -> Response:
        workshop, _enrolment = self._setup(request, pk, kind)
        quiz = services.quiz_of(workshop)
        body = {
            "id": quiz.id,
            "kind": kind,
            "open": services.quiz_is_open(workshop, kind),
            "title": quiz.title.as_dict(),
            "questions": [
                {
                    "id": q.id,
                    "text": q.text.as_dict(),
                    "choices": [{"id": c.id, **c.text.as_dict()} for c in q.choices],
                }
                for q in quiz.questions
            ],
        }
        return Response(WorkshopQuizSerializer(body).data)

    @extend_schema(
        request=WorkshopQuizAnswersSerializer,
        responses={201: WorkshopQuizAttemptSerializer},
        summary="Answer a workshop's pre-test or post-test (once, while it is open)",
    )
    def post(self, request: Request, pk: UUID, kind: str) -> Response:
        workshop, _enrolment = self._setup(request, pk, kind)
        data = WorkshopQuizAnswersSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        attempt: QuizAttempt = services.quiz_submit(
            actor=request.user,
            workshop=workshop,
            kind=kind,
            answers=data.validated_data["answers"],
            request=request._request,
        )
        return Response(WorkshopQuizAttemptSerializer(attempt).data, status=status.HTTP_201_CREATED)


def case_study_data(case: CaseStudy, *, with_key: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": case.id,
        "theme": case.theme,
        "look_alike": case.look_alike,
        "instrument": case.instrument,
        "title": case.title.as_dict(),
        "summary": case.summary.as_dict(),
        "vignette": [p.as_dict() for p in case.vignette],
    }
    if with_key:
        subject = case.key.subject
        data["key"] = {
            "outcome": case.key.outcome,
            "subject": {
                "age": subject.age,
                "age_uncertain": subject.age_uncertain,
                "sex": subject.sex,
            },
            "indicators": {i: reason.as_dict() for i, reason in case.key.indicators.items()},
            "teaching_points": [t.as_dict() for t in case.key.teaching_points],
        }
    return data


class CaseStudyListView(APIView):
    permission_classes = [requires(*EITHER)]

    @extend_schema(
        responses=CaseStudySerializer(many=True),
        summary="The case studies (with their expert keys for trainers)",
    )
    def get(self, request: Request) -> Response:
        with_key = selectors.can_manage(request.user)
        body = [case_study_data(c, with_key=with_key) for c in catalogue().case_studies]
        return Response(CaseStudySerializer(body, many=True).data)


class ExerciseListView(GenericAPIView):
    permission_classes = [requires(*EITHER)]
    serializer_class = TrainingExerciseSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("case_study", str),
            OpenApiParameter("status", str, enum=["draft", "submitted"]),
            OpenApiParameter("workshop", UUID),
        ],
        responses=TrainingExerciseSerializer(many=True),
        summary="Your exercises and, for trainers, your organisation's",
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        workshop = None
        if params.get("workshop"):
            try:
                workshop = selectors.workshop_get(actor=request.user, pk=UUID(params["workshop"]))
            except ValueError:
                return problem(
                    400,
                    _("Some fields are not valid."),
                    errors=[
                        {"field": "workshop", "message": _("Must be a UUID."), "code": "invalid"}
                    ],
                )
        qs = selectors.exercise_list(
            actor=request.user,
            case_study=params.get("case_study", ""),
            status=params.get("status", ""),
            workshop=workshop,
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(TrainingExerciseSerializer(page, many=True).data)

    @extend_schema(
        request=TrainingExerciseRunSerializer,
        responses={201: TrainingExerciseSerializer},
        summary="Practise: answer a case study's screening and get it scored against the key",
    )
    def post(self, request: Request) -> Response:
        if not policy.can(request.user, Cap.TRAINING_EXERCISE):
            return problem(403)
        data = TrainingExerciseRunSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(data.validated_data)
        workshop_id = values.pop("workshop", None)
        workshop = (
            selectors.workshop_get(actor=request.user, pk=workshop_id) if workshop_id else None
        )
        exercise = services.exercise_run(
            actor=request.user, workshop=workshop, request=request._request, **values
        )
        return Response(TrainingExerciseSerializer(exercise).data, status=status.HTTP_201_CREATED)


class ExerciseDetailView(APIView):
    permission_classes = [requires(*EITHER)]

    @extend_schema(
        responses=TrainingExerciseSerializer, summary="One exercise and its comparison with the key"
    )
    def get(self, request: Request, pk: UUID) -> Response:
        return Response(
            TrainingExerciseSerializer(selectors.exercise_get(actor=request.user, pk=pk)).data
        )
