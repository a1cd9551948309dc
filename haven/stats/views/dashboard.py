"""The dashboard (sections as charts with a table view) and each chart as SVG or CSV."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views import View

from haven.accounts import policy
from haven.accounts.mixins import CapabilityRequiredMixin
from haven.accounts.roles import Cap
from haven.stats import render as drawing
from haven.stats import sections, selectors
from haven.stats.aggregates import total
from haven.stats.forms import FilterForm


def context_for(request: HttpRequest) -> tuple[FilterForm, sections.Context]:
    form = FilterForm(request.GET or None, actor=request.user)
    filters = form.filters()
    return form, sections.Context(
        actor=request.user, filters=filters, k=selectors.small_cell_threshold()
    )


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


class DashboardView(CapabilityRequiredMixin, View):
    capability = Cap.STATS_DASHBOARD

    def get(self, request: HttpRequest) -> HttpResponse:
        form, ctx = context_for(request)
        query = urlencode(ctx.filters.as_query())
        charts: list[dict[str, Any]] = [
            {"chart": chart, "svg": drawing.svg(chart, fluid=True), "query": query}
            for chart in sections.build(ctx)
        ]
        return render(
            request,
            "stats/dashboard.html",
            {
                "form": form,
                "filtered": ctx.filters.active(),
                "charts": charts,
                "total": total(ctx),
                "k": ctx.k,
                "can_export": policy.can(request.user, Cap.STATS_EXPORT),
            },
        )


class ChartView(CapabilityRequiredMixin, View):
    """``/stats/charts/<key>.svg`` and ``.csv``: one section, same filters as the page."""

    capability = Cap.STATS_DASHBOARD
    fmt = "svg"

    def get(self, request: HttpRequest, key: str) -> HttpResponse:
        _form, ctx = context_for(request)
        chart = sections.build_one(ctx, key)
        if chart is None:
            raise Http404
        if self.fmt == "csv":
            return _download(drawing.csv_bytes(chart), "text/csv; charset=utf-8", f"{key}.csv")
        response = _download(drawing.svg(chart).encode("utf-8"), "image/svg+xml", f"{key}.svg")
        if request.GET.get("inline"):
            response["Content-Disposition"] = "inline"
        return response
