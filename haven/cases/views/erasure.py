"""Erasing a person's identity (with a confirmation that says exactly what goes), and the
organisation's retention rule."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from haven.accounts import selectors as account_selectors
from haven.accounts.mixins import CapabilityRequiredMixin
from haven.accounts.roles import Cap
from haven.cases import services
from haven.cases.models import RetentionRule
from haven.cases.services.erasure import ErasureReason, retention_due
from haven.cases.views.edit import FormPage
from haven.core.forms import add_errors


class EraseForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("Why is the identity erased?"),
        choices=[(c, label) for c, label in ErasureReason.choices if c != ErasureReason.RETENTION],
        widget=forms.RadioSelect,
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand that this cannot be undone."),
        error_messages={"required": gettext_lazy("Confirm that you understand.")},
    )


class PersonEraseView(FormPage):
    capability = Cap.CASE_TRANSITION
    title = gettext_lazy("Erase this person's identity")
    template_name = "cases/person_erase.html"

    def make_form(self, request: HttpRequest, case: Any, data: Any = None) -> forms.Form:
        return EraseForm(data)

    def save(self, request: HttpRequest, case: Any, form: forms.Form) -> None:
        services.person_erase(
            actor=request.user,
            person=case.person,
            reason=form.cleaned_data["reason"],
            request=request,
        )


class RetentionForm(forms.Form):
    organisation = forms.ChoiceField(label=gettext_lazy("Organisation"))
    identity_years = forms.IntegerField(
        label=gettext_lazy("Erase identity data this many years after a person's last case closed"),
        help_text=gettext_lazy("Leave empty to keep identity data until it is erased by hand."),
        required=False,
        min_value=1,
        max_value=100,
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in organisations}
        self.fields["organisation"].choices = [  # type: ignore[attr-defined]
            (pk, o.display_name) for pk, o in self.organisations.items()
        ]


class RetentionView(CapabilityRequiredMixin, View):
    """Organisation administrators set how long identity data is kept after closure."""

    capability = Cap.USERS_MANAGE

    def _organisations(self, request: HttpRequest) -> Any:
        return account_selectors.managed_organisations(actor=request.user).order_by("name")

    def get(self, request: HttpRequest) -> HttpResponse:
        organisations = self._organisations(request)
        first = organisations.first()
        rule = RetentionRule.objects.filter(organisation=first).first() if first else None
        initial = {
            "organisation": str(first.pk) if first else "",
            "identity_years": rule.identity_years if rule else None,
        }
        return self._render(request, RetentionForm(initial=initial, organisations=organisations))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = RetentionForm(request.POST, organisations=self._organisations(request))
        if form.is_valid():
            try:
                services.retention_rule_save(
                    actor=request.user,
                    organisation=form.organisations[form.cleaned_data["organisation"]],
                    identity_years=form.cleaned_data["identity_years"],
                    request=request,
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("cases:retention")
        return self._render(request, form)

    def _render(self, request: HttpRequest, form: RetentionForm) -> HttpResponse:
        rules = RetentionRule.objects.filter(
            organisation__in=self._organisations(request)
        ).select_related("organisation")
        return render(
            request,
            "cases/retention.html",
            {
                "form": form,
                "rules": [(rule, retention_due(rule).count()) for rule in rules],
            },
        )
