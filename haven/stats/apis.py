"""Aggregates API: the dashboard's sections as JSON, with the same filters, scope and
small-cell rule as the pages."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.accounts.roles import Cap
from haven.api.permissions import requires
from haven.api.problems import problem
from haven.stats import sections, selectors
from haven.stats.aggregates import total
from haven.stats.forms import FilterForm
from haven.stats.serializers import StatsChartSerializer, StatsOverviewSerializer

FILTERS = [
    OpenApiParameter("year", int, description="Year of identification."),
    OpenApiParameter("date_from", str, description="Identified on or after (YYYY-MM-DD)."),
    OpenApiParameter("date_to", str, description="Identified on or before (YYYY-MM-DD)."),
    OpenApiParameter("region", str, description="Region of the organisations."),
    OpenApiParameter("organisation", str, description="Organisation id (UUID)."),
    OpenApiParameter("exploitation", str, description="HTCDS exploitation type code."),
]


def _context(request: Request) -> sections.Context | Response:
    form = FilterForm(request.query_params or None, actor=request.user)
    if form.is_bound and not form.is_valid():
        return problem(
            400,
            _("Some filters are not valid."),
            errors=[
                {"field": field, "message": str(messages[0]), "code": "invalid"}
                for field, messages in form.errors.items()
            ],
        )
    return sections.Context(
        actor=request.user, filters=form.filters(), k=selectors.small_cell_threshold()
    )


class StatsOverviewView(APIView):
    permission_classes = [requires(Cap.STATS_DASHBOARD)]

    @extend_schema(
        parameters=FILTERS,
        responses=StatsOverviewSerializer,
        summary="People counted and the dashboard sections available",
    )
    def get(self, request: Request) -> Response:
        ctx = _context(request)
        if isinstance(ctx, Response):
            return ctx
        data: dict[str, Any] = {
            "total": total(ctx).as_json(),
            "small_cell_threshold": ctx.k,
            "sections": [{"key": s.key, "title": str(s.title)} for s in sections.ordered()],
        }
        return Response(data)


class StatsSectionView(APIView):
    permission_classes = [requires(Cap.STATS_DASHBOARD)]

    @extend_schema(
        parameters=FILTERS,
        responses=StatsChartSerializer,
        summary="One dashboard section's aggregates (small cells withheld)",
    )
    def get(self, request: Request, key: str) -> Response:
        ctx = _context(request)
        if isinstance(ctx, Response):
            return ctx
        chart = sections.build_one(ctx, key)
        if chart is None:
            raise Http404
        return Response(chart.as_json())
