"""The dashboard's own sections: people identified over time, profiles (exploitation, sex,
age, citizenship, country of exploitation, recruitment, control), referrals between
organisations, time to first assistance, open and overdue tasks. Counts are computed in SQL
over the consenting cases in reach; every count goes through the small-cell rule.
"""

from __future__ import annotations

import importlib
import statistics
from typing import Any

from django.db.models import Count, Min, Q
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from haven.accounts.models import Organisation
from haven.cases.models import Stage, StageChange, Task
from haven.cases.vocab import (
    ControlMethod,
    ExploitationType,
    Gender,
    RecruitmentMethod,
    TraffickingStatus,
)
from haven.referrals.models import Referral
from haven.stats.anonymise.ctdc import AGE_BANDS
from haven.stats.charts import Cell, Chart, Row, bars, count_cell, counts_column, measure_cell
from haven.stats.sections import SECTIONS, Context, register_section

MULTI = {
    "exploitation_types": ExploitationType,
    "recruitment_methods": RecruitmentMethod,
    "methods_of_control": ControlMethod,
}


def _codes(value: Any) -> list[str]:
    """The codes of a multi-valued column as read (a list, or a comma-separated string)."""
    if isinstance(value, list | tuple):
        return [str(v) for v in value if str(v)]
    return [c for c in str(value or "").split(",") if c]


def _age_band(age: int | None) -> str:
    if age is None:
        return ""
    for label, low, high in AGE_BANDS:
        if low <= age <= high:
            return label
    return "?"  # outside every band: counted in the total only, as before


def case_counts(ctx: Context) -> dict[str, int]:
    """Every per-category count of the cases in view, from grouped queries: one per
    multi-valued field of the case and one over the person's sex, age and citizenship. They
    read only narrow columns (the partial index ``case_org_counted`` covers the case's), with
    no row-by-row pattern matching: multi-valued codes are split on the few groups here."""
    if "counts" in ctx.memo:
        return dict(ctx.memo["counts"])
    counts: dict[str, int] = {"total": 0, "recorded:sex": 0, "age:": 0}
    for field, vocab in MULTI.items():
        counts[f"recorded:{field}"] = 0
        counts.update({f"{field}:{code}": 0 for code in vocab.values})
    counts.update({f"sex:{code}": 0 for code in Gender.values})
    counts.update({f"age:{label}": 0 for label, _low, _high in AGE_BANDS})

    for field in MULTI:  # one small GROUP BY each: few distinct combinations per field
        for value, n in ctx.cases.order_by().values_list(field).annotate(n=Count("*")):
            codes = set(_codes(value))
            if codes:
                counts[f"recorded:{field}"] += n
            for code in codes:
                key = f"{field}:{code}"
                counts[key] = counts.get(key, 0) + n

    citizenships: dict[str, int] = {}
    people = (
        ctx.cases.order_by()
        .values_list("person__sex", "person__estimated_age", "person__citizenship")
        .annotate(n=Count("*"))
    )
    sexes = set(Gender.values)
    for sex_code, age_value, citizenship_value, n in people:
        counts["total"] += n
        if sex_code in sexes:
            counts[f"sex:{sex_code}"] += n
        if sex_code != Gender.UNKNOWN:
            counts["recorded:sex"] += n
        band = _age_band(age_value)
        if band != "?":
            counts[f"age:{band}"] += n
        for code in _codes(citizenship_value) or [""]:
            citizenships[code] = citizenships.get(code, 0) + n
    ctx.memo["counts"] = counts
    ctx.memo["citizenship"] = citizenships
    return dict(counts)


def profile_rows(ctx: Context) -> list[tuple[int, str, str, int]]:
    """(period, trafficking status, country of exploitation, count): one GROUP BY shared by
    the time series and the country section."""
    if "profile" not in ctx.memo:
        by_month = bool(ctx.filters.year)
        period = ExtractMonth("identified_on") if by_month else ExtractYear("identified_on")
        rows = (
            ctx.cases.order_by()
            .annotate(period=period)
            .values_list("period", "trafficking_status", "exploitation_country")
            .annotate(n=Count("*"))  # COUNT(*): the index alone answers (no case id needed)
        )
        ctx.memo["profile"] = [(int(p), status, str(c or ""), n) for p, status, c, n in rows]
    return list(ctx.memo["profile"])


def total(ctx: Context) -> Cell:
    return count_cell(case_counts(ctx)["total"], ctx.k)


def _multi(ctx: Context, key: str, title: str, field: str, note: str = "") -> Chart:
    counts = case_counts(ctx)
    vocab = MULTI[field]
    items = [(c, str(label), counts[f"{field}:{c}"]) for c, label in vocab.choices]
    return bars(key, title, _("People"), items, ctx.k, exclusive=False, note=note)


