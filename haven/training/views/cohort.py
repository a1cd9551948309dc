"""The trainer's cohort view of a workshop, its export and the certificates of completion."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View

from haven.accounts.mixins import CapabilityRequiredMixin
from haven.screening.presenting import ui_language
from haven.training import services
from haven.training.certificates import certificates_pdf
from haven.training.cohort import cohort
from haven.training.exports import FORMATS, export
from haven.training.views.common import MANAGE
from haven.training.views.workshops import managed_workshop


def _filename(workshop: Any, suffix: str) -> str:
    base = slugify(workshop.title)[:40] or "workshop"
    return f"{base}-{workshop.starts_on:%Y%m%d}-{suffix}"


class CohortView(CapabilityRequiredMixin, View):
    capability = MANAGE

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        workshop = managed_workshop(request, pk)
        data = cohort(workshop, ui_language())
        lang = ui_language()
        return render(
            request,
            "training/cohort.html",
            {
                "workshop": workshop,
                "cohort": data,
                "cases": [
                    {
                        "id": row.case.id,
                        "title": row.case.title.get(lang),
                        "submitted": row.submitted,
                        "matches": row.outcome_matches,
                        "mean": row.mean_score,
                    }
                    for row in data.cases
                ],
            },
        )


class CohortExportView(CapabilityRequiredMixin, View):
    """``?format=csv`` or ``xlsx``: one row per trainee (and, in XLSX, the indicators)."""

    capability = MANAGE

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        workshop = managed_workshop(request, pk)
        kind = request.GET.get("format", "csv")
        if kind not in FORMATS:
            raise Http404
        data, content_type, rows = export(cohort(workshop, ui_language()), kind)
        services.workshop_record_export(
            actor=request.user, workshop=workshop, kind=kind, rows=rows, request=request
        )
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="{_filename(workshop, "results")}.{kind}"'
        )
        response["Cache-Control"] = "no-store"
        return response


class CertificatesView(CapabilityRequiredMixin, View):
    """The certificates of every trainee who completed the workshop (post-test and every
    assigned exercise), or of one (``?enrolment=<id>``), as one PDF."""

    capability = MANAGE

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        workshop = managed_workshop(request, pk)
        completed = cohort(workshop, ui_language()).completed
        wanted = request.GET.get("enrolment")
        if wanted:
            completed = [r for r in completed if str(r.enrolment.pk) == wanted]
        if not completed:
            messages.error(
                request,
                _(
                    "No certificate to print: a trainee completes the workshop with the "
                    "post-test and every assigned exercise."
                ),
            )
            return redirect("training:cohort", pk=workshop.pk)
        pdf = certificates_pdf(workshop, [row.trainee for row in completed])
        services.workshop_record_export(
            actor=request.user, workshop=workshop, kind="pdf", rows=len(completed), request=request
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="{_filename(workshop, "certificates")}.pdf"'
        )
        response["Cache-Control"] = "no-store"
        return response
