"""Annual reports: ask for one, watch its progress (htmx polling), download PDF or XLSX."""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from haven.accounts.mixins import CapabilityRequiredMixin, paginate
from haven.accounts.roles import Cap
from haven.stats import selectors, services
from haven.stats.forms import ReportForm
from haven.stats.models import JobStatus
from haven.stats.views.dashboard import _download

FILES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ReportListView(CapabilityRequiredMixin, View):
    capability = Cap.STATS_DASHBOARD

    def _page(self, request: HttpRequest, form: ReportForm, status: int = 200) -> HttpResponse:
        page = paginate(request, selectors.reports(actor=request.user))
        return render(
            request, "stats/reports.html", {"form": form, "page_obj": page}, status=status
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._page(request, ReportForm(actor=request.user))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ReportForm(request.POST, actor=request.user)
        if not form.is_valid():
            return self._page(request, form, status=400)
        try:
            report = services.report_request(
                actor=request.user,
                year=form.cleaned_data["year"],
                organisation=form.chosen_organisation(),
                country=form.cleaned_data.get("country") or "",
                request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self._page(request, form, status=400)
        return redirect("stats:report_detail", pk=report.pk)


class ReportDetailView(CapabilityRequiredMixin, View):
    capability = Cap.STATS_DASHBOARD
    template = "stats/report_detail.html"

    def get(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        report = selectors.report_get(actor=request.user, pk=pk)
        finished = report.status in (JobStatus.DONE, JobStatus.FAILED)
        return render(request, self.template, {"report": report, "finished": finished})


class ReportProgressView(ReportDetailView):
    """The progress fragment the detail page polls (every 2 s until the report is ready)."""

    template = "stats/_report_progress.html"


class ReportFileView(CapabilityRequiredMixin, View):
    capability = Cap.STATS_DASHBOARD

    def get(self, request: HttpRequest, pk: UUID, kind: str) -> HttpResponse:
        if kind not in FILES:
            raise Http404
        report = selectors.report_get(actor=request.user, pk=pk)
        if report.status != JobStatus.DONE:
            return redirect("stats:report_detail", pk=report.pk)
        content = services.report_download(
            actor=request.user, report=report, kind=kind, request=request
        )
        return _download(content, FILES[kind], f"haven-annual-report-{report.year}.{kind}")
