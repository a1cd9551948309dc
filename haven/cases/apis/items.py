"""What is recorded on a case: consents, assessments, support plans, services, trafficking
events, proceedings, tasks and notes. GET lists them (an audited read of the case); POST
records one through its service."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any, ClassVar
from uuid import UUID

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from haven.cases import selectors, services
from haven.cases.apis import reads
from haven.cases.apis._common import EDIT, PROBLEM, READ, TRANSITION, CaseAPIView
from haven.cases.models import Case
from haven.cases.serializers import (
    CaseAssessmentSerializer,
    CaseAssessmentWriteSerializer,
    CaseConsentSerializer,
    CaseConsentsSerializer,
    CaseConsentWriteSerializer,
    CaseEventSerializer,
    CaseEventWriteSerializer,
    CaseNoteSerializer,
    CaseNoteWriteSerializer,
    CasePlanSerializer,
    CasePlanWriteSerializer,
    CaseProceedingSerializer,
    CaseProceedingWriteSerializer,
    CaseServiceSerializer,
    CaseServiceWriteSerializer,
    CaseTaskSerializer,
    CaseTaskWriteSerializer,
)


def documented(
    topic: str,
    listed: str,
    recorded: str,
    write: type[serializers.Serializer],
    read: type[serializers.Serializer],
    listing: Any = None,
) -> Callable[[type], type]:
    """OpenAPI description of a case's items route (GET list, POST create)."""
    return extend_schema_view(
        get=extend_schema(
            responses={200: listing or read(many=True), 404: PROBLEM},
            summary=listed,
            operation_id=f"cases_{topic}_list",
        ),
        post=extend_schema(
            request=write,
            responses={201: read, 400: PROBLEM, 404: PROBLEM},
            summary=recorded,
            operation_id=f"cases_{topic}_create",
        ),
    )


class CaseItemsView(CaseAPIView, ABC):
    capabilities: ClassVar[dict[str, Any]] = {"GET": READ, "POST": EDIT}
    write_serializer: ClassVar[type[serializers.Serializer]]
    read_serializer: ClassVar[type[serializers.Serializer]]

    @abstractmethod
    def items(self, case: Case) -> Any: ...

    @abstractmethod
    def create(self, case: Case, values: dict[str, Any]) -> Any: ...

    def listing(self, case: Case) -> Any:
        return self.read_serializer(self.items(case), many=True).data

    def get(self, request: Request, pk: UUID) -> Response:
        case = selectors.case_get(actor=request.user, pk=pk, request=request._request)
        return Response(self.listing(case))

    def post(self, request: Request, pk: UUID) -> Response:
        case = selectors.case_get(actor=request.user, pk=pk, audit=False)
        data = self.write_serializer(data=request.data, context={"case": case})
        data.is_valid(raise_exception=True)
        item = self.create(case, dict(data.validated_data))
        return Response(self.read_serializer(item).data, status=status.HTTP_201_CREATED)

    def service_arguments(self, case: Case) -> dict[str, Any]:
        return {"actor": self.request.user, "case": case, "request": self.request._request}


@documented(
    "consents",
    "Consent decisions of a case and the consent in force per purpose",
    "Record consent given or withdrawn (takes effect at once)",
    CaseConsentWriteSerializer,
    CaseConsentSerializer,
    listing=CaseConsentsSerializer,
)
class CaseConsentsView(CaseItemsView):
    capabilities = {"GET": READ, "POST": TRANSITION}
    write_serializer = CaseConsentWriteSerializer
    read_serializer = CaseConsentSerializer

    def items(self, case: Case) -> Any:
        return case.consents.select_related("recorded_by")

    def listing(self, case: Case) -> Any:
        body = {"in_force": services.consents_in_force(case), "decisions": self.items(case)}
        return CaseConsentsSerializer(body).data

    def create(self, case: Case, values: dict[str, Any]) -> Any:
        return services.consent_record(**self.service_arguments(case), **values)


@documented(
    "assessments",
    "Needs and risk assessments of a case",
    "Record an assessment",
    CaseAssessmentWriteSerializer,
    CaseAssessmentSerializer,
)
class CaseAssessmentsView(CaseItemsView):
    write_serializer = CaseAssessmentWriteSerializer
    read_serializer = CaseAssessmentSerializer

    def items(self, case: Case) -> Any:
        return case.assessments.select_related("by").order_by("-assessed_on", "-created_at")

    def create(self, case: Case, values: dict[str, Any]) -> Any:
        return services.assessment_record(**self.service_arguments(case), **values)


@documented(
    "plans",
    "Support plans of a case",
    "Add a support plan",
    CasePlanWriteSerializer,
    CasePlanSerializer,
)
class CasePlansView(CaseItemsView):
    write_serializer = CasePlanWriteSerializer
    read_serializer = CasePlanSerializer

    def items(self, case: Case) -> Any:
        return case.plans.order_by("-created_at")

    def create(self, case: Case, values: dict[str, Any]) -> Any:
        return services.plan_save(**self.service_arguments(case), **values)


@documented(
    "services",
    "Services delivered to the person",
    "Record a service delivered",
    CaseServiceWriteSerializer,
    CaseServiceSerializer,
)
class CaseServicesView(CaseItemsView):
    write_serializer = CaseServiceWriteSerializer
    read_serializer = CaseServiceSerializer

    def items(self, case: Case) -> Any:
        return case.services.order_by("-delivered_on", "-created_at")

    def create(self, case: Case, values: dict[str, Any]) -> Any:
        return services.service_record(**self.service_arguments(case), **values)


@documented(
    "events",
    "Trafficking events (recruitment, transit, exploitation) of a case",
    "Record a trafficking event",
    CaseEventWriteSerializer,
    CaseEventSerializer,
)
class CaseEventsView(CaseItemsView):
    write_serializer = CaseEventWriteSerializer
    read_serializer = CaseEventSerializer

    def items(self, case: Case) -> Any:
        return case.events.all()

    def create(self, case: Case, values: dict[str, Any]) -> Any:
        return services.event_record(**self.service_arguments(case), **values)


@documented(
    "proceedings",
    "Criminal, civil and administrative proceedings of a case",
    "Record proceedings",
    CaseProceedingWriteSerializer,
    CaseProceedingSerializer,
)
class CaseProceedingsView(CaseItemsView):
    write_serializer = CaseProceedingWriteSerializer
    read_serializer = CaseProceedingSerializer

    def items(self, case: Case) -> Any:
        return case.proceedings.order_by("-created_at")

    def create(self, case: Case, values: dict[str, Any]) -> Any:
        return services.proceeding_save(**self.service_arguments(case), **values)


@documented("tasks", "Tasks of a case", "Add a task", CaseTaskWriteSerializer, CaseTaskSerializer)
class CaseTasksView(CaseItemsView):
    write_serializer = CaseTaskWriteSerializer
    read_serializer = CaseTaskSerializer

    def items(self, case: Case) -> Any:
        return reads.tasks_of(case)

    def create(self, case: Case, values: dict[str, Any]) -> Any:
        values.setdefault("owner", self.request.user)
        return services.task_save(**self.service_arguments(case), **values)


@documented(
    "notes",
    "Notes on a case, newest first",
    "Add a note",
    CaseNoteWriteSerializer,
    CaseNoteSerializer,
)
class CaseNotesView(CaseItemsView):
    write_serializer = CaseNoteWriteSerializer
    read_serializer = CaseNoteSerializer

    def items(self, case: Case) -> Any:
        return case.notes.select_related("author")

    def create(self, case: Case, values: dict[str, Any]) -> Any:
        return services.note_add(**self.service_arguments(case), **values)
