"""Forms of the referrals pages. They parse and validate input; services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from haven.accounts.forms import WORKING_LANGUAGES
from haven.accounts.models import Organisation
from haven.cases.vocab import ReferralReason
from haven.referrals.models import Service
from haven.referrals.vocab import (
    RESPONSE_DAYS,
    SCOPE_EXPLANATIONS,
    Category,
    Scope,
    Status,
    Urgency,
)


class ServiceForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), empty_label=None
    )
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    region = forms.CharField(
        label=_("Region"),
        max_length=120,
        required=False,
        help_text=_("Where the service is offered. Leave empty for the organisation's region."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=WORKING_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    capacity = forms.IntegerField(
        label=_("Free places"),
        min_value=0,
        required=False,
        help_text=_("Leave empty when places are not counted."),
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
    )
    contact = forms.CharField(
        label=_("Contact for referrals"),
        max_length=300,
        required=False,
        help_text=_("A public contact of the service, such as a duty phone: never a person's."),
    )
    description = forms.CharField(
        label=_("Description in English"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    description_zh = forms.CharField(
        label=_("Description in Chinese"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    is_active = forms.BooleanField(
        label=_("Published in the directory"),
        required=False,
        help_text=_("Organisations can refer people to published services only."),
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = organisations  # type: ignore[attr-defined]
        if organisations.count() == 1:
            field.widget = forms.HiddenInput()
            field.initial = organisations.first()

    @staticmethod
    def initial_for(service: Service) -> dict[str, Any]:
        return {
            "organisation": service.organisation_id,
            "category": service.category,
            "region": service.region,
            "languages": service.languages,
            "capacity": service.capacity,
            "contact": service.contact,
            "description": service.description,
            "description_zh": service.description_translations.get("zh-hans", ""),
            "is_active": service.is_active,
        }

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("organisation")
        chinese = data.pop("description_zh").strip()
        data["description_translations"] = {"zh-hans": chinese} if chinese else {}
        data["description"] = data["description"].strip()
        return data


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Organisation name"), required=False, max_length=200)
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("Any category")), *Category.choices]
    )
    country = forms.ChoiceField(label=_("Country"), required=False, choices=[])
    region = forms.CharField(label=_("Region"), required=False, max_length=120)
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("Any language")), *WORKING_LANGUAGES]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Any country")), *list(countries)]  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "search": data["q"].strip(),
            "category": data["category"],
            "country": data["country"],
            "region": data["region"].strip(),
            "language": data["language"],
        }


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *Status.choices]
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), required=False, choices=[("", _("Any urgency")), *Urgency.choices]
    )
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return dict(self.cleaned_data)


def _urgency_choices() -> list[tuple[str, Any]]:
    labels = {
        Urgency.ROUTINE: _("Routine: an answer within {days} days"),
        Urgency.URGENT: _("Urgent: an answer within {days} days"),
        Urgency.EMERGENCY: _("Emergency: an answer within {days} day"),
    }
    return [(u.value, str(labels[u]).format(days=RESPONSE_DAYS[u])) for u in Urgency]


def scope_choices() -> list[tuple[str, Any]]:
    return [
        (s.value, format_html("<strong>{}</strong>: {}", s.label, SCOPE_EXPLANATIONS[s]))
        for s in Scope
        if s != Scope.BASIC
    ]


class ReferralForm(forms.Form):
    services = forms.ModelMultipleChoiceField(
        label=_("Services requested"),
        queryset=Service.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one service.")},
    )
    urgency = forms.ChoiceField(
        label=_("How urgent is it?"),
        choices=[],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how urgent the referral is.")},
    )
    reason = forms.ChoiceField(
        label=_("Reason for the referral"),
        choices=ReferralReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the reason for the referral.")},
    )
    scopes = forms.MultipleChoiceField(
        label=_("What to share once they accept"),
        help_text=_(
            "Share only what the organisation needs to help. Basic details (the case "
            "reference, sex, age band, languages and whether the person may be a child) are "
            "always shared. Nothing else is visible before they accept, or after the person "
            "withdraws their consent."
        ),
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    message = forms.CharField(
        label=_("Message to the organisation"),
        help_text=_(
            "Shown to them once they accept. Write names or contacts here only if you share "
            "identity or contacts."
        ),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, services: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["services"]
        field.queryset = services  # type: ignore[attr-defined]
        field.label_from_instance = _service_label  # type: ignore[attr-defined]
        self.fields["urgency"].choices = _urgency_choices()  # type: ignore[attr-defined]
        self.fields["scopes"].choices = scope_choices()  # type: ignore[attr-defined]


def _service_label(service: Service) -> str:
    parts = [str(service.get_category_display())]
    if service.region:
        parts.append(service.region)
    return " – ".join(parts)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Give the reason.")},
    )

    def __init__(self, *args: Any, label: Any = None, help_text: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["reason"].label = label
        if help_text:
            self.fields["reason"].help_text = help_text
