"""Organisations: system administrators manage all; organisation administrators their own
organisation's settings (names, languages, mandatory two-factor authentication)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_countries import countries

from haven.accounts import policy, selectors, services
from haven.accounts.forms import OrganisationForm
from haven.accounts.mixins import CapabilityRequiredMixin, paginate
from haven.accounts.models import Organisation
from haven.accounts.roles import Cap
from haven.core.forms import add_errors as _form_errors


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False)
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        required=False,
        choices=[("", gettext_lazy("Any kind")), *Organisation.Kind.choices],
    )
    country = forms.ChoiceField(label=gettext_lazy("Country"), required=False, choices=[])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Any country")), *list(countries)]  # type: ignore[attr-defined]


class OrganisationListView(CapabilityRequiredMixin, View):
    capability = Cap.ORGS_MANAGE

    def get(self, request: HttpRequest) -> HttpResponse:
        form = OrganisationFilterForm(request.GET or None)
        filters: dict[str, Any] = {}
        if form.is_valid():
            filters = {
                "search": form.cleaned_data["q"].strip(),
                "kind": form.cleaned_data["kind"],
                "country": form.cleaned_data["country"],
            }
        page = paginate(request, selectors.organisation_list(actor=request.user, **filters))
        return render(
            request,
            "accounts/organisation_list.html",
            {
                "form": form,
                "page_obj": page,
                "filtered": any(filters.values()),
            },
        )


class OrganisationCreateView(CapabilityRequiredMixin, View):
    capability = Cap.ORGS_MANAGE

    def get(self, request: HttpRequest) -> HttpResponse:
        form = OrganisationForm(sysadmin=True, initial={"is_active": True})
        return render(request, "accounts/organisation_form.html", {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = OrganisationForm(request.POST, sysadmin=True)
        if form.is_valid():
            data = form.changes()
            data.pop("is_active", None)
            try:
                org = services.organisation_create(actor=request.user, request=request, **data)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("The organisation is created."))
                return redirect("accounts:organisation_detail", pk=org.pk)
        return render(request, "accounts/organisation_form.html", {"form": form})


def _editable(request: HttpRequest, pk: UUID) -> tuple[Organisation, bool]:
    org = selectors.organisation_get(actor=request.user, pk=pk)
    sysadmin = policy.can(request.user, Cap.ORGS_MANAGE)
    if not sysadmin and not policy.can(request.user, Cap.USERS_MANAGE, org):
        raise PermissionDenied
    return org, sysadmin


class OrganisationDetailView(CapabilityRequiredMixin, View):
    capability = (Cap.ORGS_MANAGE, Cap.USERS_MANAGE)

    def get(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        org, sysadmin = _editable(request, pk)
        return render(
            request,
            "accounts/organisation_detail.html",
            {
                "organisation": org,
                "member_count": org.memberships.filter(is_active=True).count(),
                "sysadmin": sysadmin,
            },
        )


class OrganisationEditView(CapabilityRequiredMixin, View):
    capability = (Cap.ORGS_MANAGE, Cap.USERS_MANAGE)

    def get(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        org, sysadmin = _editable(request, pk)
        form = OrganisationForm(sysadmin=sysadmin, initial=OrganisationForm.initial_for(org))
        return render(
            request, "accounts/organisation_form.html", {"form": form, "organisation": org}
        )

    def post(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        org, sysadmin = _editable(request, pk)
        form = OrganisationForm(request.POST, sysadmin=sysadmin)
        if form.is_valid():
            try:
                services.organisation_update(
                    actor=request.user, organisation=org, request=request, **form.changes()
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("The organisation is saved."))
                return redirect("accounts:organisation_detail", pk=org.pk)
        return render(
            request, "accounts/organisation_form.html", {"form": form, "organisation": org}
        )
