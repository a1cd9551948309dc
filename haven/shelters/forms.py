"""Forms of the shelter pages. They parse and validate input; services do the writing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries import countries

from haven.accounts.forms import WORKING_LANGUAGES
from haven.cases.vocab import Gender
from haven.core.forms import DateInput
from haven.referrals.vocab import Category
from haven.shelters.vocab import (
    DEFAULT_FOLLOW_UP_DAYS,
    FOLLOW_UP_DAYS,
    AccessibilityFeature,
    Destination,
    ExitReason,
    GenderPolicy,
    IncidentKind,
    MovementKind,
    OutOfService,
    Risk,
    RoomRule,
    SecurityFeature,
    Severity,
    ShelterType,
)

DATE = DateInput()
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_ERRORS = {"invalid": _("Enter a real date.")}
NARROW = {"class": "govuk-input--width-4"}
Choices = Sequence[tuple[str, str]]


def _date(label: Any, required: bool = False, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=DATE, error_messages=DATE_ERRORS, **kwargs
    )


def _datetime(label: Any, required: bool = False, **kwargs: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=DATETIME,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={"invalid": _("Enter a real date and time.")},
        **kwargs,
    )


def _multi(label: Any, choices: Any, help_text: Any = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


def _risk(label: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=Risk.choices, initial=Risk.NONE, widget=forms.RadioSelect
    )


class ShelterForm(forms.Form):
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("How staff and coordinators call the shelter. Never put the address here."),
    )
    name_zh = forms.CharField(label=_("Name in Chinese"), max_length=200, required=False)
    type = forms.ChoiceField(label=_("Who the shelter is for"), choices=ShelterType.choices)
    capacity = forms.IntegerField(
        label=_("Capacity"), min_value=1, max_value=2000, widget=forms.NumberInput(attrs=NARROW)
    )
    region = forms.CharField(
        label=_("Region"),
        max_length=120,
        required=False,
        help_text=_("A province or large city, shown to coordinators. Never the address."),
    )
    country = forms.ChoiceField(label=_("Country"), choices=[])
    languages = _multi(_("Languages spoken by staff"), WORKING_LANGUAGES)
    accessibility = _multi(_("Accessibility"), AccessibilityFeature.choices)
    security_features = _multi(_("Security features"), SecurityFeature.choices)
    gender_policy = forms.ChoiceField(
        label=_("Placement of transgender and gender non-conforming residents"),
        choices=GenderPolicy.choices,
        widget=forms.RadioSelect,
        initial=GenderPolicy.SELF_IDENTIFIED,
    )
    max_stay_days = forms.IntegerField(
        label=_("Usual longest stay (days)"),
        min_value=1,
        max_value=3650,
        initial=90,
        help_text=_("Stays longer than this are flagged for review."),
        widget=forms.NumberInput(attrs=NARROW),
    )
    share_capacity = forms.BooleanField(
        label=_("Share free capacity with coordinators and other shelters"),
        required=False,
        help_text=_(
            "They then see how many beds are free, never the address, so that referrals go "
            "where there is room."
        ),
    )
    address = forms.CharField(
        label=_("Address (confidential)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Encrypted, and shown only to your organisation's shelter staff on this shelter's "
            "page. Never in lists, exports, referrals or to other organisations."
        ),
    )
    phone = forms.CharField(label=_("Contact phone (confidential)"), max_length=40, required=False)
    is_active = forms.BooleanField(label=_("Open"), required=False, initial=True)

    def __init__(self, *args: Any, organisations: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = list(countries)  # type: ignore[attr-defined]
        if len(organisations) > 1:
            self.fields["organisation"].choices = list(organisations)  # type: ignore[attr-defined]
            self.fields["organisation"].required = True
        else:
            del self.fields["organisation"]

    @staticmethod
    def initial_for(shelter: Any) -> dict[str, Any]:
        fields = [
            "name",
            "type",
            "capacity",
            "region",
            "country",
            "languages",
            "accessibility",
            "security_features",
            "gender_policy",
            "max_stay_days",
            "share_capacity",
            "address",
            "phone",
            "is_active",
        ]
        initial = {name: getattr(shelter, name) for name in fields}
        initial["country"] = str(shelter.country)
        initial["name_zh"] = shelter.name_translations.get("zh-hans", "")
        return initial

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("organisation", None)
        chinese = data.pop("name_zh").strip()
        data["name_translations"] = {"zh-hans": chinese} if chinese else {}
        data["address"] = data["address"].strip()
        data["phone"] = data["phone"].strip()
        return data


class RoomForm(forms.Form):
    name = forms.CharField(label=_("Room name or number"), max_length=60)
    rule = forms.ChoiceField(
        label=_("Who may sleep here"), choices=RoomRule.choices, widget=forms.RadioSelect
    )
    child_appropriate = forms.BooleanField(
        label=_("Child-appropriate"),
        required=False,
        help_text=_("Safe and suitable for children without their parents."),
    )
    accessible = forms.BooleanField(label=_("Accessible room"), required=False)


class BedForm(forms.Form):
    label = forms.CharField(label=_("Bed name or number"), max_length=30)
    is_cot = forms.BooleanField(label=_("Cot (for an infant)"), required=False)
    accessible = forms.BooleanField(label=_("Accessible bed"), required=False)
    in_service = forms.BooleanField(label=_("In service"), required=False, initial=True)
    out_of_service_reason = forms.ChoiceField(
        label=_("If out of service, why"),
        choices=[("", _("Not out of service")), *OutOfService.choices],
        required=False,
    )


class FactsForm(forms.Form):
    """Step 1 of an admission: what the placement rules need (non-identifying, so that the
    step can travel in the URL)."""

    sex = forms.ChoiceField(
        label=_("Sex / gender, as the person describes it"),
        choices=Gender.choices,
        initial=Gender.UNKNOWN,
    )
    is_child = forms.BooleanField(label=_("The person is or may be a child"), required=False)
    accompanying = forms.ChoiceField(
        label=_("Staying with their parent in this shelter"),
        required=False,
        help_text=_("For a child: choose the parent's stay."),
    )
    needs_cot = forms.BooleanField(label=_("An infant who needs a cot"), required=False)
    needs_accessible = forms.BooleanField(
        label=_("Needs an accessible bed and room"), required=False
    )
    gender_confirmed = forms.BooleanField(
        label=_("We decided this placement with the person"),
        required=False,
        help_text=_("Needed where the shelter decides case by case for transgender people."),
    )

    def __init__(self, *args: Any, parents: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["accompanying"].choices = [("", _("No")), *parents]  # type: ignore[attr-defined]
        if not parents:
            del self.fields["accompanying"]


class AdmissionForm(forms.Form):
    """Step 2: the bed and the admission assessment."""

    bed = forms.ChoiceField(
        label=_("Bed"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a bed.")},
    )
    admitted_on = _date(_("Admitted on"), required=True)
    expected_exit_on = _date(
        _("Expected exit"), help_text=_("Leave empty for the shelter's usual longest stay.")
    )
    known_as = forms.CharField(
        label=_("Name used in the shelter (optional)"),
        max_length=120,
        required=False,
        help_text=_("Only if the person wants it. Encrypted, seen only by your staff."),
    )
    languages = _multi(_("Languages spoken"), WORKING_LANGUAGES)
    risk_exploiters = _risk(_("Threat from exploiters"))
    risk_health = _risk(_("Health"))
    risk_self_harm = _risk(_("Self-harm"))
    risk_child_protection = _risk(_("Child protection"))
    risk_notes = forms.CharField(
        label=_("Risk notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    interpreter_needed = forms.BooleanField(label=_("Needs an interpreter"), required=False)
    interpreter_language = forms.ChoiceField(
        label=_("Interpreter language"),
        choices=[("", _("None")), *WORKING_LANGUAGES],
        required=False,
    )
    medical_screening_needed = forms.BooleanField(
        label=_("Medical screening needed"), required=False
    )
    house_rules_consent = forms.BooleanField(
        label=_("The person has had the house rules explained and agrees to them"),
        required=True,
        help_text=_(
            "House rules keep everyone safe. They never stop a resident from leaving: a "
            "shelter is not detention."
        ),
        error_messages={
            "required": _("Explain the house rules and record that the person agrees.")
        },
    )

    def __init__(self, *args: Any, beds: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bed"].choices = list(beds)  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("bed")
        return data


class StayEditForm(forms.Form):
    expected_exit_on = _date(_("Expected exit"))
    known_as = forms.CharField(label=_("Name used in the shelter"), max_length=120, required=False)
    languages = _multi(_("Languages spoken"), WORKING_LANGUAGES)
    risk_exploiters = _risk(_("Threat from exploiters"))
    risk_health = _risk(_("Health"))
    risk_self_harm = _risk(_("Self-harm"))
    risk_child_protection = _risk(_("Child protection"))
    risk_notes = forms.CharField(
        label=_("Risk notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    interpreter_needed = forms.BooleanField(label=_("Needs an interpreter"), required=False)
    interpreter_language = forms.ChoiceField(
        label=_("Interpreter language"),
        choices=[("", _("None")), *WORKING_LANGUAGES],
        required=False,
    )
    medical_screening_needed = forms.BooleanField(
        label=_("Medical screening needed"), required=False
    )


def follow_up_choices() -> list[tuple[int, Any]]:
    labels = {
        7: _("After one week"),
        30: _("After one month"),
        90: _("After three months"),
        180: _("After six months"),
    }
    return [(days, labels[days]) for days in FOLLOW_UP_DAYS]


class ExitForm(forms.Form):
    exited_on = _date(_("Left on"), required=True)
    reason = forms.ChoiceField(
        label=_("Why the stay ends"),
        choices=ExitReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose why the stay ends.")},
    )
    destination = forms.ChoiceField(
        label=_("Where the person goes"),
        choices=Destination.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose where the person goes (or unknown).")},
    )
    plan = forms.CharField(
        label=_("Exit plan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Support arranged after the stay, contacts agreed with the person."),
    )
    follow_up_days = forms.TypedMultipleChoiceField(
        label=_("Follow-up schedule"),
        choices=[],
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        initial=list(DEFAULT_FOLLOW_UP_DAYS),
        help_text=_("Each one becomes a task in the follow-ups of the person chosen below."),
    )
    follow_up_owner = forms.ChoiceField(label=_("Who follows up"), choices=[])
    complete_referral = forms.BooleanField(
        label=_("Mark the referral as completed"), required=False, initial=True
    )

    def __init__(self, *args: Any, staff: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["follow_up_days"].choices = follow_up_choices()  # type: ignore[attr-defined]
        self.fields["follow_up_owner"].choices = list(staff)  # type: ignore[attr-defined]


class StayServiceForm(forms.Form):
    category = forms.ChoiceField(label=_("Service"), choices=Category.choices)
    delivered_on = _date(_("Delivered on"), required=True)
    plan = forms.ChoiceField(
        label=_("Part of the support plan"),
        required=False,
        help_text=_("The case's support plans, when the referral shares them."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, plans: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if plans:
            self.fields["plan"].choices = [("", _("Not part of a plan")), *plans]  # type: ignore[attr-defined]
        else:
            del self.fields["plan"]


class MovementForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What happened"), choices=MovementKind.choices, widget=forms.RadioSelect
    )
    started_at = _datetime(pgettext_lazy("period", "From"), required=True)
    ended_at = _datetime(_("Until"), help_text=_("Leave empty if the person is still out."))
    with_staff = forms.BooleanField(label=_("With a member of staff"), required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class IncidentForm(forms.Form):
    stay = forms.ChoiceField(label=_("Resident concerned"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=IncidentKind.choices)
    severity = forms.ChoiceField(
        label=_("Severity"), choices=Severity.choices, widget=forms.RadioSelect
    )
    occurred_at = _datetime(_("When"), required=True)
    description = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 5})
    )
    police_informed = forms.BooleanField(label=_("The police were informed"), required=False)
    action = forms.CharField(
        label=_("Follow-up action (optional)"),
        max_length=200,
        required=False,
        help_text=_("For example: review the safety plan with the resident."),
    )
    action_due_on = _date(_("Action due by"))

    def __init__(self, *args: Any, stays: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stay"].choices = [("", _("No one in particular")), *stays]  # type: ignore[attr-defined]


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=200)
    due_on = _date(_("Due by"), required=True)
    owner = forms.ChoiceField(label=_("Who"), choices=[])

    def __init__(self, *args: Any, staff: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = list(staff)  # type: ignore[attr-defined]


class WaitlistForm(forms.Form):
    label = forms.CharField(
        label=_("How you will recognise the request"),
        max_length=120,
        required=False,
        help_text=_("For example the referring officer's duty number. No full names."),
    )
    sex = forms.ChoiceField(label=_("Sex / gender"), choices=Gender.choices, required=False)
    is_child = forms.BooleanField(label=_("A child"), required=False)
    needs_cot = forms.BooleanField(label=_("An infant who needs a cot"), required=False)
    needs_accessible = forms.BooleanField(
        label=_("Needs an accessible bed and room"), required=False
    )
    risk = forms.ChoiceField(
        label=_("Risk"),
        choices=Risk.choices,
        widget=forms.RadioSelect,
        help_text=_("People at higher risk are offered a bed first, then by waiting time."),
    )


class LinkReferralForm(forms.Form):
    referral = forms.ChoiceField(label=_("Referral"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, referrals: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["referral"].choices = list(referrals)  # type: ignore[attr-defined]


class StayFilterForm(forms.Form):
    q = forms.CharField(label=_("Stay number or case reference"), required=False, max_length=30)
    shelter = forms.ChoiceField(label=_("Shelter"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("current", _("Staying or expected")),
            ("active", _("Staying")),
            ("reserved", _("Bed reserved")),
            ("ended", pgettext_lazy("stay", "Left")),
            ("all", _("All")),
        ],
    )
    alert = forms.ChoiceField(
        label=_("Alerts"),
        required=False,
        choices=[
            ("", _("Any")),
            ("overdue", _("Past the expected exit")),
            ("ending_soon", _("Ending within a week")),
            ("long_stay", _("Longer than usual")),
        ],
    )

    def __init__(self, *args: Any, shelters: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["shelter"].choices = [("", _("All shelters")), *shelters]  # type: ignore[attr-defined]


class CapacityFilterForm(forms.Form):
    q = forms.CharField(label=_("Shelter or organisation"), required=False, max_length=100)
    country = forms.ChoiceField(label=_("Country"), required=False, choices=[])
    type = forms.ChoiceField(
        label=_("Who for"), required=False, choices=[("", _("Any")), *ShelterType.choices]
    )
    need = forms.ChoiceField(
        label=_("Free bed needed"),
        required=False,
        choices=[
            ("", _("Any free bed")),
            ("child", _("Child-appropriate")),
            ("accessible", _("Accessible")),
            ("cot", _("Cot")),
        ],
    )
    free_only = forms.BooleanField(label=_("Only shelters with a free bed"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Any country")), *list(countries)]  # type: ignore[attr-defined]


class IncidentFilterForm(forms.Form):
    shelter = forms.ChoiceField(label=_("Shelter"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any")), *IncidentKind.choices]
    )
    severity = forms.ChoiceField(
        label=_("Severity"), required=False, choices=[("", _("Any")), *Severity.choices]
    )
    open_actions = forms.BooleanField(label=_("With open actions"), required=False)

    def __init__(self, *args: Any, shelters: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["shelter"].choices = [("", _("All shelters")), *shelters]  # type: ignore[attr-defined]
