"""k-anonymity by generalisation and suppression (local recoding, in the manner of Sweeney's
Datafly with a suppression budget).

Every combination of quasi-identifier values in the result appears at least ``k`` times.
The algorithm: group the records by their current quasi-identifier values; while more records
sit in classes smaller than ``k`` than the suppression budget allows, generalise one
quasi-identifier one level up its hierarchy for the records in those small classes, choosing
the attribute that takes the most records out of small classes per level of detail spent
(ties: the attribute with most distinct values, as Datafly); then suppress (drop) the records
still in small classes. It always ends: at the top of every hierarchy all remaining small-class
records share one class, which is kept if it reaches ``k`` and suppressed otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from haven.stats.anonymise.hierarchies import hierarchy_for

VERSION = "haven-kanon-1"
DEFAULT_K = 11  # as CTDC used
DEFAULT_QUASI_IDENTIFIERS: tuple[str, ...] = (
    "yearOfRegistration",
    "gender",
    "ageBroad",
    "citizenship",
    "CountryOfExploitation",
    "traffickMonths",
)
DEFAULT_MAX_SUPPRESSION = 0.02  # share of records that may be dropped before generalising more
_DENSE = 2**26  # keys up to this are counted with bincount


@dataclass(frozen=True)
class Anonymised:
    table: pd.DataFrame
    report: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Column:
    name: str
    codes: np.ndarray  # per record: index of its original value
    ids: np.ndarray  # (levels, originals) -> id of the generalised label
    labels: np.ndarray  # id -> label
    names: tuple[str, ...]
    level: np.ndarray  # per record: current level

    @property
    def height(self) -> int:
        return int(self.ids.shape[0]) - 1

    def values(self, level: np.ndarray | None = None) -> np.ndarray:
        return self.ids[self.level if level is None else level, self.codes]


def _column(table: pd.DataFrame, name: str) -> _Column:
    hierarchy = hierarchy_for(name)
    codes, originals = pd.factorize(table[name], sort=True, use_na_sentinel=True)
    originals = [("" if pd.isna(v) else str(v)) for v in originals] + [""]
    codes = np.where(codes < 0, len(originals) - 1, codes)
    per_level = [[fn(v) for v in originals] for fn in hierarchy.levels]
    flat = [label for level in per_level for label in level]
    if not len(originals):
        ids = np.zeros((len(per_level), 1), dtype=np.int64)
        labels = pd.Index([""])
    else:
        label_ids, labels = pd.factorize(pd.Series(flat, dtype=object))
        ids = np.asarray(label_ids, dtype=np.int64).reshape(len(per_level), len(originals))
    return _Column(
        name=name,
        codes=np.asarray(codes, dtype=np.int64),
        ids=ids,
        labels=np.asarray(labels, dtype=object),
        names=hierarchy.names,
        level=np.zeros(len(table), dtype=np.int64),
    )


def _class_sizes(values: list[tuple[np.ndarray, int]], n: int) -> np.ndarray:
    """Per record: the size of its equivalence class (mixed-radix key, counted in O(n))."""
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    key = np.zeros(n, dtype=np.int64)
    span = 1
    for vals, radix in values:
        if span * radix >= _DENSE:
            _, key = np.unique(key, return_inverse=True)
            span = int(key.max()) + 1
        key = key * radix + vals
        span *= radix
    if span <= _DENSE:
        return np.asarray(np.bincount(key, minlength=span)[key], dtype=np.int64)
    _, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
    return np.asarray(counts[inverse], dtype=np.int64)


def anonymise(
    table: pd.DataFrame,
    *,
    k: int = DEFAULT_K,
    quasi_identifiers: tuple[str, ...] | list[str] = DEFAULT_QUASI_IDENTIFIERS,
    max_suppression: float = DEFAULT_MAX_SUPPRESSION,
) -> Anonymised:
    """``table`` k-anonymous over ``quasi_identifiers``, with a report of what changed."""
    if k < 1:
        raise ValueError("k must be at least 1")
    qis = list(quasi_identifiers)
    unknown = [q for q in qis if q not in table.columns]
    if unknown:
        raise ValueError(f"unknown quasi-identifiers: {', '.join(unknown)}")
    n = len(table)
    columns = [_column(table, q) for q in qis]
    radices = [len(c.labels) for c in columns]
    current = [c.values() for c in columns]
    budget = int(max_suppression * n)
    iterations = 0

    def sizes_with(j: int | None = None, trial: np.ndarray | None = None) -> np.ndarray:
        vals = [
            (trial if i == j and trial is not None else current[i], radices[i])
            for i in range(len(columns))
        ]
        return _class_sizes(vals, n)

    sizes = sizes_with()
    while True:
        small = sizes < k
        n_small = int(small.sum())
        if n_small <= budget:
            break
        best: tuple[float, int, int] | None = None
        best_j: int = -1
        best_sizes: Any = sizes
        best_levels: Any = None
        for j, col in enumerate(columns):
            movable = small & (col.level < col.height)
            if not movable.any():
                continue
            levels = col.level + movable.astype(np.int64)
            trial = col.values(levels)
            trial_sizes = sizes_with(j, trial)
            reduction = n_small - int((trial_sizes < k).sum())
            distinct = len(np.unique(current[j][small]))
            score = (reduction * col.height, distinct, -j)
            if best is None or score > best:
                best, best_j, best_sizes, best_levels = score, j, trial_sizes, levels
        if best is None:
            break
        columns[best_j].level = best_levels
        current[best_j] = columns[best_j].values()
        sizes = best_sizes
        iterations += 1

    keep = sizes >= k
    out = table.loc[keep].copy()
    for j, col in enumerate(columns):
        label_codes, categories = pd.factorize(pd.Series(col.labels, dtype=object))
        out[col.name] = pd.Categorical.from_codes(
            label_codes[current[j][keep]], categories=categories
        )
    out = out.reset_index(drop=True)
    kept_sizes = sizes[keep]
    report: dict[str, Any] = {
        "algorithm": VERSION,
        "k": k,
        "quasi_identifiers": qis,
        "max_suppression": max_suppression,
        "records_in": n,
        "records_out": int(keep.sum()),
        "suppressed_records": int(n - keep.sum()),
        "iterations": iterations,
        "equivalence_classes": round(float(np.sum(1.0 / kept_sizes))) if len(kept_sizes) else 0,
        "smallest_class": int(kept_sizes.min()) if len(kept_sizes) else 0,
        "generalised": {
            col.name: {
                col.names[level]: int(count)
                for level, count in enumerate(
                    np.bincount(col.level[keep], minlength=col.height + 1)
                )
                if count
            }
            for col in columns
        },
    }
    return Anonymised(table=out, report=report)


def smallest_class(table: pd.DataFrame, quasi_identifiers: list[str] | tuple[str, ...]) -> int:
    """The size of the smallest equivalence class (0 for an empty table)."""
    if not len(table):
        return 0
    text = table[list(quasi_identifiers)].astype(str)
    return int(text.value_counts().min())
