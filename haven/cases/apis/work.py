"""Documents of a case (encrypted uploads, audited downloads) and the user's tasks."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from haven.cases import selectors, services
from haven.cases.apis import reads
from haven.cases.apis._common import EDIT, PROBLEM, READ, CaseAPIView
from haven.cases.apis.uploads import MemoryOnlyUploadHandler
from haven.cases.serializers import (
    CaseDocumentSerializer,
    CaseDocumentUploadSerializer,
    CaseTaskSerializer,
)
from haven.cases.services.work import document_open

EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}


class CaseDocumentsView(CaseAPIView):
    capabilities = {"GET": READ, "POST": EDIT}
    parser_classes = [MultiPartParser]

    def initialize_request(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Request:
        if request.method == "POST":
            request.upload_handlers = [MemoryOnlyUploadHandler(request)]
        return super().initialize_request(request, *args, **kwargs)

    @extend_schema(
        responses={200: CaseDocumentSerializer(many=True), 404: PROBLEM},
        summary="Documents of a case (without their content)",
        operation_id="cases_documents_list",
    )
    def get(self, request: Request, pk: UUID) -> Response:
        case = selectors.case_get(actor=request.user, pk=pk, request=request._request)
        return Response(CaseDocumentSerializer(reads.documents_of(case), many=True).data)

    @extend_schema(
        request=CaseDocumentUploadSerializer,
        responses={201: CaseDocumentSerializer, 400: PROBLEM, 404: PROBLEM},
        summary="Upload a document (PDF, PNG or JPEG; encrypted before it is stored)",
        operation_id="cases_documents_create",
    )
    def post(self, request: Request, pk: UUID) -> Response:
        case = selectors.case_get(actor=request.user, pk=pk, audit=False)
        data = CaseDocumentUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        document = services.document_add(
            actor=request.user,
            case=case,
            kind=data.validated_data["kind"],
            name=upload.name or "",
            data=upload.read(),
            request=request._request,
        )
        return Response(CaseDocumentSerializer(document).data, status=status.HTTP_201_CREATED)


class CaseDocumentDownloadView(CaseAPIView):
    # As on the case page: reading a case lists its documents, opening one needs CASE_EDIT.
    capabilities = {"GET": EDIT}

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        # The file is not rendered: any Accept header will do (errors still come as JSON).
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            (200, "image/png"): OpenApiTypes.BINARY,
            (200, "image/jpeg"): OpenApiTypes.BINARY,
            404: PROBLEM,
        },
        summary="Download a document (decrypted, as an attachment; audited)",
        operation_id="cases_documents_download",
    )
    def get(self, request: Request, pk: UUID, document: UUID) -> HttpResponse:
        case = selectors.case_get(actor=request.user, pk=pk, audit=False)
        item = reads.document_of(case, document)
        content = document_open(actor=request.user, document=item, request=request._request)
        response = HttpResponse(content, content_type=item.content_type)
        # A neutral file name: the uploaded one may name the person.
        filename = f"{case.reference}-{item.kind}-{str(item.pk)[:8]}"
        filename += f".{EXTENSIONS.get(item.content_type, 'bin')}"
        response["Content-Disposition"] = content_disposition_header(True, filename)
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class MyTaskListView(CaseAPIView, GenericAPIView):
    capabilities = {"GET": READ}
    serializer_class = CaseTaskSerializer

    @extend_schema(
        responses=CaseTaskSerializer(many=True),
        summary="Your open tasks, soonest first (with an overdue flag)",
        operation_id="tasks_list",
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(
            selectors.my_tasks(actor=request.user).select_related("owner")
        )
        return self.get_paginated_response(CaseTaskSerializer(page, many=True).data)


class TaskDoneView(CaseAPIView):
    capabilities = {"POST": EDIT}

    @extend_schema(
        request=None,
        responses={200: CaseTaskSerializer, 404: PROBLEM},
        summary="Mark a task done",
        operation_id="tasks_done",
    )
    def post(self, request: Request, pk: UUID) -> Response:
        task = reads.task_get(actor=request.user, pk=pk)
        task = services.task_done(actor=request.user, task=task, request=request._request)
        return Response(CaseTaskSerializer(task).data)
