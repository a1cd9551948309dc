"""Forms of the exchange pages. They parse and validate input; services do the writing."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from haven.accounts.models import Organisation
from haven.core.forms import DateInput
from haven.exchange.envelope import MAX_ENVELOPE_BYTES
from haven.exchange.models import Agreement, Partner
from haven.exchange.vocab import DeliveryMethod, Direction, Field, SharingPurpose, Status

DATE = DateInput(attrs={"class": "govuk-input--width-10"})


class NodeForm(forms.Form):
    name = forms.CharField(label=_("Name of this node"), max_length=200)
    country = forms.ChoiceField(label=_("Country"), choices=[])
    endpoint = forms.CharField(
        label=_("Public address"),
        max_length=300,
        help_text=_("Where partners reach this node, e.g. https://haven.example.org."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", ""), *list(countries)]  # type: ignore[attr-defined]


class PartnerForm(forms.Form):
    url = forms.CharField(
        label=_("The partner's address"),
        max_length=300,
        required=False,
        help_text=_("Haven fetches its published keys from there. Or paste them below."),
    )
    jwks = forms.CharField(
        label=_("The partner's published keys (JWKS)"),
        required=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    fingerprint = forms.CharField(
        label=_("Fingerprint, as the partner's administrator gave it to you"),
        max_length=120,
        help_text=_(
            "Get it by another channel than the keys (telephone, letter, in person) and copy "
            "it exactly. Haven refuses keys that do not match."
        ),
    )
    delivery = forms.ChoiceField(
        label=_("How messages reach this partner"),
        choices=DeliveryMethod.choices,
        initial=DeliveryMethod.NETWORK,
        widget=forms.RadioSelect,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = (data.get("jwks") or "").strip()
        if text:
            try:
                data["document"] = json.loads(text)
            except ValueError:
                self.add_error("jwks", _("This is not JSON. Paste the key set exactly."))
        elif not (data.get("url") or "").strip():
            self.add_error("url", _("Give the partner's address or paste its keys."))
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The partner's coordinator will read it."),
    )


class UploadForm(forms.Form):
    envelope = forms.FileField(
        label=_("Message file (.jwe)"),
        help_text=_("A file a partner node produced for air-gapped transfer."),
    )

    def clean_envelope(self) -> str:
        upload = self.cleaned_data["envelope"]
        if upload.size > MAX_ENVELOPE_BYTES:
            raise forms.ValidationError(_("The file is too large to be a message."))
        try:
            return str(upload.read().decode("ascii").strip())
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(_("This is not a message file.")) from exc


def _purpose_field(purpose: SharingPurpose) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Fields allowed for: {purpose}").format(purpose=purpose.label),
        choices=Field.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def parse_partner_organisations(text: str) -> list[dict[str, str]]:
    items = []
    for line in text.splitlines():
        if not line.strip():
            continue
        identifier, _sep, name = line.partition("|")
        items.append({"id": identifier.strip(), "name": name.strip()})
    return items


class AgreementForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Partner node"), queryset=Partner.objects.none())
    code = forms.CharField(
        label=_("Agreement identifier"),
        max_length=80,
        help_text=_("The same identifier on both nodes, e.g. CN-DE-2026-01."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)
    valid_until = forms.DateField(label=_("Valid until"), widget=DATE)
    retention_days = forms.IntegerField(
        label=_("Retention at the receiver (days)"),
        min_value=1,
        max_value=3650,
        help_text=_("How long the receiving node keeps data it has not answered."),
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Our organisations covered"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    partner_organisations = forms.CharField(
        label=_("The partner's organisations covered"),
        help_text=_(
            "One per line: the identifier the partner gave (shown on its node page), a "
            "vertical bar, the name. For example: 5f1c…e2 | Counselling Centre Berlin"
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    allow_matching = forms.BooleanField(
        label=_("Allow match queries (do you already know this person?)"), required=False
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, organisations: Any, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["organisations"].queryset = organisations  # type: ignore[attr-defined]
        if editing:
            self.fields["partner"].disabled = True
        for purpose in SharingPurpose:
            self.fields[f"fields_{purpose.value}"] = _purpose_field(purpose)

    @staticmethod
    def initial_for(agreement: Agreement) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "partner": agreement.partner_id,
            "code": agreement.code,
            "title": agreement.title,
            "valid_from": agreement.valid_from,
            "valid_until": agreement.valid_until,
            "retention_days": agreement.retention_days,
            "organisations": list(agreement.organisations.values_list("pk", flat=True)),
            "partner_organisations": "\n".join(
                f"{o['id']} | {o['name']}" for o in agreement.partner_organisations
            ),
            "allow_matching": agreement.allow_matching,
            "is_active": agreement.is_active,
        }
        for purpose in SharingPurpose.values:
            initial[f"fields_{purpose}"] = agreement.fields.get(purpose, [])
        return initial

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "partner": data["partner"],
            "code": data["code"],
            "title": data["title"],
            "valid_from": data["valid_from"],
            "valid_until": data["valid_until"],
            "retention_days": data["retention_days"],
            "organisations": list(data["organisations"]),
            "partner_organisations": parse_partner_organisations(data["partner_organisations"]),
            "allow_matching": data["allow_matching"],
            "is_active": data["is_active"],
            "fields": {
                p: data[f"fields_{p}"] for p in SharingPurpose.values if data[f"fields_{p}"]
            },
        }


class OptionForm(forms.Form):
    """Choose an agreement and a purpose in one answer (``<agreement id>:<purpose>``)."""

    option = forms.ChoiceField(
        label=_("Partner, agreement and purpose"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a partner and a purpose.")},
    )

    def __init__(
        self, *args: Any, agreements: list[Agreement], matching: bool = False, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        choices = []
        for agreement in agreements:
            if matching and not agreement.allow_matching:
                continue
            for purpose in agreement.purposes:
                label = _("{partner} ({country}), agreement {code}: {purpose}").format(
                    partner=agreement.partner.name,
                    country=countries.name(str(agreement.partner.country)),
                    code=agreement.code,
                    purpose=SharingPurpose(purpose).label,
                )
                choices.append((f"{agreement.pk}:{purpose}", label))
        self.fields["option"].choices = choices  # type: ignore[attr-defined]
        self.agreements = {str(a.pk): a for a in agreements}

    def chosen(self) -> tuple[Agreement, str]:
        agreement_id, _sep, purpose = self.cleaned_data["option"].partition(":")
        return self.agreements[agreement_id], purpose


class ReferForm(forms.Form):
    to_organisation = forms.ChoiceField(
        label=_("Which organisation of the partner?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the organisation to refer to.")},
    )
    chosen = forms.MultipleChoiceField(
        label=_("What to send"),
        help_text=_("Only what the agreement allows for this purpose. Send only what they need."),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one thing to send.")},
    )
    message = forms.CharField(
        label=_("Message to the partner's coordinator"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, agreement: Agreement, purpose: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        allowed = agreement.allowed(purpose)
        self.fields["to_organisation"].choices = [  # type: ignore[attr-defined]
            (o["id"], o["name"]) for o in agreement.partner_organisations
        ]
        self.fields["chosen"].choices = [  # type: ignore[attr-defined]
            (code, label)
            for code, label in Field.choices
            if code in allowed and code != Field.MESSAGE
        ]
        if not self.is_bound:
            self.fields["chosen"].initial = [c for c in allowed if c != Field.MESSAGE]
        if Field.MESSAGE not in allowed:
            del self.fields["message"]


class InboxFilterForm(forms.Form):
    direction = forms.ChoiceField(
        label=_("Direction"),
        required=False,
        choices=[("", _("Sent and received")), *Direction.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), ("waiting", _("Waiting for you")), *Status.choices],
    )

    def filters(self) -> dict[str, Any]:
        return dict(self.cleaned_data) if self.is_valid() else {}


class PartnerFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or node identifier"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any")), ("active", _("Active")), ("inactive", _("Suspended"))],
    )

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {"search": self.cleaned_data["q"], "status": self.cleaned_data["status"]}


class AgreementFilterForm(forms.Form):
    q = forms.CharField(label=_("Identifier or title"), required=False, max_length=200)
    state = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Any")),
            ("in_force", _("In force")),
            ("not_in_force", _("Not in force")),
        ],
    )

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {"search": self.cleaned_data["q"], "state": self.cleaned_data["state"]}