def exploitation(ctx: Context) -> Chart:
    return _multi(
        ctx,
        "exploitation",
        _("Type of exploitation"),
        "exploitation_types",
        _("A person may have suffered more than one type of exploitation."),
    )


def recruitment(ctx: Context) -> Chart:
    return _multi(ctx, "recruitment", _("Recruitment method"), "recruitment_methods")


def control(ctx: Context) -> Chart:
    return _multi(
        ctx,
        "control",
        _("Methods of control"),
        "methods_of_control",
        _("A person may have been controlled in more than one way."),
    )


def sex(ctx: Context) -> Chart:
    counts = case_counts(ctx)
    items = [(c, str(label), counts[f"sex:{c}"]) for c, label in Gender.choices]
    return bars("sex", _("Sex / gender"), _("People"), items, ctx.k, exclusive=True)


def age(ctx: Context) -> Chart:
    counts = case_counts(ctx)
    items = [(label, label, counts[f"age:{label}"]) for label, _low, _high in AGE_BANDS]
    items.append(("unknown", _("Age unknown"), counts["age:"]))
    return bars("age", _("Age band"), _("People"), items, ctx.k, exclusive=True, keep_zero=True)


def _country_label(code: str) -> str:
    return str(countries.name(code)) if code else _("Not recorded")


def citizenship(ctx: Context) -> Chart:
    case_counts(ctx)
    totals: dict[str, int] = ctx.memo["citizenship"]
    items = [(code, _country_label(code), n) for code, n in totals.items()]
    return bars(
        "citizenship",
        _("Citizenship"),
        _("People"),
        items,
        ctx.k,
        exclusive=False,
        note=_("A person with several citizenships is counted under each."),
    )


def exploitation_country(ctx: Context) -> Chart:
    totals: dict[str, int] = {}
    for _p, _s, country, n in profile_rows(ctx):
        totals[country] = totals.get(country, 0) + n
    items = [(code, _country_label(code), n) for code, n in totals.items()]
    return bars(
        "exploitation_country",
        _("Country of exploitation"),
        _("People"),
        items,
        ctx.k,
        exclusive=True,
    )


def identified(ctx: Context) -> Chart:
    by_month = bool(ctx.filters.year)
    statuses = list(TraffickingStatus.choices)
    table: dict[int, dict[str, int]] = {}
    for p, status, _country, n in profile_rows(ctx):
        row = table.setdefault(p, {})
        row[status] = row.get(status, 0) + n
    periods = list(range(1, 13)) if by_month else sorted(table)
    flat = [table.get(p, {}).get(code, 0) for p in periods for code, _label in statuses]
    cells = counts_column(flat, ctx.k, exclusive=True)
    width = len(statuses)
    return Chart(
        key="identified",
        title=_("People identified, by trafficking status"),
        kind="columns",
        columns=[str(label) for _code, label in statuses],
        rows=[
            Row(
                str(p),
                str(MONTHS_3[p]).capitalize() if by_month else str(p),
                cells[i * width : (i + 1) * width],
            )
            for i, p in enumerate(periods)
        ],
        note=_("By month of identification.") if by_month else _("By year of identification."),
        k=ctx.k,
    )


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def referrals(ctx: Context) -> Chart:
    """Referrals of the consenting cases in view, per pair of organisations."""
    data = (
        Referral.objects.filter(case__in=ctx.cases.values("pk"))
        .order_by()
        .values_list("from_organisation_id", "to_organisation_id", "sent_at", "answered_at")
    )
    pairs: dict[tuple[Any, Any], list[float | None]] = {}
    for source, target, sent, answered_at in data:
        hours = (answered_at - sent).total_seconds() / 3600 if answered_at else None
        pairs.setdefault((source, target), []).append(hours)
    ids = {i for pair in pairs for i in pair}
    names = {o.pk: o.display_name for o in Organisation.objects.filter(pk__in=ids)}
    rows = []
    for (source, target), all_hours in sorted(pairs.items(), key=lambda item: -len(item[1])):
        answered = [h for h in all_hours if h is not None]
        rows.append(
            Row(
                f"{source}:{target}",
                _("{source} → {target}").format(source=names[source], target=names[target]),
                [
                    count_cell(len(all_hours), ctx.k),
                    count_cell(len(answered), ctx.k),
                    measure_cell(_median(answered), len(answered), ctx.k),
                ],
            )
        )
    return Chart(
        key="referrals",
        title=_("Referrals between organisations"),
        kind="bars",
        columns=[_("Referrals"), _("Answered"), _("Median hours to answer")],
        rows=rows,
        note=_("A median is shown only when it rests on enough referrals."),
        k=ctx.k,
        plot=(0, 1),
    )


