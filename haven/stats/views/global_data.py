"""The CTDC global dataset: import it (analysis area, apart from case data) and compare the
profile of the cases in view with it, side by side."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from haven.accounts import policy
from haven.accounts.mixins import CapabilityRequiredMixin
from haven.accounts.roles import Cap
from haven.stats import compare, selectors, services
from haven.stats.forms import DatasetForm
from haven.stats.models import JobStatus
from haven.stats.views.dashboard import context_for


class DatasetListView(CapabilityRequiredMixin, View):
    capability = Cap.STATS_DASHBOARD

    def _page(self, request: HttpRequest, form: DatasetForm, status: int = 200) -> HttpResponse:
        can_import = policy.can(request.user, Cap.STATS_EXPORT)
        return render(
            request,
            "stats/global.html",
            {
                "form": form if can_import else None,
                "datasets": selectors.datasets(actor=request.user)[:50],
                "can_import": can_import,
            },
            status=status,
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._page(request, DatasetForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        if not policy.can(request.user, Cap.STATS_EXPORT):
            raise PermissionDenied
        form = DatasetForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._page(request, form, status=400)
        try:
            dataset = services.dataset_import(
                actor=request.user,
                name=form.cleaned_data["name"],
                content=form.cleaned_data["file"].read(),
                request=request,
            )
        except ValidationError as exc:
            form.add_error("file", exc.message_dict.get("file", exc.messages))
            return self._page(request, form, status=400)
        return redirect("stats:global_detail", pk=dataset.pk)


class DatasetDetailView(CapabilityRequiredMixin, View):
    capability = Cap.STATS_DASHBOARD

    def get(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        dataset = selectors.dataset_get(actor=request.user, pk=pk)
        form, ctx = context_for(request)
        ready = dataset.status == JobStatus.DONE
        return render(
            request,
            "stats/global_detail.html",
            {
                "dataset": dataset,
                "form": form,
                "filtered": ctx.filters.active(),
                "tables": compare.compare(ctx, dataset) if ready else [],
                "global_total": compare.global_total(dataset, ctx.filters.year) if ready else 0,
                "k": ctx.k,
                "ready": ready,
                "can_delete": policy.can(request.user, Cap.STATS_EXPORT, dataset),
            },
        )


class DatasetDeleteView(CapabilityRequiredMixin, View):
    capability = Cap.STATS_EXPORT

    def get(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        dataset = selectors.dataset_get(actor=request.user, pk=pk)
        return render(request, "stats/global_delete.html", {"dataset": dataset})

    def post(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        dataset = selectors.dataset_get(actor=request.user, pk=pk)
        services.dataset_delete(actor=request.user, dataset=dataset, request=request)
        messages.success(request, _("The imported dataset was deleted."))
        return redirect("stats:global")
