"""CTDC anonymised exports: choose k and filters, see what was generalised or suppressed,
download the file."""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from haven.accounts.mixins import CapabilityRequiredMixin, paginate
from haven.accounts.roles import Cap
from haven.stats import selectors, services
from haven.stats.anonymise.hierarchies import HIERARCHIES
from haven.stats.forms import ExportForm
from haven.stats.views.dashboard import _download


class ExportView(CapabilityRequiredMixin, View):
    capability = Cap.STATS_EXPORT

    def _page(self, request: HttpRequest, form: ExportForm, status: int = 200) -> HttpResponse:
        page = paginate(request, selectors.exports(actor=request.user))
        return render(request, "stats/export.html", {"form": form, "page_obj": page}, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._page(request, ExportForm(actor=request.user))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ExportForm(request.POST, actor=request.user)
        if not form.is_valid():
            return self._page(request, form, status=400)
        try:
            export = services.export_create(
                actor=request.user,
                k=form.cleaned_data["k"],
                filters=form.filters(),
                request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self._page(request, form, status=400)
        return redirect("stats:export_detail", pk=export.pk)


class ExportDetailView(CapabilityRequiredMixin, View):
    capability = Cap.STATS_EXPORT

    def get(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        export = selectors.export_get(actor=request.user, pk=pk)
        report = export.report
        generalised = [
            {
                "name": name,
                "levels": [
                    (level, report["generalised"].get(name, {}).get(level, 0))
                    for level in HIERARCHIES[name].names
                    if name in HIERARCHIES
                ],
            }
            for name in report.get("quasi_identifiers", [])
        ]
        return render(
            request,
            "stats/export_detail.html",
            {"export": export, "report": report, "generalised": generalised},
        )


class ExportDownloadView(CapabilityRequiredMixin, View):
    capability = Cap.STATS_EXPORT

    def get(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        export = selectors.export_get(actor=request.user, pk=pk)
        content = services.export_download(actor=request.user, export=export, request=request)
        stamp = export.created_at.strftime("%Y%m%d")
        return _download(content, "text/csv; charset=utf-8", f"ctdc-k{export.k}-{stamp}.csv")