FIRST_ASSISTANCE_BANDS = [
    ("0", gettext_lazy("Same day"), 0, 0),
    ("1-7", gettext_lazy("1 to 7 days"), 1, 7),
    ("8-30", gettext_lazy("8 to 30 days"), 8, 30),
    ("31-90", gettext_lazy("31 to 90 days"), 31, 90),
    ("91+", gettext_lazy("More than 90 days"), 91, 10**6),
]


def first_assistance(ctx: Context) -> Chart:
    pairs = (
        StageChange.objects.filter(to_stage=Stage.ASSISTANCE, case__in=ctx.cases.values("pk"))
        .order_by()
        .values_list("case_id", "case__identified_on")
        .annotate(first=Min("created_at"))
    )
    days = [
        max(0, (timezone.localdate(moment) - identified).days)
        for _case, identified, moment in pairs
    ]
    items = [
        (code, str(label), sum(1 for d in days if low <= d <= high))
        for code, label, low, high in FIRST_ASSISTANCE_BANDS
    ]
    median = measure_cell(_median([float(d) for d in days]), len(days), ctx.k)
    note = (
        _("Median: {days} days.").format(days=median.display)
        if median.value is not None
        else _("Too few people for a median.")
    )
    return bars(
        "first_assistance",
        _("Time from identification to first assistance"),
        _("People"),
        items,
        ctx.k,
        exclusive=True,
        keep_zero=True,
        note=note,
    )


def tasks(ctx: Context) -> Chart:
    today = timezone.localdate()
    rows = (
        Task.objects.filter(case__in=ctx.cases.values("pk"), done_at__isnull=True)
        .order_by()
        .values("kind")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
    )
    found: dict[str, dict[str, int]] = {
        r["kind"]: {"open": r["open"], "overdue": r["overdue"]} for r in rows
    }
    return Chart(
        key="tasks",
        title=_("Open tasks and overdue deadlines"),
        kind="bars",
        columns=[_("Open"), _("Overdue")],
        rows=[
            Row(
                code,
                str(label),
                [
                    count_cell(found.get(code, {}).get("open", 0), ctx.k),
                    count_cell(found.get(code, {}).get("overdue", 0), ctx.k),
                ],
            )
            for code, label in Task.Kind.choices
        ],
        k=ctx.k,
    )


def register() -> None:
    for order, (key, provider, title) in enumerate(
        [
            ("identified", identified, gettext_lazy("People identified")),
            ("exploitation", exploitation, gettext_lazy("Type of exploitation")),
            ("sex", sex, gettext_lazy("Sex / gender")),
            ("age", age, gettext_lazy("Age band")),
            ("citizenship", citizenship, gettext_lazy("Citizenship")),
            ("exploitation_country", exploitation_country, gettext_lazy("Country of exploitation")),
            ("recruitment", recruitment, gettext_lazy("Recruitment method")),
            ("control", control, gettext_lazy("Methods of control")),
            ("referrals", referrals, gettext_lazy("Referrals between organisations")),
            ("first_assistance", first_assistance, gettext_lazy("Time to first assistance")),
            ("tasks", tasks, gettext_lazy("Open tasks and overdue deadlines")),
        ],
        start=1,
    ):
        register_section(key, provider, title=title, order=order * 10)


def register_shelters() -> None:
    """Shelter occupancy, from the shelters app's selector when it exists."""
    try:
        shelter_selectors = importlib.import_module("haven.shelters.selectors")
    except ImportError:
        return
    summary = getattr(shelter_selectors, "occupancy_summary", None)
    if summary is None or "shelters" in SECTIONS:  # the shelters app registered its own
        return

    def occupancy(ctx: Context) -> Chart | None:
        if ctx.actor is None:  # command line without a user: no shelter scope to ask for
            return None
        data = summary(actor=ctx.actor, organisation_ids=ctx.organisation_ids)
        if not data:
            return None
        labels = {
            "free": _("Free"),
            "occupied": _("Occupied"),
            "reserved": _("Reserved"),
            "out_of_service": _("Out of service"),
        }
        items = [(key, str(label), int(data.get(key) or 0)) for key, label in labels.items()]
        return bars(
            "shelters",
            _("Shelter occupancy"),
            _("Beds"),
            items,
            ctx.k,
            exclusive=True,
            keep_zero=True,
        )

    register_section("shelters", occupancy, title=gettext_lazy("Shelter occupancy"), order=200)
