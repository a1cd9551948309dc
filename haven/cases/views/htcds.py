"""HTCDS 2.0 interchange pages: export the organisation's cases, import a file with a
per-row report (all-or-nothing per file)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views import View

from haven.accounts import selectors as account_selectors
from haven.accounts.mixins import CapabilityRequiredMixin
from haven.accounts.roles import Cap
from haven.cases import htcds

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
FORMAT_CHOICES = [("xlsx", _("Excel (IOM HTCDS 2.0 template)")), ("csv", _("CSV (UTF-8)"))]


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"), choices=FORMAT_CHOICES, widget=forms.RadioSelect, initial="xlsx"
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("HTCDS file (.xlsx or .csv, up to 20 MB)"))
    dry_run = forms.BooleanField(
        label=_("Check only: report problems, write nothing"), required=False, initial=True
    )
    skip_duplicates = forms.BooleanField(
        label=_("Leave out rows that are likely people already known"), required=False
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        name = upload.name.lower()
        if not name.endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Upload an .xlsx or .csv file."))
        return upload


class ExportView(CapabilityRequiredMixin, View):
    capability = Cap.CASE_EXPORT_HTCDS

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "cases/htcds_export.html", {"form": ExportForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ExportForm(request.POST)
        if not form.is_valid():
            return render(request, "cases/htcds_export.html", {"form": form})
        result = htcds.build_export(request.user, form.cleaned_data["format"], request=request)
        response = HttpResponse(result.content, content_type=result.content_type)
        response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
        response["Cache-Control"] = "no-store"
        return response


class ImportView(CapabilityRequiredMixin, View):
    capability = Cap.CASE_REGISTER

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "cases/htcds_import.html", {"form": ImportForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, "cases/htcds_import.html", {"form": form})
        upload = form.cleaned_data["file"]
        fmt = "xlsx" if upload.name.lower().endswith(".xlsx") else "csv"
        org = account_selectors.acting_organisation(
            actor=request.user, capability=Cap.CASE_REGISTER
        )
        report = htcds.import_cases(
            request.user,
            org,
            upload.read(),
            fmt,
            dry_run=form.cleaned_data["dry_run"],
            skip_duplicates=form.cleaned_data["skip_duplicates"],
            request=request,
        )
        return render(
            request,
            "cases/htcds_import.html",
            {
                "form": ImportForm(initial={"dry_run": False}),
                "report": report,
            },
        )
