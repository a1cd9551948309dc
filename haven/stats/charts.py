"""The shape every statistic takes (a ``Chart``: rows x columns of ``Cell``) and the small-cell
rule: a count from 1 to k-1 becomes "< k" (value withheld), wherever anyone sees it.

Secondary suppression: in a distribution whose total can be seen (one category per person),
a single suppressed cell could be worked out from the total, so the next smallest cell is
withheld too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Cell:
    value: float | None  # None when withheld
    display: str
    suppressed: bool = False

    def as_json(self) -> dict[str, Any]:
        return {"value": self.value, "display": self.display, "suppressed": self.suppressed}


@dataclass
class Row:
    key: str
    label: str
    cells: list[Cell]


@dataclass
class Chart:
    key: str
    title: str
    kind: str  # "bars" (one bar per row), "columns" (stacked columns per row), "table"
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    note: str = ""
    k: int = 0
    plot: tuple[int, ...] = ()  # columns drawn in the chart (all when empty)

    @property
    def empty(self) -> bool:
        return not any(c.value for r in self.rows for c in r.cells)

    @property
    def description(self) -> str:
        """The text alternative of the chart."""
        if self.empty:
            return _("No data for these filters.")
        shown = [(r.label, c.value) for r in self.rows for c in r.cells[:1] if c.value is not None]
        parts = []
        if shown and self.kind == "bars":
            label, value = max(shown, key=lambda item: item[1] or 0)
            parts.append(_("Largest: {label} ({value}).").format(label=label, value=_num(value)))
        elif self.kind == "columns":
            parts.append(
                _("{rows} periods, {columns} series.").format(
                    rows=len(self.rows), columns=len(self.columns)
                )
            )
        hidden = sum(1 for r in self.rows for c in r.cells if c.suppressed)
        if hidden:
            parts.append(
                _("{count} values are below {k} and shown as “< {k}”.").format(
                    count=hidden, k=self.k
                )
            )
        return " ".join(parts)

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "kind": self.kind,
            "small_cell_threshold": self.k,
            "columns": self.columns,
            "rows": [
                {"key": r.key, "label": r.label, "cells": [c.as_json() for c in r.cells]}
                for r in self.rows
            ],
            "note": self.note,
            "description": self.description,
        }


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def count_cell(count: int, k: int) -> Cell:
    if 0 < count < k:
        return Cell(None, f"< {k}", True)
    return Cell(count, str(count))


def measure_cell(value: float | None, support: int, k: int) -> Cell:
    """A measure (a median, a share) shown only when it rests on at least k people."""
    if value is None or support == 0:
        return Cell(None, "–")
    if support < k:
        return Cell(None, f"< {k}", True)
    return Cell(value, _num(value))


def counts_column(counts: list[int], k: int, *, exclusive: bool) -> list[Cell]:
    """Cells of one column; ``exclusive``: the categories partition the people counted, so a
    lone withheld cell gets a companion (secondary suppression)."""
    cells = [count_cell(c, k) for c in counts]
    hidden = [i for i, c in enumerate(cells) if c.suppressed]
    if exclusive and len(hidden) == 1:
        others = [(c, i) for i, c in enumerate(counts) if i not in hidden and c > 0]
        if others:
            _value, index = min(others)
            cells[index] = Cell(None, f"< {k}" if counts[index] < k else "×", True)
    return cells


def bars(
    key: str,
    title: str,
    column: str,
    items: list[tuple[str, str, int]],
    k: int,
    *,
    exclusive: bool,
    keep_zero: bool = False,
    note: str = "",
) -> Chart:
    """One count per category (``items``: code, label, count), largest first."""
    rows = [i for i in items if keep_zero or i[2] > 0]
    if not keep_zero:
        rows.sort(key=lambda i: -i[2])
    cells = counts_column([i[2] for i in rows], k, exclusive=exclusive)
    return Chart(
        key=key,
        title=title,
        kind="bars",
        columns=[column],
        rows=[
            Row(code, label, [cell]) for (code, label, _c), cell in zip(rows, cells, strict=True)
        ],
        note=note,
        k=k,
    )


def total_cell(count: int, k: int) -> Cell:
    return count_cell(count, k)
