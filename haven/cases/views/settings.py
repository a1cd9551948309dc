"""Per-country rules (system administrators): the recovery and reflection period."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_countries import countries

from haven.accounts.mixins import CapabilityRequiredMixin
from haven.accounts.roles import Cap
from haven.cases import services
from haven.cases.models import CountrySetting
from haven.cases.services.cases import DEFAULT_REFLECTION_DAYS


class CountrySettingForm(forms.Form):
    country = forms.ChoiceField(label=gettext_lazy("Country"), choices=[])
    reflection_days = forms.IntegerField(
        label=gettext_lazy("Recovery and reflection period (days)"),
        min_value=30,
        max_value=365,
        help_text=gettext_lazy(
            "At least 30 days (Council of Europe Convention, art. 13); the "
            "law of the country may give more."
        ),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["country"].choices = list(countries)  # type: ignore[attr-defined]


class CountrySettingsView(CapabilityRequiredMixin, View):
    capability = Cap.ORGS_MANAGE

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(
            request, CountrySettingForm(initial={"reflection_days": DEFAULT_REFLECTION_DAYS})
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CountrySettingForm(request.POST)
        if not form.is_valid():
            return self._render(request, form)
        services.country_setting_save(actor=request.user, request=request, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("cases:country_settings")

    def _render(self, request: HttpRequest, form: CountrySettingForm) -> HttpResponse:
        return render(
            request,
            "cases/country_settings.html",
            {
                "form": form,
                "settings": CountrySetting.objects.order_by("country"),
                "default_days": DEFAULT_REFLECTION_DAYS,
            },
        )
