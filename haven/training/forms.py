"""Forms of the training app (rendered in GOV.UK markup)."""

from __future__ import annotations

import csv
import io
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from haven.core.forms import DateInput
from haven.screening.forms import ANSWER_CHOICES
from haven.screening.selectors import Step
from haven.training.catalogue import Quiz, catalogue
from haven.training.services import EnrolRow
from haven.training.services.workshops import MAX_ROWS
from haven.training.vocab import LANGUAGE_CHOICES, THEME_LABELS, ExerciseStatus

DATE = DateInput(attrs={"class": "govuk-input--width-10"})
MAX_CSV_BYTES = 200_000
CSV_COLUMNS = ("username", "email", "full_name")


def case_study_choices(lang: str) -> list[tuple[str, str]]:
    return [(c.id, c.title.get(lang)) for c in catalogue().case_studies]


class WorkshopForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    title_zh = forms.CharField(
        label=_("Title in Chinese (optional)"),
        max_length=200,
        required=False,
        help_text=_("Shown to trainees who use Haven in Chinese, and on the certificates."),
    )
    place = forms.CharField(label=_("Place"), max_length=200)
    starts_on = forms.DateField(label=_("First day"), widget=DATE)
    ends_on = forms.DateField(label=_("Last day"), widget=DATE)
    languages = forms.MultipleChoiceField(
        label=_("Languages of the workshop"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose the languages of the workshop.")},
    )
    description = forms.CharField(
        label=_("Description (optional)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The last day must be on or after the first day."))
        return data


class EnrolForm(forms.Form):
    trainees = forms.CharField(
        label=_("User names or e-mail addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One trainee per line."),
    )
    file = forms.FileField(
        label=_("Or upload a CSV file"),
        required=False,
        help_text=_(
            "Columns username, email and full_name (a header row names them); one trainee a "
            "row. Trainees are existing accounts with the trainee role in your organisation."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > MAX_CSV_BYTES:
            raise ValidationError(_("The file is too large for a list of trainees."))
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not data.get("trainees", "").strip() and not data.get("file"):
            raise ValidationError(_("Name at least one trainee, or upload a CSV file."))
        return data

    def rows(self) -> list[EnrolRow]:
        rows = []
        for line, text in enumerate(self.cleaned_data.get("trainees", "").splitlines(), start=1):
            value = text.strip()
            if value:
                rows.append(
                    EnrolRow(
                        line=line, **({"email": value} if "@" in value else {"username": value})
                    )
                )
        upload = self.cleaned_data.get("file")
        if upload is not None:
            rows.extend(parse_csv(upload.read()))
        return rows


def parse_csv(data: bytes) -> list[EnrolRow]:
    """Rows of an enrolment CSV: a header naming username / email / full_name, or one column
    of user names or e-mail addresses. Raises ValidationError for an unreadable file."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("The file is not a CSV file in UTF-8.")) from None
    lines = [line for line in csv.reader(io.StringIO(text)) if any(c.strip() for c in line)]
    if not lines:
        raise ValidationError(_("The file has no rows."))
    header = [c.strip().lower() for c in lines[0]]
    if any(name in CSV_COLUMNS for name in header):
        unknown = [name for name in header if name and name not in CSV_COLUMNS]
        if unknown:
            raise ValidationError(
                _("Unknown column {column}: use username, email and full_name.").format(
                    column=unknown[0]
                )
            )
        body, columns, first = lines[1:], header, 2
    else:
        body, columns, first = lines, [], 1
    if len(body) > MAX_ROWS:
        raise ValidationError(_("At most {limit} trainees at a time.").format(limit=MAX_ROWS))
    rows = []
    for number, cells in enumerate(body, start=first):
        if columns:
            values = {
                name: cells[i].strip() for i, name in enumerate(columns) if name and i < len(cells)
            }
            rows.append(EnrolRow(line=number, **values))
        else:
            value = cells[0].strip()
            rows.append(
                EnrolRow(line=number, **({"email": value} if "@" in value else {"username": value}))
            )
    return rows


class AssignForm(forms.Form):
    case_studies = forms.MultipleChoiceField(
        label=_("Case studies"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The trainees practise the screening interview on each of them."),
    )

    def __init__(self, *args: Any, lang: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["case_studies"]).choices = case_study_choices(lang)


class ExerciseStartForm(forms.Form):
    question_language = forms.ChoiceField(
        label=_("Show the questions in"),
        choices=LANGUAGE_CHOICES,
        widget=forms.RadioSelect,
        help_text=_("As in a real interview, you can change it on every step."),
    )
    subject_age = forms.IntegerField(
        label=_("The person's age (the lowest plausible if estimated)"),
        required=False,
        min_value=0,
        max_value=120,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        help_text=_("Read the case study: what do you know of the age?"),
    )
    subject_age_uncertain = forms.BooleanField(label=_("The age is uncertain"), required=False)


class ExerciseStepForm(forms.Form):
    """The answers of one step of the practice interview; fields ``a_<ID>``."""

    question_language = forms.ChoiceField(choices=LANGUAGE_CHOICES, required=False)

    def __init__(self, *args: Any, step: Step, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.step = step
        for item in step.items:
            self.fields[f"a_{item.id}"] = forms.ChoiceField(
                choices=ANSWER_CHOICES, required=False, widget=forms.RadioSelect
            )

    def answers(self) -> dict[str, str]:
        return {
            item.id: self.cleaned_data.get(f"a_{item.id}") or "unknown" for item in self.step.items
        }


class QuizForm(forms.Form):
    """One radio group per question, ``q_<id>``; every question needs an answer."""

    def __init__(self, *args: Any, quiz: Quiz, lang: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.quiz = quiz
        for number, question in enumerate(quiz.questions, start=1):
            self.fields[f"q_{question.id}"] = forms.ChoiceField(
                label=f"{number}. {question.text.get(lang)}",
                choices=[(c.id, c.text.get(lang)) for c in question.choices],
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose an answer.")},
            )

    def answers(self) -> dict[str, str]:
        return {q.id: self.cleaned_data[f"q_{q.id}"] for q in self.quiz.questions}


class WorkshopFilterForm(forms.Form):
    q = forms.CharField(label=_("Title or place"), required=False, max_length=100)
    period = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[("", _("Any time")), ("upcoming", _("Now and upcoming")), ("past", _("Past"))],
    )


class CaseStudyFilterForm(forms.Form):
    q = forms.CharField(label=_("Search the case studies"), required=False, max_length=100)
    theme = forms.ChoiceField(label=_("Theme"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["theme"]).choices = [
            ("", _("Any")),
            *THEME_LABELS.items(),
        ]


class ExerciseFilterForm(forms.Form):
    case_study = forms.ChoiceField(label=_("Case study"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *ExerciseStatus.choices]
    )

    def __init__(self, *args: Any, lang: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["case_study"]).choices = [
            ("", _("Any")),
            *case_study_choices(lang),
        ]


class LibrarySearchForm(forms.Form):
    q = forms.CharField(label=_("Search the library"), required=False, max_length=100)
