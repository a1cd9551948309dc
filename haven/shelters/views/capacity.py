"""Free capacity across shelters (coordinators and shelter managers): no address, no
resident, only counts, so that a referral goes where there is room; and its CSV export."""

from __future__ import annotations

import csv
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views import View

from haven.accounts import policy
from haven.accounts.mixins import CapabilityRequiredMixin, paginate
from haven.audit.services import record
from haven.core.spreadsheets import neutralise
from haven.shelters import actions, selectors
from haven.shelters.forms import CapacityFilterForm

CAPACITY = selectors.CAPACITY_CAPS


def _filters(form: CapacityFilterForm) -> dict[str, Any]:
    if not form.is_valid():
        return {}
    data = form.cleaned_data
    return {
        "search": data["q"].strip(),
        "country": data["country"],
        "shelter_type": data["type"],
        "need": data["need"],
        "free_only": data["free_only"],
    }


class CapacityView(CapabilityRequiredMixin, View):
    capability = CAPACITY

    def get(self, request: HttpRequest) -> HttpResponse:
        form = CapacityFilterForm(request.GET or None)
        filters = _filters(form)
        rows = selectors.capacity(actor=request.user, **filters)
        total = selectors.Occupancy()
        for row in rows:
            total.add(row.occupancy)
        page = paginate(request, rows)
        return render(
            request,
            "shelters/capacity.html",
            {
                "form": form,
                "page_obj": page,
                "total": total,
                "filtered": any(filters.values()),
                "query": request.GET.urlencode(),
            },
        )


def _cell(value: Any) -> str:
    """Spreadsheet-safe text: a leading formula character is neutralised."""
    return str(neutralise(str(value)))


class CapacityExportView(CapabilityRequiredMixin, View):
    """The same rows as CSV (counts only; the export is audited)."""

    capability = CAPACITY

    def get(self, request: HttpRequest) -> HttpResponse:
        rows = selectors.capacity(actor=request.user, **_filters(CapacityFilterForm(request.GET)))
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.now().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="shelter-capacity-{stamp}.csv"'
        response["Cache-Control"] = "no-store"
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow(
            [
                _("Shelter"),
                _("Organisation"),
                _("Country"),
                _("Region"),
                _("Who for"),
                _("Beds"),
                pgettext("bed", "Free"),
                _("Occupied"),
                _("Reserved"),
                _("Out of service"),
                _("Free child-appropriate"),
                _("Free accessible"),
                _("Free cots"),
            ]
        )
        for row in rows:
            o = row.occupancy
            writer.writerow(
                [_cell(v) for v in (row.name, row.organisation, row.country, row.region)]
                + [row.type_label, o.beds, o.free, o.occupied, o.reserved, o.out_of_service]
                + [o.free_child, o.free_accessible, o.free_cot]
            )
        record(
            actor=request.user,
            action=actions.CAPACITY_EXPORTED,
            request=request,
            organisation=next(iter(policy.roles_in(request.user)), None),
            details={"shelters": len(rows)},
        )
        return response
