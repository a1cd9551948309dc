"""The service directory: search it (anyone who may refer); publish and change your
organisation's services (organisation administrators and those who answer referrals)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from haven.accounts import policy
from haven.accounts.mixins import CapabilityRequiredMixin, paginate
from haven.accounts.roles import Cap
from haven.core.forms import add_errors as form_errors
from haven.referrals import selectors, services
from haven.referrals.forms import DirectoryFilterForm, ServiceForm
from haven.referrals.models import Service
from haven.referrals.projection import language_labels

MANAGE = (Cap.REFERRAL_ANSWER, Cap.USERS_MANAGE)


def _with_languages(page: Page) -> None:
    for service in page.object_list:
        service.language_labels = language_labels(service.languages)


class DirectoryView(CapabilityRequiredMixin, View):
    capability = Cap.REFERRAL_SEND

    def get(self, request: HttpRequest) -> HttpResponse:
        form = DirectoryFilterForm(request.GET or None)
        filters = form.filters()
        page = paginate(request, selectors.service_directory(actor=request.user, **filters))
        _with_languages(page)
        return render(
            request,
            "referrals/directory.html",
            {
                "form": form,
                "page_obj": page,
                "filtered": any(filters.values()),
                "can_manage": policy.has_any(request.user, *MANAGE),
            },
        )


class ServiceListView(CapabilityRequiredMixin, View):
    capability = MANAGE

    def get(self, request: HttpRequest) -> HttpResponse:
        page = paginate(request, selectors.managed_services(actor=request.user))
        _with_languages(page)
        return render(request, "referrals/service_list.html", {"page_obj": page})


class ServiceCreateView(CapabilityRequiredMixin, View):
    capability = MANAGE

    def _form(self, request: HttpRequest, data: Any = None) -> ServiceForm:
        return ServiceForm(
            data,
            organisations=selectors.service_organisations(request.user),
            initial={"is_active": True},
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "referrals/service_form.html", {"form": self._form(request)})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self._form(request, request.POST)
        if form.is_valid():
            try:
                services.service_create(
                    actor=request.user,
                    organisation=form.cleaned_data["organisation"],
                    request=request,
                    **form.values(),
                )
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                messages.success(request, _("The service is saved."))
                return redirect("referrals:service_list")
        return render(request, "referrals/service_form.html", {"form": form})


class ServiceEditView(CapabilityRequiredMixin, View):
    capability = MANAGE

    def _form(self, request: HttpRequest, service: Service, data: Any = None) -> ServiceForm:
        return ServiceForm(
            data,
            organisations=selectors.service_organisations(request.user).filter(
                pk=service.organisation_id
            ),
            initial=ServiceForm.initial_for(service),
        )

    def get(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        service = selectors.managed_service_get(actor=request.user, pk=pk)
        form = self._form(request, service)
        return render(request, "referrals/service_form.html", {"form": form, "service": service})

    def post(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        service = selectors.managed_service_get(actor=request.user, pk=pk)
        form = self._form(request, service, request.POST)
        if form.is_valid():
            try:
                services.service_update(
                    actor=request.user, service=service, request=request, **form.values()
                )
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                messages.success(request, _("The service is saved."))
                return redirect("referrals:service_list")
        return render(request, "referrals/service_form.html", {"form": form, "service": service})
