"""Forms of the case pages. They parse and validate; services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from haven.accounts.forms import WORKING_LANGUAGES
from haven.accounts.models import Organisation
from haven.cases import vocab
from haven.cases.models import (
    Assessment,
    ClosureReason,
    Cooperation,
    Document,
    Method,
    Proceeding,
    Purpose,
    RiskLevel,
    Stage,
    SupportPlan,
)
from haven.core.forms import DateInput

DATE = DateInput()
DATE_ERRORS = {"invalid": _("Enter a real date.")}


def _date(label: Any, required: bool = False, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=DATE, error_messages=DATE_ERRORS, **kwargs
    )


def _multi(label: Any, choices: Any, help_text: Any = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


class PersonForm(forms.Form):
    family_name = forms.CharField(
        label=_("Family name"),
        max_length=200,
        required=False,
        help_text=_("In any script, as the person writes it."),
    )
    given_names = forms.CharField(label=_("Given names"), max_length=200, required=False)
    aliases = forms.CharField(
        label=_("Other names or spellings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line: nicknames, other spellings, names in documents."),
    )
    birth_date = _date(_("Date of birth"))
    estimated_age = forms.IntegerField(
        label=_("Age (estimate it if not known)"),
        required=False,
        min_value=0,
        max_value=120,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )
    age_uncertain = forms.BooleanField(label=_("The age is uncertain"), required=False)
    sex = forms.ChoiceField(
        label=_("Sex / gender"), choices=vocab.Gender.choices, initial=vocab.Gender.UNKNOWN
    )
    citizenship = forms.MultipleChoiceField(
        label=_("Citizenship"),
        required=False,
        choices=list(countries),
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    languages = _multi(_("Languages spoken"), WORKING_LANGUAGES)
    document_type = forms.CharField(
        label=_("Identity document type"), max_length=60, required=False
    )
    document_number = forms.CharField(
        label=_("Identity document number"), max_length=60, required=False
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("family_name") or data.get("given_names") or data.get("aliases")):
            self.add_error(
                "family_name",
                _(
                    "Enter at least one name or an alias; use a "
                    "description such as “unknown woman, Nanning "
                    "station” if the person gives none."
                ),
            )
        return data

    def person_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        docs = []
        if data.get("document_number"):
            docs.append({"type": data.get("document_type", ""), "number": data["document_number"]})
        contacts = {"phone": data["phone"]} if data.get("phone") else {}
        return {
            "family_name": data.get("family_name", ""),
            "given_names": data.get("given_names", ""),
            "aliases": [a.strip() for a in data.get("aliases", "").splitlines() if a.strip()],
            "birth_date": data.get("birth_date"),
            "estimated_age": data.get("estimated_age"),
            "age_uncertain": data.get("age_uncertain", False),
            "sex": data["sex"],
            "citizenship": data.get("citizenship", []),
            "languages": data.get("languages", []),
            "identity_documents": docs,
            "contacts": contacts,
        }

    @classmethod
    def initial_for(cls, person: Any) -> dict[str, Any]:
        doc = (person.identity_documents or [{}])[0]
        return {
            "family_name": person.family_name,
            "given_names": person.given_names,
            "aliases": "\n".join(person.aliases or []),
            "birth_date": person.birth_date,
            "estimated_age": person.estimated_age,
            "age_uncertain": person.age_uncertain,
            "sex": person.sex,
            "citizenship": [str(c) for c in person.citizenship],
            "languages": person.languages,
            "document_type": doc.get("type", ""),
            "document_number": doc.get("number", ""),
            "phone": (person.contacts or {}).get("phone", ""),
        }


class RegisterForm(PersonForm):
    reasons_to_believe_child = forms.BooleanField(
        label=_("There are reasons to believe the person is a child"),
        required=False,
        help_text=_(
            "If the age is uncertain and the person may be under 18, they are treated "
            "as a child until their age is established."
        ),
    )
    identified_on = _date(_("Identified on"), required=True)
    exploitation_types = _multi(
        _("Types of exploitation (as far as known)"), vocab.ExploitationType.choices
    )
    confirm_new_person = forms.BooleanField(widget=forms.HiddenInput, required=False)


class CaseForm(forms.Form):
    trafficking_status = forms.ChoiceField(
        label=_("Trafficking status"), choices=vocab.TraffickingStatus.choices
    )
    status_decided_by = forms.ChoiceField(
        label=_("Status decided by"),
        required=False,
        choices=[("", "–"), *vocab.DecisionMaker.choices],
    )
    status_decided_on = _date(_("Status decided on"))
    exploitation_types = _multi(_("Types of exploitation"), vocab.ExploitationType.choices)
    forced_labour_industry = forms.ChoiceField(
        label=_("Forced labour industry"),
        required=False,
        choices=[("", "–"), *vocab.Industry.choices],
    )
    sex_exploitation_types = _multi(
        _("Types of sexual exploitation"), vocab.SexExploitationType.choices
    )
    methods_of_control = _multi(_("Methods of control"), vocab.ControlMethod.choices)
    recruitment_methods = _multi(_("Methods of recruitment"), vocab.RecruitmentMethod.choices)
    recruitment_platforms = _multi(_("Recruitment websites and apps"), vocab.Platform.choices)
    recruitment_country = forms.ChoiceField(
        label=_("Country of recruitment"), required=False, choices=[("", "–"), *list(countries)]
    )
    exploitation_country = forms.ChoiceField(
        label=_("Country of exploitation"), required=False, choices=[("", "–"), *list(countries)]
    )
    relationship_to_trafficker = forms.ChoiceField(
        label=_("Relationship to trafficker"),
        required=False,
        choices=[("", "–"), *vocab.Relationship.choices],
    )
    age_when_trafficked = forms.IntegerField(
        label=_("Age when trafficked"), required=False, min_value=0, max_value=120
    )
    vulnerabilities = _multi(_("Vulnerabilities"), vocab.Vulnerability.choices)
    vulnerability_details = forms.CharField(
        label=_("Details of vulnerabilities"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    risk_level = forms.ChoiceField(label=_("Risk level"), choices=RiskLevel.choices)
    residence_status = forms.CharField(label=_("Residence status"), max_length=120, required=False)
    cooperation = forms.ChoiceField(
        label=_("Cooperation with the authorities"),
        choices=Cooperation.choices,
        help_text=_(
            "Assistance never depends on cooperation with the authorities. Record the "
            "person's choice; it does not change the support they receive."
        ),
    )
    guardian = forms.CharField(label=_("Guardian (for a child)"), max_length=300, required=False)
    best_interests_assessment = forms.CharField(
        label=_("Best-interests assessment (for a child)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    best_interests_assessed_on = _date(_("Best interests assessed on"))

    FIELDS = (
        "trafficking_status",
        "status_decided_by",
        "status_decided_on",
        "exploitation_types",
        "forced_labour_industry",
        "sex_exploitation_types",
        "methods_of_control",
        "recruitment_methods",
        "recruitment_platforms",
        "recruitment_country",
        "exploitation_country",
        "relationship_to_trafficker",
        "age_when_trafficked",
        "vulnerabilities",
        "vulnerability_details",
        "risk_level",
        "residence_status",
        "cooperation",
        "guardian",
        "best_interests_assessment",
        "best_interests_assessed_on",
    )

    @classmethod
    def initial_for(cls, case: Any) -> dict[str, Any]:
        values = {name: getattr(case, name) for name in cls.FIELDS}
        for name in ("recruitment_country", "exploitation_country"):
            values[name] = str(values[name] or "")
        return values


class TransitionForm(forms.Form):
    target = forms.ChoiceField(
        label=_("Move the case to"), choices=Stage.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for this step.")},
    )
    closure_reason = forms.ChoiceField(
        label=_("Reason for closing (only when closing)"),
        required=False,
        choices=[("", "–"), *ClosureReason.choices],
    )

    def __init__(self, *args: Any, targets: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [(t, Stage(t).label) for t in targets]  # type: ignore[attr-defined]


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(
        label=_("Purpose"), choices=Purpose.choices, widget=forms.RadioSelect
    )
    given = forms.TypedChoiceField(
        label=_("Decision"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Consent given")), ("no", _("Consent refused or withdrawn"))],
        widget=forms.RadioSelect,
    )
    method = forms.ChoiceField(label=_("How"), choices=Method.choices)
    language = forms.ChoiceField(label=_("Language of the explanation"), choices=WORKING_LANGUAGES)
    witness = forms.CharField(label=_("Witness"), max_length=200, required=False)
    guardian = forms.CharField(
        label=_("Guardian (required for a child)"), max_length=200, required=False
    )
    decided_on = _date(_("Date"), required=True)


class AssessmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Assessment.Kind.choices)
    level = forms.ChoiceField(label=_("Level"), choices=Assessment.Level.choices)
    rating = forms.ChoiceField(
        label=_("Rating"), required=False, choices=[("", "–"), *RiskLevel.choices[1:]]
    )
    areas = _multi(_("Areas"), vocab.SupportPlanType.choices)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    assessed_on = _date(_("Assessed on"), required=True)


class PlanForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"), choices=vocab.SupportPlanType.choices)
    objectives = forms.CharField(label=_("Objectives"), widget=forms.Textarea(attrs={"rows": 3}))
    action_plan = forms.CharField(
        label=_("Action plan"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    planned_end_on = _date(_("Planned end"))


class ServiceForm(forms.Form):
    category = forms.ChoiceField(label=_("Service"), choices=vocab.SupportPlanType.choices)
    plan: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Part of plan"), required=False, queryset=SupportPlan.objects.none()
    )
    delivered_on = _date(_("Delivered on"), required=True)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, case: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = case.plans.all()  # type: ignore[attr-defined]


class EventForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"), choices=vocab.EventType.choices)
    date = _date(_("Date"))
    country = forms.ChoiceField(
        label=_("Country"), required=False, choices=[("", "–"), *list(countries)]
    )
    state = forms.CharField(label=_("State / province"), max_length=120, required=False)
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    street = forms.CharField(label=_("Street address"), max_length=300, required=False)
    description = forms.CharField(
        label=_("What happened"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ProceedingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Proceeding.Kind.choices)
    status = forms.ChoiceField(label=_("Status"), choices=Proceeding.Status.choices)
    started_on = _date(_("Started on"))
    authority = forms.CharField(label=_("Authority"), max_length=200, required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200)
    due_on = _date(_("Due"), required=True)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Notes are encrypted. Write facts, not opinions; the person may ask to read them."
        ),
    )


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Document.Kind.choices)
    file = forms.FileField(label=_("File (PDF, PNG or JPEG, up to 10 MB)"))


class CaseFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        help_text=_("Case reference or name (any script or spelling)."),
    )
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("Any stage")), *Stage.choices]
    )
    exploitation = forms.ChoiceField(
        label=_("Exploitation"),
        required=False,
        choices=[("", _("Any")), *vocab.ExploitationType.choices],
    )
    child = forms.ChoiceField(
        label=_("Child"),
        required=False,
        choices=[("", _("Any")), ("yes", _("Children")), ("no", _("Adults"))],
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        required=False,
        queryset=Organisation.objects.none(),
        empty_label=_("Any organisation"),
    )
    date_from = _date(_("Identified from"))
    date_to = _date(_("Identified to"))
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("newest", _("Newest first")),
            ("oldest", _("Oldest first")),
            ("reference", _("Reference")),
            ("stage", _("Stage")),
            ("identified", _("Date identified")),
        ],
    )


def case_filter_form(data: Any, *, organisations: Any) -> CaseFilterForm:
    """The case list's filters; the organisation filter only for people in several."""
    form = CaseFilterForm(data)
    if organisations.count() > 1:
        form.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
    else:
        del form.fields["organisation"]
    return form
