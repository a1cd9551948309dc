"""Register a person and open a case, after checking for people already known."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from haven.accounts import selectors as account_selectors
from haven.accounts.mixins import CapabilityRequiredMixin
from haven.accounts.roles import Cap
from haven.cases import selectors, services
from haven.cases.forms import RegisterForm
from haven.core.forms import add_errors as form_errors


class RegisterView(CapabilityRequiredMixin, View):
    capability = Cap.CASE_REGISTER
    template_name = "cases/register.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = RegisterForm(initial={"identified_on": timezone.localdate()})
        return render(request, self.template_name, {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = RegisterForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form})
        data = form.cleaned_data
        person_fields = form.person_fields()
        if not data.get("confirm_new_person"):
            candidates = selectors.duplicate_candidates(
                actor=request.user,
                family_name=person_fields["family_name"],
                given_names=person_fields["given_names"],
                aliases=person_fields["aliases"],
                birth_date=person_fields["birth_date"],
                sex=person_fields["sex"],
                request=request,
            )
            if candidates:
                confirm = RegisterForm(
                    {
                        **request.POST.dict(),
                        "confirm_new_person": "True",
                        **{
                            k: request.POST.getlist(k)
                            for k in ("languages", "citizenship", "exploitation_types")
                        },
                    }
                )
                confirm.is_valid()
                return render(
                    request,
                    self.template_name,
                    {
                        "form": confirm,
                        "candidates": candidates,
                    },
                )
        organisation = self._organisation(request)
        try:
            with transaction.atomic():
                person = services.person_register(
                    actor=request.user, organisation=organisation, request=request, **person_fields
                )
                case = services.case_open(
                    actor=request.user,
                    person=person,
                    request=request,
                    reasons_to_believe_child=data["reasons_to_believe_child"],
                    identified_on=data["identified_on"],
                    exploitation_types=data["exploitation_types"],
                )
        except ValidationError as exc:
            form_errors(form, exc)
            return render(request, self.template_name, {"form": form})
        messages.success(request, _("Case {reference} is open.").format(reference=case.reference))
        return redirect("cases:detail", pk=case.pk)

    def _organisation(self, request: HttpRequest) -> Any:
        return account_selectors.acting_organisation(
            actor=request.user, capability=Cap.CASE_REGISTER
        )
