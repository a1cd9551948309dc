"""HTCDS 2.0 interchange over the API: export the cases you may export, import a file."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from haven.accounts import selectors as account_selectors
from haven.accounts.roles import Cap
from haven.api.problems import problem
from haven.cases import htcds
from haven.cases.apis._common import PROBLEM, REGISTER, CaseAPIView
from haven.cases.views.htcds import MAX_UPLOAD_BYTES


class ImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField()
    dry_run = serializers.BooleanField(default=False)
    skip_duplicates = serializers.BooleanField(default=False)


ImportReportSerializer = inline_serializer(
    name="HtcdsImportReport",
    fields={
        "ok": serializers.BooleanField(),
        "dry_run": serializers.BooleanField(),
        "summary": serializers.CharField(),
        "errors": serializers.ListField(child=serializers.DictField()),
        "duplicates": serializers.ListField(child=serializers.DictField()),
        "created": serializers.ListField(child=serializers.CharField()),
    },
)


class HtcdsExportView(CaseAPIView):
    capabilities = {"GET": (Cap.CASE_EXPORT_HTCDS,)}

    @extend_schema(
        parameters=[OpenApiParameter("output", str, enum=list(htcds.FORMATS), default="xlsx")],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 400: PROBLEM},
        summary="Export the cases you may export as an HTCDS 2.0 file (identifying; audited)",
    )
    def get(self, request: Request) -> HttpResponse:
        fmt = request.query_params.get("output", "xlsx")
        if fmt not in htcds.FORMATS:
            return problem(400, "output must be xlsx or csv.")
        result = htcds.build_export(request.user, fmt, request=request._request)
        response = HttpResponse(result.content, content_type=result.content_type)
        response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
        response["Cache-Control"] = "private, no-store"
        return response


class HtcdsImportView(CaseAPIView):
    capabilities = {"POST": REGISTER}
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": ImportRequestSerializer},
        responses={200: ImportReportSerializer, 400: ImportReportSerializer},
        summary="Import an HTCDS 2.0 file (.xlsx or .csv): all rows or none, with a report",
    )
    def post(self, request: Request) -> Response:
        data = ImportRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        name = upload.name.lower()
        if not name.endswith((".xlsx", ".csv")) or upload.size > MAX_UPLOAD_BYTES:
            return problem(400, "Upload an .xlsx or .csv file of at most 20 MB.")
        org = account_selectors.acting_organisation(
            actor=request.user, capability=Cap.CASE_REGISTER
        )
        report = htcds.import_cases(
            request.user,
            org,
            upload.read(),
            "xlsx" if name.endswith(".xlsx") else "csv",
            dry_run=data.validated_data["dry_run"],
            skip_duplicates=data.validated_data["skip_duplicates"],
            request=request._request,
        )
        body = {
            "ok": report.ok,
            "dry_run": report.dry_run,
            "summary": report.summary(),
            "errors": [
                {"row": e.row, "column": e.column, "message": e.message, "sheet": e.sheet}
                for e in report.errors
            ],
            "duplicates": [
                {
                    "row": d.row,
                    "cases": list(d.cases),
                    "rows": list(d.rows),
                    "reasons": list(d.reasons),
                }
                for d in report.duplicates
            ],
            "created": report.created,
        }
        return Response(
            body, status=status.HTTP_200_OK if report.ok else status.HTTP_400_BAD_REQUEST
        )
