"""A country's (or organisation's) profile next to an imported CTDC global dataset.

Shares are computed only over records where that group of variables was recorded, as the
CTDC codebook asks; the small-cell rule applies to both sides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django_countries import countries

from haven.cases.vocab import ControlMethod, ExploitationType, Gender
from haven.stats.aggregates import case_counts
from haven.stats.anonymise.ctdc import AGE_BANDS
from haven.stats.charts import Cell, count_cell
from haven.stats.models import GlobalDataset, GlobalRecord
from haven.stats.sections import Context

GLOBAL_EXPLOITATION = (
    "ForcedLabour",
    "SexualExploitation",
    "ForcedMarriage",
    "Servitude",
    "ForcedMilitaryByNonStateActors",
    "OrganRemoval",
    "Other",
)
TRANS = ("TransgenderFeminine", "TransgenderMasculine", "NonConforming")
TOP = 10


@dataclass
class CompareRow:
    label: str
    ours: Cell
    ours_share: str
    theirs: Cell
    theirs_share: str


@dataclass
class CompareTable:
    key: str
    title: str
    rows: list[CompareRow]
    ours_recorded: Cell
    theirs_recorded: Cell


def _share(count: int, recorded: int, k: int) -> str:
    if count < k or recorded < k:
        return "–" if count == 0 else f"< {k}" if count < k else "–"
    return f"{100 * count / recorded:.0f} %"


def _global_counts(records: Any) -> dict[str, int]:
    aggregates: dict[str, Any] = {"total": Count("pk")}
    keys: dict[str, str] = {"total": "total"}

    def add(key: str, condition: Q) -> None:
        alias = f"g{len(keys)}"
        keys[alias] = key
        aggregates[alias] = Count("pk", filter=condition)

    add("recorded:exploitation", ~Q(exploitation=""))
    for code in GLOBAL_EXPLOITATION:
        add(f"exploitation:{code}", Q(exploitation__contains=f",{code},"))
    add("recorded:control", ~Q(control=""))
    for code in ControlMethod.values:
        add(f"control:{code}", Q(control__contains=f",{code},"))
    add("recorded:gender", ~Q(gender=""))
    for code in ("Feminine", "Masculine", "NonConforming"):
        add(f"gender:{code}", Q(gender=code))
    add("recorded:age", ~Q(age_band=""))
    for label, _low, _high in AGE_BANDS:
        add(f"age:{label}", Q(age_band=label))
    row = records.order_by().aggregate(**aggregates)
    return {keys[alias]: int(value or 0) for alias, value in row.items()}


def _table(
    key: str, title: str, items: list[tuple[str, int, int]], recorded: tuple[int, int], k: int
) -> CompareTable:
    ours_total, theirs_total = recorded
    return CompareTable(
        key=key,
        title=title,
        rows=[
            CompareRow(
                label,
                count_cell(ours, k),
                _share(ours, ours_total, k),
                count_cell(theirs, k),
                _share(theirs, theirs_total, k),
            )
            for label, ours, theirs in items
            if ours or theirs
        ],
        ours_recorded=count_cell(ours_total, k),
        theirs_recorded=count_cell(theirs_total, k),
    )


def _top_countries(
    ctx: Context, records: Any, ours_field: str, theirs_field: str
) -> tuple[list[tuple[str, int, int]], tuple[int, int]]:
    ours: dict[str, int] = {}
    for value, n in ctx.cases.order_by().values_list(ours_field).annotate(n=Count("pk")):
        codes = value if isinstance(value, list) else [c for c in str(value or "").split(",") if c]
        for code in codes:
            ours[str(code)] = ours.get(str(code), 0) + n
    theirs = dict(
        records.order_by()
        .exclude(**{theirs_field: ""})
        .values_list(theirs_field)
        .annotate(n=Count("pk"))
    )
    ranked = sorted(set(ours) | set(theirs), key=lambda c: -(ours.get(c, 0) + theirs.get(c, 0)))
    items = [(str(countries.name(c)) or c, ours.get(c, 0), theirs.get(c, 0)) for c in ranked[:TOP]]
    return items, (sum(ours.values()), sum(theirs.values()))


def compare(ctx: Context, dataset: GlobalDataset) -> list[CompareTable]:
    k = ctx.k
    records = GlobalRecord.objects.filter(dataset=dataset)
    if ctx.filters.year:
        records = records.filter(year=ctx.filters.year)
    ours = case_counts(ctx)
    theirs = _global_counts(records)
    labels = dict(ExploitationType.choices)
    tables = [
        _table(
            "exploitation",
            _("Type of exploitation"),
            [
                (str(labels[c]), ours[f"exploitation_types:{c}"], theirs[f"exploitation:{c}"])
                for c in GLOBAL_EXPLOITATION
            ],
            (ours["recorded:exploitation_types"], theirs["recorded:exploitation"]),
            k,
        ),
        _table(
            "gender",
            _("Sex / gender"),
            [
                (str(Gender.FEMININE.label), ours["sex:Feminine"], theirs["gender:Feminine"]),
                (str(Gender.MASCULINE.label), ours["sex:Masculine"], theirs["gender:Masculine"]),
                (
                    _("Transgender or gender non-conforming"),
                    sum(ours[f"sex:{c}"] for c in TRANS),
                    theirs["gender:NonConforming"],
                ),
            ],
            (ours["recorded:sex"], theirs["recorded:gender"]),
            k,
        ),
        _table(
            "age",
            _("Age band"),
            [(label, ours[f"age:{label}"], theirs[f"age:{label}"]) for label, _l, _h in AGE_BANDS],
            (ours["total"] - ours["age:"], theirs["recorded:age"]),
            k,
        ),
        _table(
            "control",
            _("Methods of control"),
            [
                (str(label), ours[f"methods_of_control:{c}"], theirs[f"control:{c}"])
                for c, label in ControlMethod.choices
            ],
            (ours["recorded:methods_of_control"], theirs["recorded:control"]),
            k,
        ),
    ]
    for key, title, ours_field, theirs_field in (
        ("citizenship", _("Citizenship (ten most frequent)"), "person__citizenship", "citizenship"),
        (
            "exploitation_country",
            _("Country of exploitation (ten most frequent)"),
            "exploitation_country",
            "exploitation_country",
        ),
    ):
        items, recorded = _top_countries(ctx, records, ours_field, theirs_field)
        tables.append(_table(key, title, items, recorded, k))
    return tables


def global_total(dataset: GlobalDataset, year: int | None) -> int:
    records = GlobalRecord.objects.filter(dataset=dataset)
    return (records.filter(year=year) if year else records).count()
