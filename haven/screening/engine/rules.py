"""Decision rules: from answers to an outcome, dimensions and Palermo elements.

Pure functions over :mod:`.instruments` data. Every rule is monotone: turning an answer from
``unknown`` or ``no`` to ``yes`` never lowers the outcome (the tests check it), which is what makes
the completeness analysis in :mod:`.completeness` exact.

Outcome vocabulary, lowest first::

    no_indicators < some_indicators < exploitation_indicators_only < trafficking_indicators_met
    no_red_flags < run_full_interview                      (first-contact screen)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final, Literal, Protocol

from .instruments import (
    DESTINATION_DIMENSIONS,
    DIMENSION_RULES,
    ELEMENTS,
    EXPLOITATION_DIMENSION,
    ILO_EC_DIMENSIONS,
    RECRUITMENT_DIMENSIONS,
    RULE_FIRST_CONTACT,
    RULE_PALERMO,
    Instrument,
    Item,
    Strength,
)

#: Version of the engine's rules (clauses, combination, child rule, completeness analysis).
#: Bump on any change that can change a result for the same instrument version and answers.
RULE_VERSION: Final = "1.0.0"

Answer = Literal["yes", "no", "unknown"]
ANSWERS: Final[tuple[Answer, ...]] = ("yes", "no", "unknown")

NO_INDICATORS: Final = "no_indicators"
SOME_INDICATORS: Final = "some_indicators"
EXPLOITATION_ONLY: Final = "exploitation_indicators_only"
TRAFFICKING_MET: Final = "trafficking_indicators_met"
OUTCOMES: Final = (NO_INDICATORS, SOME_INDICATORS, EXPLOITATION_ONLY, TRAFFICKING_MET)

NO_RED_FLAGS: Final = "no_red_flags"
RUN_FULL_INTERVIEW: Final = "run_full_interview"
FIRST_CONTACT_OUTCOMES: Final = (NO_RED_FLAGS, RUN_FULL_INTERVIEW)

# Clause names of the dimension rule, in the order they are tried.
CLAUSE_2_STRONG: Final = "2_strong"
CLAUSE_1_STRONG_1_OTHER: Final = "1_strong_1_other"
CLAUSE_3_MEDIUM: Final = "3_medium"
CLAUSE_2_MEDIUM_1_WEAK: Final = "2_medium_1_weak"
CLAUSE_NOT_MET: Final = "not_met"

# Combination clauses (which part of the rule decided the outcome).
COMBINATION_ADULT: Final = "adult:recruitment+exploitation+destination"
COMBINATION_CHILD_ACT: Final = "child:exploitation+act"
COMBINATION_CHILD_RECRUITMENT: Final = "child:exploitation+recruitment"
COMBINATION_PALERMO_ADULT: Final = "adult:act+means+purpose"
COMBINATION_PALERMO_CHILD: Final = "child:act+purpose"
COMBINATION_EXPLOITATION: Final = "exploitation_only"
COMBINATION_ANY_YES: Final = "any_yes"
COMBINATION_NONE: Final = "none"
COMBINATION_RED_FLAG: Final = "red_flag_yes"
COMBINATION_CHILD_UNANSWERED: Final = "child:red_flag_unanswered"
COMBINATION_NO_RED_FLAGS: Final = "no_red_flag_yes"

ACT_ATOM: Final = "act"


def outcome_order(decision_rule: str) -> tuple[str, ...]:
    """The outcome vocabulary of a decision rule, lowest first."""
    return FIRST_CONTACT_OUTCOMES if decision_rule == RULE_FIRST_CONTACT else OUTCOMES


def outcome_rank(outcome: str) -> int:
    """Position of an outcome in its vocabulary (0 = lowest)."""
    if outcome in FIRST_CONTACT_OUTCOMES:
        return FIRST_CONTACT_OUTCOMES.index(outcome)
    return OUTCOMES.index(outcome)


def dimension_clause(strong: int, medium: int, weak: int) -> str:
    """The clause of the ILO/EC dimension rule met by these counts of "yes" indicators.

    Positive with at least 2 strong, or 1 strong + 1 medium-or-weak, or 3 medium, or
    2 medium + 1 weak; the first clause that holds is named.
    """
    if strong >= 2:
        return CLAUSE_2_STRONG
    if strong >= 1 and medium + weak >= 1:
        return CLAUSE_1_STRONG_1_OTHER
    if medium >= 3:
        return CLAUSE_3_MEDIUM
    if medium >= 2 and weak >= 1:
        return CLAUSE_2_MEDIUM_1_WEAK
    return CLAUSE_NOT_MET


# -------------------------------------------------------------------------------- results


@dataclass(frozen=True)
class DimensionResult:
    id: str
    positive: bool
    rule: str
    yes: tuple[str, ...]
    strong: int = 0
    medium: int = 0
    weak: int = 0


@dataclass(frozen=True)
class Elements:
    """Palermo elements found, and what each was found from (dimension IDs or item IDs)."""

    act: bool
    means: bool
    purpose: bool
    act_from: tuple[str, ...] = ()
    means_from: tuple[str, ...] = ()
    purpose_from: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, bool]:
        return {"act": self.act, "means": self.means, "purpose": self.purpose}


@dataclass(frozen=True)
class Assessment:
    """The decision for one set of answers."""

    outcome: str
    combination: str
    child_rules_applied: bool
    elements: Elements
    dimensions: tuple[DimensionResult, ...] = ()
    yes: tuple[str, ...] = ()
    red_flags: tuple[str, ...] = ()
    prefill: Mapping[str, Answer] = field(default_factory=dict)

    def dimension(self, dimension_id: str) -> DimensionResult:
        for result in self.dimensions:
            if result.id == dimension_id:
                return result
        raise KeyError(dimension_id)

    @property
    def positive_dimensions(self) -> frozenset[str]:
        return frozenset(d.id for d in self.dimensions if d.positive)


# ----------------------------------------------------------------------- atom-based rules
#
# The dimension rule and the Palermo rule are both functions of which "atoms" are positive:
# a dimension (DR ... VD) is positive by the strength clauses, an element atom (act, means,
# purpose) by a single "yes". The completeness analysis works on this representation.

AtomCount = tuple[int, int, int]  # strong, medium, weak


class AtomRule(Protocol):
    def atoms_of(self, item: Item) -> tuple[tuple[str, Strength], ...]:
        """The atoms an item counts towards when answered "yes", with its strength there."""
        ...

    def atom_cap(self, atom: str) -> int:
        """Beyond this many "yes" items of one kind, an atom gains nothing."""
        ...

    def atom_positive(self, atom: str, count: AtomCount) -> bool: ...

    def counts_as_indicator(self, item: Item) -> bool:
        """Whether a "yes" to the item is an indicator for the some_indicators outcome."""
        ...

    def outcome(self, positive: frozenset[str], any_indicator: bool, child: bool) -> str: ...


def atom_counts(rule: AtomRule, items: list[Item]) -> dict[str, AtomCount]:
    counts: dict[str, list[int]] = {}
    for item in items:
        for atom, strength in rule.atoms_of(item):
            counts.setdefault(atom, [0, 0, 0])["SMW".index(strength)] += 1
    return {atom: (c[0], c[1], c[2]) for atom, c in counts.items()}


def positive_atoms(rule: AtomRule, counts: Mapping[str, AtomCount]) -> frozenset[str]:
    return frozenset(atom for atom, count in counts.items() if rule.atom_positive(atom, count))


class DimensionRule:
    """ILO/EC 2009 dimensions (also used, through a mapping, by the ILO 2012 instrument)."""

    def atoms_of(self, item: Item) -> tuple[tuple[str, Strength], ...]:
        if item.kind == "indicator":
            return tuple((c.dimension, c.strength) for c in item.contributions)
        if item.kind == "element" and item.element == "act":
            return ((ACT_ATOM, "S"),)
        return ()

    def atom_cap(self, atom: str) -> int:
        return 1 if atom == ACT_ATOM else 3

    def atom_positive(self, atom: str, count: AtomCount) -> bool:
        if atom == ACT_ATOM:
            return sum(count) >= 1
        return dimension_clause(*count) != CLAUSE_NOT_MET

    def counts_as_indicator(self, item: Item) -> bool:
        return item.kind == "indicator"

    def outcome(self, positive: frozenset[str], any_indicator: bool, child: bool) -> str:
        return self.combination(positive, any_indicator, child)[0]

    def combination(
        self, positive: frozenset[str], any_indicator: bool, child: bool
    ) -> tuple[str, str]:
        if EXPLOITATION_DIMENSION in positive:
            recruitment = any(d in positive for d in RECRUITMENT_DIMENSIONS)
            destination = any(d in positive for d in DESTINATION_DIMENSIONS)
            if recruitment and destination:
                # Met under the adult rule; a child meets the (weaker) child rule as well, and
                # the clause reported is the child one so that the explanation says so.
                if child:
                    return TRAFFICKING_MET, COMBINATION_CHILD_RECRUITMENT
                return TRAFFICKING_MET, COMBINATION_ADULT
            if child and recruitment:
                return TRAFFICKING_MET, COMBINATION_CHILD_RECRUITMENT
            if child and ACT_ATOM in positive:
                return TRAFFICKING_MET, COMBINATION_CHILD_ACT
            return EXPLOITATION_ONLY, COMBINATION_EXPLOITATION
        if any_indicator:
            return SOME_INDICATORS, COMBINATION_ANY_YES
        return NO_INDICATORS, COMBINATION_NONE


class PalermoRule:
    """Act, means and purpose (Palermo Protocol art. 3)."""

    def atoms_of(self, item: Item) -> tuple[tuple[str, Strength], ...]:
        return ((item.element, "S"),) if item.element in ELEMENTS else ()

    def atom_cap(self, atom: str) -> int:
        return 1

    def atom_positive(self, atom: str, count: AtomCount) -> bool:
        return sum(count) >= 1

    def counts_as_indicator(self, item: Item) -> bool:
        return item.element in ELEMENTS

    def outcome(self, positive: frozenset[str], any_indicator: bool, child: bool) -> str:
        return self.combination(positive, any_indicator, child)[0]

    def combination(
        self, positive: frozenset[str], any_indicator: bool, child: bool
    ) -> tuple[str, str]:
        if "purpose" in positive:
            if "act" in positive and "means" in positive and not child:
                return TRAFFICKING_MET, COMBINATION_PALERMO_ADULT
            if "act" in positive and child:
                return TRAFFICKING_MET, COMBINATION_PALERMO_CHILD
            return EXPLOITATION_ONLY, COMBINATION_EXPLOITATION
        if any_indicator:
            return SOME_INDICATORS, COMBINATION_ANY_YES
        return NO_INDICATORS, COMBINATION_NONE


DIMENSION_RULE: Final = DimensionRule()
PALERMO_RULE: Final = PalermoRule()


def atom_rule_for(instrument: Instrument) -> DimensionRule | PalermoRule | None:
    """The atom-based rule of an instrument; None for the first-contact screen."""
    if instrument.decision_rule.id in DIMENSION_RULES:
        return DIMENSION_RULE
    if instrument.decision_rule.id == RULE_PALERMO:
        return PALERMO_RULE
    return None


# ------------------------------------------------------------------------------- assessing


def _yes_items(
    instrument: Instrument, answers: Mapping[str, Answer], *, asked_only: bool
) -> list[Item]:
    pool = instrument.items if asked_only else (*instrument.items, *instrument.supplementary)
    return [item for item in pool if answers.get(item.id) == "yes"]


def _element_answers(
    instrument: Instrument, answers: Mapping[str, Answer], element: str
) -> tuple[str, ...]:
    pool = (*instrument.items, *instrument.supplementary)
    return tuple(sorted(i.id for i in pool if i.element == element and answers.get(i.id) == "yes"))


def assess(instrument: Instrument, answers: Mapping[str, Answer], *, child: bool) -> Assessment:
    """Apply the instrument's decision rule. ``answers`` must already be validated; missing IDs
    are unknown."""
    rule_id = instrument.decision_rule.id
    if rule_id in DIMENSION_RULES:
        return _assess_dimensions(instrument, answers, child)
    if rule_id == RULE_PALERMO:
        return _assess_palermo(instrument, answers, child)
    if rule_id == RULE_FIRST_CONTACT:
        return _assess_first_contact(instrument, answers, child)
    raise ValueError(f"no rule {rule_id!r}")  # unreachable: the loader checks rule IDs


def _assess_dimensions(
    instrument: Instrument, answers: Mapping[str, Answer], child: bool
) -> Assessment:
    yes_items = _yes_items(instrument, answers, asked_only=True)
    dimensions = []
    for dim in ILO_EC_DIMENSIONS:
        counted = [
            (item.id, c.strength)
            for item in yes_items
            for c in item.contributions
            if c.dimension == dim
        ]
        strong = sum(1 for _, s in counted if s == "S")
        medium = sum(1 for _, s in counted if s == "M")
        weak = sum(1 for _, s in counted if s == "W")
        clause = dimension_clause(strong, medium, weak)
        dimensions.append(
            DimensionResult(
                id=dim,
                positive=clause != CLAUSE_NOT_MET,
                rule=clause,
                yes=tuple(sorted(i for i, _ in counted)),
                strong=strong,
                medium=medium,
                weak=weak,
            )
        )
    positive = frozenset(d.id for d in dimensions if d.positive)
    act_answers = _element_answers(instrument, answers, "act")
    atoms = positive | ({ACT_ATOM} if act_answers else frozenset())
    any_indicator = any(item.kind == "indicator" for item in yes_items)
    outcome, combination = DIMENSION_RULE.combination(atoms, any_indicator, child)

    act_from = tuple(d for d in RECRUITMENT_DIMENSIONS if d in positive) + act_answers
    means_dims = (*RECRUITMENT_DIMENSIONS, *DESTINATION_DIMENSIONS)
    means_from = tuple(d for d in means_dims if d in positive) + _element_answers(
        instrument, answers, "means"
    )
    purpose_from = (
        (EXPLOITATION_DIMENSION,) if EXPLOITATION_DIMENSION in positive else ()
    ) + _element_answers(instrument, answers, "purpose")
    elements = Elements(
        act=bool(act_from),
        means=bool(means_from),
        purpose=bool(purpose_from),
        act_from=act_from,
        means_from=means_from,
        purpose_from=purpose_from,
    )
    return Assessment(
        outcome=outcome,
        combination=combination,
        child_rules_applied=child,
        elements=elements,
        dimensions=tuple(dimensions),
        yes=tuple(sorted(i.id for i in _yes_items(instrument, answers, asked_only=False))),
    )


def _assess_palermo(
    instrument: Instrument, answers: Mapping[str, Answer], child: bool
) -> Assessment:
    found = {element: _element_answers(instrument, answers, element) for element in ELEMENTS}
    atoms = frozenset(e for e, ids in found.items() if ids)
    yes = tuple(sorted(i for ids in found.values() for i in ids))
    outcome, combination = PALERMO_RULE.combination(atoms, bool(yes), child)
    elements = Elements(
        act=bool(found["act"]),
        means=bool(found["means"]),
        purpose=bool(found["purpose"]),
        act_from=found["act"],
        means_from=found["means"],
        purpose_from=found["purpose"],
    )
    return Assessment(
        outcome=outcome,
        combination=combination,
        child_rules_applied=child,
        elements=elements,
        yes=yes,
    )


def _assess_first_contact(
    instrument: Instrument, answers: Mapping[str, Answer], child: bool
) -> Assessment:
    flags = tuple(item.id for item in instrument.items if answers.get(item.id) == "yes")
    unanswered = [
        item.id for item in instrument.items if answers.get(item.id, "unknown") == "unknown"
    ]
    if flags:
        outcome, combination = RUN_FULL_INTERVIEW, COMBINATION_RED_FLAG
    elif child and unanswered:
        outcome, combination = RUN_FULL_INTERVIEW, COMBINATION_CHILD_UNANSWERED
    else:
        outcome, combination = NO_RED_FLAGS, COMBINATION_NO_RED_FLAGS
    prefill: dict[str, Answer] = {}
    for item in instrument.items:
        if item.id in flags:
            for target in item.prefill:
                prefill[target] = "yes"
    for item in instrument.supplementary:
        if answers.get(item.id) == "yes":
            prefill[item.id] = "yes"
    prefill = dict(sorted(prefill.items()))
    act_from = tuple(i for i in prefill if i.startswith("ACT_"))
    elements = Elements(act=bool(act_from), means=False, purpose=False, act_from=act_from)
    return Assessment(
        outcome=outcome,
        combination=combination,
        child_rules_applied=child,
        elements=elements,
        yes=tuple(sorted(i for i, a in answers.items() if a == "yes")),
        red_flags=flags,
        prefill=prefill,
    )
