"""Forms of the statistics pages: they parse and validate; services and selectors do the work."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from haven.cases.vocab import ExploitationType
from haven.core.forms import DateInput
from haven.stats import selectors
from haven.stats.anonymise import DEFAULT_K
from haven.stats.services.export import MAX_K, MIN_K

DATE = DateInput()


class FilterForm(forms.Form):
    """Dashboard filters (GET): period, region, organisation, exploitation type."""

    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    date_from = forms.DateField(label=_("Identified from"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("Identified until"), required=False, widget=DATE)
    region = forms.ChoiceField(label=_("Region"), required=False)
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    exploitation = forms.ChoiceField(label=_("Type of exploitation"), required=False)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        any_ = [("", _("Any"))]
        years = selectors.years(actor=actor)
        self.fields["year"].choices = any_ + [(y, str(y)) for y in years]  # type: ignore[attr-defined]
        self.fields["region"].choices = any_ + [  # type: ignore[attr-defined]
            (r, r) for r in selectors.regions(actor=actor)
        ]
        self.orgs = list(selectors.organisations(actor))
        self.fields["organisation"].choices = any_ + [  # type: ignore[attr-defined]
            (str(o.pk), o.display_name) for o in self.orgs
        ]
        self.fields["exploitation"].choices = any_ + list(ExploitationType.choices)  # type: ignore[attr-defined]
        if len(self.orgs) < 2:
            del self.fields["organisation"]
            if not selectors.regions(actor=actor):
                del self.fields["region"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period must be after its start."))
        return data

    def filters(self) -> selectors.Filters:
        if not self.is_bound or not self.is_valid():
            return selectors.Filters()
        data = self.cleaned_data
        org = next((o.pk for o in self.orgs if str(o.pk) == data.get("organisation")), None)
        return selectors.Filters(
            year=data.get("year"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            region=data.get("region") or "",
            organisation_id=org,
            exploitation=data.get("exploitation") or "",
        )


class ExportForm(FilterForm):
    k = forms.IntegerField(
        label=_("k (smallest group of records that look alike)"),
        min_value=MIN_K,
        max_value=MAX_K,
        initial=DEFAULT_K,
        help_text=_(
            "Every combination of year, gender, age band, citizenship, country of exploitation "
            "and length of exploitation will appear at least k times. CTDC uses 11."
        ),
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
    )

    field_order = ["k", "year", "date_from", "date_to", "region", "organisation", "exploitation"]


class ReportForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    organisation = forms.ChoiceField(
        label=_("Organisation"),
        required=False,
        help_text=_("Leave empty for a report on a whole country."),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this_year = timezone.now().year
        self.fields["year"].choices = [(y, str(y)) for y in range(this_year, this_year - 11, -1)]  # type: ignore[attr-defined]
        self.fields["year"].initial = this_year - 1
        self.orgs = list(selectors.organisations(actor))
        self.fields["organisation"].choices = [("", _("All organisations"))] + [  # type: ignore[attr-defined]
            (str(o.pk), o.display_name) for o in self.orgs
        ]
        codes = sorted({str(o.country) for o in self.orgs})
        self.fields["country"].choices = [("", _("Any"))] + [  # type: ignore[attr-defined]
            (c, countries.name(c)) for c in codes
        ]

    def chosen_organisation(self) -> Any:
        value = self.cleaned_data.get("organisation")
        return next((o for o in self.orgs if str(o.pk) == value), None)


class DatasetForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        initial=_("CTDC global dataset"),
        help_text=_("For example the year of the CTDC release."),
    )
    file = forms.FileField(
        label=_("CTDC global k-anonymised dataset"),
        help_text=_("The CSV file published by CTDC: 63 columns separated by semicolons."),
    )
