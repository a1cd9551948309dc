"""Completeness: which questions are still open and which of them matter most.

Definitions (stable; the explanation and the UI rely on them):

* **unknown**: the instrument's asked items whose answer is neither ``yes`` nor ``no``, sorted
  by ID. Supplementary answers (accepted but not asked) are never listed.
* **outcome_could_change**: there is a way to answer every unknown item ``yes`` or ``no`` that
  gives a different outcome. For the dimension and Palermo rules an unknown counts exactly like
  ``no``, and the rules are monotone (``yes`` never lowers the outcome), so the outcomes of all
  completions lie between the current outcome and the outcome with every unknown set to ``yes``:
  the flag is exact when computed as "the all-yes completion differs". For the first-contact
  screen a possible child's unknowns already trigger the full interview, so the all-``no``
  completion is checked as well. The tests verify both claims by enumeration.
* **change paths**: for every outcome above the current one that some completion reaches, the
  smallest number ``k`` of unknown items that, answered ``yes``, reach at least that outcome,
  and the items that belong to at least one such smallest set. Each item gets a **share**: the
  fraction of all smallest sets that contain it (1.0 = needed in every smallest set). Items are
  ranked by share (descending), then strength (strong, medium, weak), then ID.
* **most important unknown**: the ranked items of the path to the *highest* reachable outcome,
  normally ``trafficking_indicators_met``: the questions whose answers decide whether a referral
  as a presumed victim is indicated, strongest evidence first. (For the first-contact screen,
  the single path to the other outcome.)

The computation is exact and fast: items with the same contributions are interchangeable, so
the search runs over counts per class of items, separately for each group of atoms (dimensions
or elements) linked by shared items, and combines the groups with a small dynamic programme.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass

from .instruments import STRENGTHS, Instrument, Item, Strength
from .rules import (
    NO_INDICATORS,
    NO_RED_FLAGS,
    OUTCOMES,
    RUN_FULL_INTERVIEW,
    SOME_INDICATORS,
    Answer,
    AtomCount,
    AtomRule,
    atom_counts,
    atom_rule_for,
    outcome_rank,
    positive_atoms,
)


@dataclass(frozen=True)
class RankedQuestion:
    id: str
    share: float


@dataclass(frozen=True)
class ChangePath:
    """The smallest sets of answers that would move the outcome to ``reaches`` (or beyond)."""

    reaches: str
    min_answers: int
    answer: Answer
    questions: tuple[RankedQuestion, ...]


@dataclass(frozen=True)
class Completeness:
    unknown: tuple[str, ...]
    outcome_could_change: bool
    paths: tuple[ChangePath, ...]

    @property
    def most_important(self) -> tuple[str, ...]:
        return tuple(q.id for q in self.paths[-1].questions) if self.paths else ()


def unknown_items(instrument: Instrument, answers: Mapping[str, Answer]) -> list[Item]:
    return sorted(
        (item for item in instrument.items if answers.get(item.id, "unknown") == "unknown"),
        key=lambda item: item.id,
    )


def _strength_key(item: Item) -> int:
    return STRENGTHS.index(item.strength) if item.strength else len(STRENGTHS)


def _ranked(shares: Mapping[str, float], items: Mapping[str, Item]) -> tuple[RankedQuestion, ...]:
    order = sorted(shares, key=lambda i: (-shares[i], _strength_key(items[i]), i))
    return tuple(RankedQuestion(i, round(shares[i], 4)) for i in order if shares[i] > 0)


def analyse(
    instrument: Instrument, answers: Mapping[str, Answer], *, child: bool, outcome: str
) -> Completeness:
    """Completeness analysis for the current ``outcome`` of ``answers``."""
    unknown = unknown_items(instrument, answers)
    unknown_ids = tuple(item.id for item in unknown)
    rule = atom_rule_for(instrument)
    if rule is None:
        return _analyse_first_contact(instrument, answers, unknown, child=child, outcome=outcome)
    yes = [item for item in instrument.items if answers.get(item.id) == "yes"]
    base = atom_counts(rule, yes)
    by_id = {item.id: item for item in unknown}
    paths: list[ChangePath] = []
    for target in OUTCOMES[outcome_rank(outcome) + 1 :]:
        if target == SOME_INDICATORS:
            counting = [item.id for item in unknown if rule.counts_as_indicator(item)]
            if outcome == NO_INDICATORS and counting:
                share = 1 / len(counting)
                paths.append(
                    ChangePath(target, 1, "yes", _ranked(dict.fromkeys(counting, share), by_id))
                )
            continue
        found = _smallest_sets(rule, base, unknown, child=child, target=target)
        if found is not None:
            k, shares = found
            paths.append(ChangePath(target, k, "yes", _ranked(shares, by_id)))
    return Completeness(unknown_ids, bool(paths), tuple(paths))


# --------------------------------------------------------------------- atom-rule search


@dataclass(frozen=True)
class _Class:
    atoms: tuple[tuple[str, Strength], ...]
    items: tuple[str, ...]
    cap: int


def _classes(rule: AtomRule, unknown: list[Item]) -> list[_Class]:
    grouped: dict[tuple[tuple[str, Strength], ...], list[str]] = {}
    for item in unknown:
        signature = tuple(sorted(rule.atoms_of(item)))
        if signature:
            grouped.setdefault(signature, []).append(item.id)
    classes = []
    for signature, ids in grouped.items():
        cap = min(len(ids), max(rule.atom_cap(atom) for atom, _ in signature))
        classes.append(_Class(signature, tuple(ids), cap))
    return classes


def _components(classes: list[_Class]) -> list[list[int]]:
    """Groups of classes linked by the atoms they share (union-find over atoms)."""
    parent: dict[str, str] = {}

    def find(a: str) -> str:
        while parent.setdefault(a, a) != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for cls in classes:
        atoms = [atom for atom, _ in cls.atoms]
        for other in atoms[1:]:
            parent[find(other)] = find(atoms[0])
    groups: dict[str, list[int]] = {}
    for index, cls in enumerate(classes):
        groups.setdefault(find(cls.atoms[0][0]), []).append(index)
    return list(groups.values())


# One table row: (ways, inclusion counts per class index).
_Row = tuple[int, dict[int, int]]


def _component_table(
    rule: AtomRule, base: Mapping[str, AtomCount], classes: list[_Class], members: list[int]
) -> dict[tuple[frozenset[str], int], _Row]:
    """For every way of adding items of the component's classes: which of its atoms are
    positive, at what cost, in how many ways, and how many of those ways include a given item
    of each class."""
    atoms = sorted({atom for i in members for atom, _ in classes[i].atoms})
    table: dict[tuple[frozenset[str], int], _Row] = {}
    for vector in itertools.product(*(range(classes[i].cap + 1) for i in members)):
        counts = {atom: list(base.get(atom, (0, 0, 0))) for atom in atoms}
        for i, added in zip(members, vector, strict=True):
            for atom, strength in classes[i].atoms:
                counts[atom]["SMW".index(strength)] += added
        positive = frozenset(
            atom
            for atom in atoms
            if rule.atom_positive(atom, (counts[atom][0], counts[atom][1], counts[atom][2]))
        )
        sizes = [len(classes[i].items) for i in members]
        ways = math.prod(math.comb(n, v) for n, v in zip(sizes, vector, strict=True))
        inclusion = {
            i: ways * v // n for i, n, v in zip(members, sizes, vector, strict=True) if v
        }  # comb(n-1, v-1) * rest == ways * v / n
        key = (positive, sum(vector))
        old_ways, old_incl = table.get(key, (0, {}))
        merged = dict(old_incl)
        for i, count in inclusion.items():
            merged[i] = merged.get(i, 0) + count
        table[key] = (old_ways + ways, merged)
    return table


def _smallest_sets(
    rule: AtomRule,
    base: Mapping[str, AtomCount],
    unknown: list[Item],
    *,
    child: bool,
    target: str,
) -> tuple[int, dict[str, float]] | None:
    """Size of the smallest sets of unknown items whose "yes" reaches ``target`` or above, and
    each item's share of those sets; None if no completion reaches it."""
    classes = _classes(rule, unknown)
    components = _components(classes)
    component_atoms = {atom for cls in classes for atom, _ in cls.atoms}
    fixed = frozenset(a for a in positive_atoms(rule, base) if a not in component_atoms)
    tables = [_component_table(rule, base, classes, members) for members in components]
    wanted = outcome_rank(target)

    def reaches(positive: frozenset[str]) -> bool:
        return outcome_rank(rule.outcome(positive, True, child)) >= wanted

    # 1. the smallest cost, over combinations of per-component patterns
    best: dict[frozenset[str], int] = {fixed: 0}
    for table in tables:
        cheapest: dict[frozenset[str], int] = {}
        for positive, cost in table:
            cheapest[positive] = min(cost, cheapest.get(positive, cost))
        merged: dict[frozenset[str], int] = {}
        for pos_a, cost_a in best.items():
            for pos_b, cost_b in cheapest.items():
                key = pos_a | pos_b
                merged[key] = min(cost_a + cost_b, merged.get(key, cost_a + cost_b))
        best = merged
    costs = [cost for positive, cost in best.items() if reaches(positive)]
    if not costs:
        return None
    k = min(costs)

    # 2. count the sets of exactly k items that reach the target, and the sets containing each item
    states: dict[tuple[frozenset[str], int], _Row] = {(fixed, 0): (1, {})}
    for table in tables:
        merged_states: dict[tuple[frozenset[str], int], _Row] = {}
        for (pos_a, cost_a), (ways_a, incl_a) in states.items():
            for (pos_b, cost_b), (ways_b, incl_b) in table.items():
                cost = cost_a + cost_b
                if cost > k:
                    continue
                state = (pos_a | pos_b, cost)
                ways, incl = merged_states.get(state, (0, {}))
                incl = dict(incl)
                for i, n in incl_a.items():
                    incl[i] = incl.get(i, 0) + n * ways_b
                for i, n in incl_b.items():
                    incl[i] = incl.get(i, 0) + n * ways_a
                merged_states[state] = (ways + ways_a * ways_b, incl)
        states = merged_states
    total = 0
    including: dict[int, int] = {}
    for (positive, cost), (ways, incl) in states.items():
        if cost == k and reaches(positive):
            total += ways
            for i, n in incl.items():
                including[i] = including.get(i, 0) + n
    shares = {
        item_id: including.get(index, 0) / total
        for index, cls in enumerate(classes)
        for item_id in cls.items
    }
    return k, shares


# ------------------------------------------------------------------------ first contact


def _analyse_first_contact(
    instrument: Instrument,
    answers: Mapping[str, Answer],
    unknown: list[Item],
    *,
    child: bool,
    outcome: str,
) -> Completeness:
    unknown_ids = tuple(item.id for item in unknown)
    by_id = {item.id: item for item in unknown}
    has_flag = any(answers.get(item.id) == "yes" for item in instrument.items)
    if has_flag or not unknown:
        return Completeness(unknown_ids, False, ())
    if outcome == RUN_FULL_INTERVIEW:
        # A possible child with unanswered questions: only answering every one "no" clears it.
        path = ChangePath(
            NO_RED_FLAGS, len(unknown), "no", _ranked(dict.fromkeys(unknown_ids, 1.0), by_id)
        )
        return Completeness(unknown_ids, True, (path,))
    if outcome != NO_RED_FLAGS:  # pragma: no cover - internal invariant
        raise ValueError(f"unexpected first-contact outcome {outcome!r}")
    share = 1 / len(unknown)
    path = ChangePath(
        RUN_FULL_INTERVIEW, 1, "yes", _ranked(dict.fromkeys(unknown_ids, share), by_id)
    )
    return Completeness(unknown_ids, True, (path,))
