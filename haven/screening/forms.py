"""Forms of the screening interview (rendered in GOV.UK markup)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from haven.screening.models import LANGUAGE_CHOICES, Status
from haven.screening.selectors import STARTABLE, Step

INSTRUMENT_LABELS = {
    "first-contact": _("First contact: 12 red-flag questions (a few minutes)"),
    "ilo-ec-2009-adult-labour": _("Full interview: ILO/EC indicators (about 45 minutes)"),
    "ilo-2012-forced-labour": _("Labour inspection: ILO forced-labour indicators"),
}
ANSWER_CHOICES = [("yes", _("Yes")), ("no", _("No")), ("unknown", _("Not known / not asked"))]


class StartForm(forms.Form):
    instrument = forms.ChoiceField(
        label=_("Which interview?"),
        choices=[(i, INSTRUMENT_LABELS[i]) for i in STARTABLE],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an interview.")},
    )
    interview_language = forms.CharField(
        label=_("Language the person speaks in the interview"),
        max_length=40,
        error_messages={"required": _("Enter the language of the interview.")},
    )
    question_language = forms.ChoiceField(
        label=_("Show the questions in"),
        choices=LANGUAGE_CHOICES,
        widget=forms.RadioSelect,
        help_text=_("Independent of the language of the screens. You can change it on every step."),
    )
    interpreter_used = forms.BooleanField(label=_("An interpreter is used"), required=False)
    private_place = forms.BooleanField(
        label=_("We are in a private, safe place, away from employers and companions"),
        error_messages={"required": _("Confirm that the place is private and safe.")},
    )
    interpreter_independent = forms.BooleanField(
        label=_("The interpreter (if any) has no link to the employer, recruiter or companions"),
        error_messages={"required": _("Confirm that the interpreter is independent.")},
    )
    consent = forms.BooleanField(
        label=_("The person agrees to the interview"),
        error_messages={"required": _("Confirm that the person agrees to the interview.")},
    )
    can_stop = forms.BooleanField(
        label=_("The person has been told they can stop at any time"),
        error_messages={"required": _("Confirm that the person knows they can stop.")},
    )
    subject_age = forms.IntegerField(
        label=_("Age (the lowest plausible if estimated)"),
        required=False,
        min_value=0,
        max_value=120,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        help_text=_(
            "Leave empty if not known. If the person may be under 18 and no age can be "
            "given, tick “The age is uncertain”."
        ),
    )
    subject_age_uncertain = forms.BooleanField(
        label=_("The age is uncertain"),
        required=False,
        help_text=_(
            "With no age entered, the person is then presumed to be a child: the child rule "
            "applies until the age is established."
        ),
    )

    CHECKLIST = ("private_place", "interpreter_independent", "consent", "can_stop")

    def checklist(self) -> list[str]:
        return [name for name in self.CHECKLIST if self.cleaned_data.get(name)]


class StepForm(forms.Form):
    """The answers and notes of one step; fields ``a_<ID>`` and ``n_<ID>``."""

    question_language = forms.ChoiceField(choices=LANGUAGE_CHOICES, required=False)

    def __init__(self, *args: Any, step: Step, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.step = step
        for item in step.items:
            self.fields[f"a_{item.id}"] = forms.ChoiceField(
                choices=ANSWER_CHOICES, required=False, widget=forms.RadioSelect
            )
            self.fields[f"n_{item.id}"] = forms.CharField(
                required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
            )

    def answers(self) -> dict[str, str]:
        return {
            item.id: self.cleaned_data.get(f"a_{item.id}") or "unknown" for item in self.step.items
        }

    def notes(self) -> dict[str, str]:
        return {item.id: self.cleaned_data.get(f"n_{item.id}", "") for item in self.step.items}


class RegisterCaseForm(forms.Form):
    family_name = forms.CharField(
        label=_("Family name (optional)"),
        max_length=200,
        required=False,
        help_text=_("Only if the person is willing to give it."),
    )
    given_names = forms.CharField(label=_("Given names (optional)"), max_length=200, required=False)
    guardian = forms.CharField(
        label=_("Guardian who consents with or for the child"),
        max_length=200,
        required=False,
        help_text=_("Required for a child."),
    )
    consent_given = forms.BooleanField(
        label=_("The person consents to receiving assistance and to a case being opened"),
        error_messages={"required": _("Confirm that the person consents to assistance.")},
    )
    confirm_new_person = forms.BooleanField(widget=forms.HiddenInput, required=False)


class NoReferralForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is there no referral?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": _("Say why there is no referral.")},
    )
    confirm = forms.BooleanField(
        label=_("I understand that no case will be opened from this screening"),
        error_messages={"required": _("Confirm that no case will be opened.")},
    )


class ScreeningFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *Status.choices]
    )
    instrument = forms.ChoiceField(
        label=_("Interview"),
        required=False,
        choices=[("", _("Any")), *((i, INSTRUMENT_LABELS[i]) for i in STARTABLE)],
    )
    mine = forms.BooleanField(label=_("Only my screenings"), required=False)
