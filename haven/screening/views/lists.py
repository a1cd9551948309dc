"""The list of screenings."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from haven.accounts.mixins import CapabilityRequiredMixin, paginate
from haven.accounts.roles import Cap
from haven.screening import selectors
from haven.screening.forms import ScreeningFilterForm
from haven.screening.views.common import instrument_titles


class ScreeningListView(CapabilityRequiredMixin, View):
    capability = Cap.SCREENING_RUN

    def get(self, request: HttpRequest) -> HttpResponse:
        form = ScreeningFilterForm(request.GET or None)
        filters = {}
        if request.GET and form.is_valid():
            filters = {k: v for k, v in form.cleaned_data.items() if v}
        screenings = selectors.screening_list(actor=request.user, **filters)
        page = paginate(request, screenings)
        titles = instrument_titles()
        rows = [(s, titles.get(s.instrument, s.instrument)) for s in page.object_list]
        return render(
            request,
            "screening/list.html",
            {"form": form, "page_obj": page, "rows": rows, "filtered": bool(filters)},
        )
