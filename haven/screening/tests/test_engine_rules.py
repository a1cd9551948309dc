"""Table tests of the decision rules: every clause at its threshold, every combination, the child
rule, the secondary outcomes, the ILO 2012 mapping, the Palermo rule and the first-contact screen.

Pure engine tests: no database, no Django.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import pytest

from haven.screening.engine import (
    ScreeningRequest,
    ScreeningResult,
    Subject,
    dimension_clause,
    evaluate,
    get_instrument,
)
from haven.screening.engine.rules import Answer, assess

ILO_EC = "ilo-ec-2009-adult-labour"
ILO_2012 = "ilo-2012-forced-labour"
PALERMO = "palermo-elements"
FIRST_CONTACT = "first-contact"

MET = "trafficking_indicators_met"
EXPLOITATION = "exploitation_indicators_only"
SOME = "some_indicators"
NONE = "no_indicators"

ADULT = Subject(age=30)
CHILD = Subject(age=17)


def run(
    instrument: str, answers: Mapping[str, Answer], subject: Subject = ADULT
) -> ScreeningResult:
    return evaluate(ScreeningRequest(instrument, dict(answers), subject))


def yes(*ids: str) -> dict[str, Answer]:
    return dict.fromkeys(ids, "yes")


def items_of(dimension: str, strength: str) -> list[str]:
    return [
        item.id
        for item in get_instrument(ILO_EC).items
        if item.dimension == dimension and item.strength == strength
    ]


# Minimal positive sets per dimension (one clause each).
POSITIVE = {
    "DR": ("DR01", "DR02"),  # 1 strong + 1 medium
    "CR": ("CR01", "CR02"),  # 1 strong + 1 medium
    "VR": ("VR01", "VR02", "VR03"),  # 3 medium
    "EX": ("EX01", "EX02"),  # 1 strong + 1 medium
    "CD": ("CD01", "CD02"),  # 2 strong
    "VD": ("VD01", "VD02", "VD06"),  # 2 medium + 1 weak
}


# ------------------------------------------------------------------------ dimension clause

CLAUSES = [
    # strong, medium, weak, clause
    (0, 0, 0, "not_met"),
    (1, 0, 0, "not_met"),  # 1 strong alone
    (2, 0, 0, "2_strong"),
    (3, 0, 0, "2_strong"),
    (1, 1, 0, "1_strong_1_other"),
    (1, 0, 1, "1_strong_1_other"),
    (2, 1, 0, "2_strong"),  # first clause wins
    (0, 1, 0, "not_met"),
    (0, 2, 0, "not_met"),  # 2 medium alone
    (0, 3, 0, "3_medium"),
    (0, 4, 0, "3_medium"),
    (0, 1, 1, "not_met"),
    (0, 2, 1, "2_medium_1_weak"),
    (0, 3, 1, "3_medium"),
    (0, 1, 2, "not_met"),
    (0, 0, 1, "not_met"),
    (0, 0, 3, "not_met"),  # 3 weak
    (0, 0, 4, "not_met"),
    (0, 2, 2, "2_medium_1_weak"),
]


@pytest.mark.parametrize(("strong", "medium", "weak", "clause"), CLAUSES)
def test_dimension_clause(strong: int, medium: int, weak: int, clause: str) -> None:
    assert dimension_clause(strong, medium, weak) == clause


def _engine_cases() -> list[tuple[str, int, int, int, str]]:
    cases = []
    for dim in ("DR", "CR", "VR", "EX", "CD", "VD"):
        available = {s: len(items_of(dim, s)) for s in "SMW"}
        for strong, medium, weak, clause in CLAUSES:
            if strong <= available["S"] and medium <= available["M"] and weak <= available["W"]:
                cases.append((dim, strong, medium, weak, clause))
    return cases


@pytest.mark.parametrize(("dim", "strong", "medium", "weak", "clause"), _engine_cases())
def test_dimension_clause_through_engine(
    dim: str, strong: int, medium: int, weak: int, clause: str
) -> None:
    ids = items_of(dim, "S")[:strong] + items_of(dim, "M")[:medium] + items_of(dim, "W")[:weak]
    others = {
        i: "no"
        for i in items_of(dim, "S") + items_of(dim, "M") + items_of(dim, "W")
        if i not in ids
    }
    result = run(ILO_EC, {**yes(*ids), **others}).to_json()
    dimension = result["dimensions"][dim]
    assert dimension["rule"] == clause
    assert dimension["positive"] is (clause != "not_met")
    assert dimension["yes"] == sorted(ids)
    assert (dimension["strong"], dimension["medium"], dimension["weak"]) == (strong, medium, weak)


@pytest.mark.parametrize("answer", ["no", "unknown"])
def test_only_yes_counts(answer: Answer) -> None:
    result = run(ILO_EC, dict.fromkeys(POSITIVE["CD"], answer))
    assert result.assessment.dimension("CD").positive is False
    assert result.outcome == NONE


# ---------------------------------------------------------------------- adult combinations

ADULT_COMBINATIONS = [
    *[((r, "EX", d), MET) for r in ("DR", "CR", "VR") for d in ("CD", "VD")],
    *[((r, "EX"), EXPLOITATION) for r in ("DR", "CR", "VR")],  # no destination dimension
    *[(("EX", d), EXPLOITATION) for d in ("CD", "VD")],  # no recruitment dimension
    (("EX",), EXPLOITATION),
    (("DR", "CD"), SOME),  # no exploitation
    (("DR", "CR", "VR", "CD", "VD"), SOME),
    (("CD",), SOME),
    ((), NONE),
]


@pytest.mark.parametrize(
    ("dims", "outcome"),
    ADULT_COMBINATIONS,
    ids=lambda v: "+".join(v) if isinstance(v, tuple) else v,
)
def test_adult_combination(dims: tuple[str, ...], outcome: str) -> None:
    answers = yes(*(i for d in dims for i in POSITIVE[d]))
    result = run(ILO_EC, answers)
    assert result.outcome == outcome
    assert result.assessment.positive_dimensions == frozenset(dims)
    assert result.assessment.child_rules_applied is False


@pytest.mark.parametrize(
    ("answers", "outcome"),
    [
        # one short of each part of the combination
        (yes("DR01", "EX01", "EX02", "CD01", "CD02"), EXPLOITATION),  # DR: 1 strong alone
        (yes("DR01", "DR02", "EX01", "CD01", "CD02"), SOME),  # EX: 1 strong alone
        (yes("DR01", "DR02", "EX01", "EX02", "CD01"), EXPLOITATION),  # CD: 1 strong alone
        (yes("DR01", "DR02", "EX02", "EX03", "CD01", "CD02"), SOME),  # EX: 2 medium alone
        (yes("DR01", "DR02", "EX02", "EX03", "EX09", "CD01", "CD02"), MET),  # EX: 2 medium + 1 weak
        (
            yes("VR13", "VR14", "VR15", "EX01", "EX09", "VD01", "VD02", "VD06"),
            EXPLOITATION,
        ),  # VR: 3 weak
        (yes("VR01", "VR02", "VR13", "EX01", "EX09", "VD01", "VD02", "VD06"), MET),
        (yes("DR10"), SOME),  # a single weak indicator
        ({"DR01": "no", "EX01": "no"}, NONE),
    ],
)
def test_adult_thresholds(answers: dict[str, Answer], outcome: str) -> None:
    assert run(ILO_EC, answers).outcome == outcome


def test_combination_clause_names() -> None:
    result = run(ILO_EC, yes(*POSITIVE["CR"], *POSITIVE["EX"], *POSITIVE["VD"]))
    assert result.assessment.combination == "adult:recruitment+exploitation+destination"
    assert run(ILO_EC, yes(*POSITIVE["EX"])).assessment.combination == "exploitation_only"
    assert run(ILO_EC, yes("CD01")).assessment.combination == "any_yes"
    assert run(ILO_EC, {}).assessment.combination == "none"


# ------------------------------------------------------------------------------ child rule

CHILD_SUBJECTS = [
    pytest.param(Subject(age=17), True, id="age-17"),
    pytest.param(Subject(age=0), True, id="age-0"),
    pytest.param(Subject(age=None, age_uncertain=True), True, id="age-none-uncertain"),
    pytest.param(Subject(age=17, age_uncertain=True), True, id="age-17-uncertain"),
    pytest.param(Subject(age=18), False, id="age-18"),
    pytest.param(Subject(age=18, age_uncertain=True), False, id="age-18-uncertain"),
    pytest.param(Subject(age=None, age_uncertain=False), False, id="age-none-certain"),
    pytest.param(Subject(), False, id="no-subject"),
]


@pytest.mark.parametrize(("subject", "is_child"), CHILD_SUBJECTS)
def test_who_counts_as_a_child(subject: Subject, is_child: bool) -> None:
    assert subject.is_child is is_child
    result = run(ILO_EC, yes(*POSITIVE["EX"], "ACT_RECRUITMENT"), subject)
    assert result.assessment.child_rules_applied is is_child
    # Exploitation + an act recorded only via ACT_*: met for a child, not for an adult.
    assert result.outcome == (MET if is_child else EXPLOITATION)


@pytest.mark.parametrize(
    ("answers", "outcome", "combination"),
    [
        (yes(*POSITIVE["EX"], "ACT_RECRUITMENT"), MET, "child:exploitation+act"),
        (yes(*POSITIVE["EX"], "ACT_RECEIPT"), MET, "child:exploitation+act"),
        (yes(*POSITIVE["EX"], *POSITIVE["DR"]), MET, "child:exploitation+recruitment"),
        (yes(*POSITIVE["EX"], *POSITIVE["VR"]), MET, "child:exploitation+recruitment"),
        (
            yes(*POSITIVE["EX"], *POSITIVE["CR"], *POSITIVE["CD"]),
            MET,
            "child:exploitation+recruitment",
        ),
        (
            yes(*POSITIVE["EX"], *POSITIVE["CD"]),
            EXPLOITATION,
            "exploitation_only",
        ),  # no act, no recruitment
        (yes(*POSITIVE["EX"]), EXPLOITATION, "exploitation_only"),
        ({**yes(*POSITIVE["EX"]), "ACT_RECRUITMENT": "no"}, EXPLOITATION, "exploitation_only"),
        ({**yes(*POSITIVE["EX"]), "ACT_RECRUITMENT": "unknown"}, EXPLOITATION, "exploitation_only"),
        (yes("EX01", "ACT_RECRUITMENT"), SOME, "any_yes"),  # EX not positive
        (yes("ACT_RECRUITMENT", "ACT_TRANSPORTATION"), NONE, "none"),  # an act is not an indicator
        (yes(*POSITIVE["DR"], "ACT_RECRUITMENT"), SOME, "any_yes"),
    ],
)
def test_child_rule(answers: dict[str, Answer], outcome: str, combination: str) -> None:
    result = run(ILO_EC, answers, CHILD)
    assert (result.outcome, result.assessment.combination) == (outcome, combination)
    assert result.assessment.child_rules_applied is True


def test_child_rule_in_explanation() -> None:
    result = run(
        ILO_EC, yes(*POSITIVE["EX"], "ACT_RECRUITMENT"), Subject(age=None, age_uncertain=True)
    )
    assert "Child rule applied" in result.explanation.en
    assert "儿童规则" in result.explanation.zh_hans
    assert "child:exploitation+act" in result.explanation.en


# -------------------------------------------------------------------------------- elements


@pytest.mark.parametrize(
    ("answers", "act", "means", "purpose"),
    [
        ({}, False, False, False),
        (yes(*POSITIVE["DR"]), True, True, False),  # deceptive recruitment = act by deception
        (yes(*POSITIVE["VR"]), True, True, False),
        (yes(*POSITIVE["CD"]), False, True, False),  # coercion at destination = means
        (yes(*POSITIVE["VD"]), False, True, False),
        (yes(*POSITIVE["EX"]), False, False, True),
        (yes("ACT_TRANSFER"), True, False, False),
        (yes("MEANS_DECEPTION"), False, True, False),  # supplementary answers
        (yes("PURPOSE_SEXUAL_EXPLOITATION"), False, False, True),
        (yes("DR01"), False, False, False),  # DR not positive
    ],
)
def test_elements_derivation(
    answers: dict[str, Answer], act: bool, means: bool, purpose: bool
) -> None:
    assert run(ILO_EC, answers).to_json()["elements"] == {
        "act": act,
        "means": means,
        "purpose": purpose,
    }


def test_supplementary_answers_do_not_change_the_outcome() -> None:
    base = yes(*POSITIVE["EX"])
    extra = {**base, **yes("MEANS_THREAT_FORCE", "PURPOSE_FORCED_LABOUR")}
    assert run(ILO_EC, base).outcome == run(ILO_EC, extra).outcome == EXPLOITATION
    result = run(ILO_EC, extra)
    assert result.to_json()["element_sources"] == {
        "act": [],
        "means": ["MEANS_THREAT_FORCE"],
        "purpose": ["EX", "PURPOSE_FORCED_LABOUR"],
    }
    assert "MEANS_THREAT_FORCE" not in result.completeness.unknown  # not asked, never "unknown"


# ------------------------------------------------------------------------ ILO 2012 mapping

FL_SCENARIOS = [
    # documents + debt + overtime + abusive conditions: forced-labour signs, CR only 2 medium
    (("FL07", "FL09", "FL11", "FL10"), ADULT, EXPLOITATION),
    (("FL07", "FL09", "FL11", "FL10", "FL06"), ADULT, MET),  # CR: 3 medium
    (("FL05", "FL07", "FL11", "FL08"), ADULT, MET),  # CR: violence + 1
    (("FL05", "FL11", "FL08"), ADULT, EXPLOITATION),  # CR, CD: 1 strong alone
    (("FL08", "FL10", "FL11"), ADULT, EXPLOITATION),
    (("FL08", "FL10"), ADULT, SOME),  # EX: 2 medium
    (("FL11",), ADULT, SOME),
    (("FL02",), ADULT, SOME),
    (("FL01", "FL02"), ADULT, SOME),
    (("FL11", "FL10", "ACT_RECRUITMENT"), Subject(age=15), MET),  # child: act + exploitation
    (("FL11", "FL10", "ACT_RECRUITMENT"), ADULT, EXPLOITATION),
    ((), ADULT, NONE),
]


@pytest.mark.parametrize(("ids", "subject", "outcome"), FL_SCENARIOS)
def test_ilo_2012_scenarios(ids: tuple[str, ...], subject: Subject, outcome: str) -> None:
    assert run(ILO_2012, yes(*ids), subject).outcome == outcome


def test_ilo_2012_dimension_contributions() -> None:
    result = run(ILO_2012, yes("FL05", "FL07", "FL11", "FL08")).to_json()
    assert result["dimensions"]["CR"] == {
        **result["dimensions"]["CR"],
        "positive": True,
        "rule": "1_strong_1_other",
        "yes": ["FL05", "FL07"],
    }
    assert result["dimensions"]["CD"]["yes"] == ["FL05", "FL07", "FL08"]
    assert result["dimensions"]["EX"]["yes"] == ["FL08", "FL11"]


FL_IDS = [f"FL{n:02d}" for n in range(1, 12)]


def _fl_subsets() -> list[tuple[str, ...]]:
    return [c for r in range(len(FL_IDS) + 1) for c in itertools.combinations(FL_IDS, r)]


def test_ilo_2012_documented_consequences() -> None:
    """Exhaustive over all 2^11 sets of FL answers: whenever CR is positive, CD is too (so adult
    "met" = CR and EX positive); DR can never turn positive from the FL list alone; VR/VD
    likewise stay negative (FL01 is their only contribution)."""
    instrument = get_instrument(ILO_2012)
    for subset in _fl_subsets():
        a = assess(instrument, yes(*subset), child=False)
        positive = a.positive_dimensions
        if "CR" in positive:
            assert "CD" in positive, subset
        assert not positive & {"DR", "VR", "VD"}, subset
        assert (a.outcome == MET) == ({"CR", "EX"} <= positive), subset


def test_ilo_2012_mapping_never_stronger_than_counterpart() -> None:
    ilo_ec = get_instrument(ILO_EC)
    for item in get_instrument(ILO_2012).items:
        for c in item.contributions:
            if c.counterpart is None:
                continue
            counterpart = ilo_ec.item(c.counterpart)
            assert counterpart.dimension == c.dimension, (item.id, c)
            assert "SMW".index(c.strength) >= "SMW".index(counterpart.strength or "W"), (item.id, c)


# --------------------------------------------------------------------------- Palermo rule

PALERMO_CASES = [
    (
        ("ACT_RECRUITMENT", "MEANS_DECEPTION", "PURPOSE_FORCED_LABOUR"),
        ADULT,
        MET,
        "adult:act+means+purpose",
    ),
    (("ACT_RECRUITMENT", "PURPOSE_FORCED_LABOUR"), ADULT, EXPLOITATION, "exploitation_only"),
    (("ACT_RECRUITMENT", "PURPOSE_FORCED_LABOUR"), CHILD, MET, "child:act+purpose"),
    (
        ("ACT_RECRUITMENT", "PURPOSE_FORCED_LABOUR"),
        Subject(age_uncertain=True),
        MET,
        "child:act+purpose",
    ),
    (
        ("ACT_RECRUITMENT", "PURPOSE_FORCED_LABOUR"),
        Subject(age=18),
        EXPLOITATION,
        "exploitation_only",
    ),
    (("MEANS_DECEPTION", "PURPOSE_SURROGACY"), CHILD, EXPLOITATION, "exploitation_only"),
    (("PURPOSE_ORGAN_REMOVAL",), ADULT, EXPLOITATION, "exploitation_only"),
    (("ACT_TRANSFER", "MEANS_PAYMENTS"), ADULT, SOME, "any_yes"),
    (("ACT_TRANSFER", "MEANS_PAYMENTS"), CHILD, SOME, "any_yes"),
    ((), CHILD, NONE, "none"),
]


@pytest.mark.parametrize(("ids", "subject", "outcome", "combination"), PALERMO_CASES)
def test_palermo_rule(
    ids: tuple[str, ...], subject: Subject, outcome: str, combination: str
) -> None:
    result = run(PALERMO, yes(*ids), subject)
    assert (result.outcome, result.assessment.combination) == (outcome, combination)
    assert result.to_json()["dimensions"] == {}


# ---------------------------------------------------------------------- first-contact rule

FC_IDS = [f"FC{n:02d}" for n in range(1, 13)]
ALL_NO: dict[str, Answer] = dict.fromkeys(FC_IDS, "no")


@pytest.mark.parametrize(
    ("answers", "subject", "outcome", "could_change"),
    [
        ({**ALL_NO, "FC01": "yes"}, ADULT, "run_full_interview", False),
        ({"FC03": "yes"}, ADULT, "run_full_interview", False),  # one yes is enough, rest unknown
        (ALL_NO, ADULT, "no_red_flags", False),
        ({}, ADULT, "no_red_flags", True),  # adult: unknowns do not trigger, but could
        ({**ALL_NO, "FC12": "unknown"}, ADULT, "no_red_flags", True),
        ({**ALL_NO, "FC12": "unknown"}, CHILD, "run_full_interview", True),  # possible child
        ({}, Subject(age_uncertain=True), "run_full_interview", True),
        (ALL_NO, CHILD, "no_red_flags", False),
        ({**ALL_NO, "FC05": "yes"}, CHILD, "run_full_interview", False),
    ],
)
def test_first_contact_rule(
    answers: dict[str, Answer], subject: Subject, outcome: str, could_change: bool
) -> None:
    result = run(FIRST_CONTACT, answers, subject)
    assert result.outcome == outcome
    assert result.completeness.outcome_could_change is could_change


def test_first_contact_prefill() -> None:
    result = run(
        FIRST_CONTACT, {**ALL_NO, "FC06": "yes", "FC07": "yes", "ACT_TRANSFER": "yes"}
    ).to_json()
    assert result["red_flags"] == ["FC06", "FC07"]
    assert result["prefill_instrument"] == ILO_EC
    assert result["prefill"] == {
        "ACT_RECRUITMENT": "yes",
        "ACT_TRANSFER": "yes",
        "DR01": "yes",
        "DR08": "yes",
        "EX04": "yes",
    }
    # "no" answers pre-fill nothing
    assert run(FIRST_CONTACT, ALL_NO).to_json()["prefill"] == {}
    # the prefill is a valid start for the full interview
    assert run(ILO_EC, result["prefill"]).outcome == SOME


def test_first_contact_act_answers_do_not_change_outcome() -> None:
    result = run(FIRST_CONTACT, {**ALL_NO, "ACT_RECRUITMENT": "yes"})
    assert result.outcome == "no_red_flags"
    assert result.assessment.prefill == {"ACT_RECRUITMENT": "yes"}


def test_first_contact_child_unanswered_path() -> None:
    result = run(FIRST_CONTACT, {**ALL_NO, "FC02": "unknown", "FC09": "unknown"}, CHILD)
    (path,) = result.completeness.paths
    assert (path.reaches, path.min_answers, path.answer) == ("no_red_flags", 2, "no")
    assert result.completeness.most_important == ("FC02", "FC09")
    assert result.assessment.combination == "child:red_flag_unanswered"


# --------------------------------------------------------------------------- completeness


def test_unknown_list_sorted_and_limited_to_asked_items() -> None:
    result = run(ILO_EC, {"DR01": "yes", "EX01": "no", "CR03": "unknown", "MEANS_FRAUD": "yes"})
    unknown = result.completeness.unknown
    assert list(unknown) == sorted(unknown)
    assert "DR01" not in unknown
    assert "EX01" not in unknown
    assert "CR03" in unknown
    assert "MEANS_FRAUD" not in unknown
    assert len(unknown) == 72 - 2


def test_fully_answered_cannot_change() -> None:
    instrument = get_instrument(ILO_EC)
    answers: dict[str, Answer] = dict.fromkeys(instrument.item_ids, "no")
    result = run(ILO_EC, answers)
    assert result.completeness.unknown == ()
    assert result.completeness.outcome_could_change is False
    assert result.completeness.most_important == ()


def test_met_cannot_change() -> None:
    result = run(ILO_EC, yes(*POSITIVE["DR"], *POSITIVE["EX"], *POSITIVE["CD"]))
    assert result.outcome == MET
    assert result.completeness.outcome_could_change is False
    assert result.completeness.paths == ()


def test_most_important_one_question_away() -> None:
    # DR and EX positive, CD has one strong: any single CD item completes it.
    answers = {**yes("DR01", "DR08", "EX01", "EX04", "CD01"), "CD02": "no"}
    result = run(ILO_EC, answers)
    (path,) = result.completeness.paths
    assert (path.reaches, path.min_answers) == (MET, 1)
    expected = [f"CD{n:02d}" for n in range(3, 16)]
    assert sorted(result.completeness.most_important) == expected
    # strong items rank first among equal shares
    assert result.completeness.most_important[:2] == ("CD03", "CD04")
    assert {q.share for q in path.questions} == {round(1 / 13, 4)}


def test_most_important_for_empty_adult_interview() -> None:
    result = run(ILO_EC, {})
    paths = {p.reaches: p for p in result.completeness.paths}
    assert set(paths) == {SOME, EXPLOITATION, MET}
    assert paths[SOME].min_answers == 1
    assert paths[EXPLOITATION].min_answers == 2
    # cheapest route to met: DR or CR (2), EX (2), CD (2)
    assert paths[MET].min_answers == 6
    ranked = result.completeness.most_important
    assert ranked[0] == "EX01"  # needed in every smallest set
    assert set(ranked[1:3]) == {"CR01", "DR01"}
    assert not any(i.startswith(("VR", "VD", "ACT_")) for i in ranked)  # never in a smallest set


def test_act_questions_matter_for_a_child_only() -> None:
    answers = yes(*POSITIVE["EX"])
    child = run(ILO_EC, answers, CHILD).completeness
    adult = run(ILO_EC, answers, ADULT).completeness
    assert child.paths[-1].min_answers == 1
    assert set(child.most_important) == {
        "ACT_HARBOURING",
        "ACT_RECEIPT",
        "ACT_RECRUITMENT",
        "ACT_TRANSFER",
        "ACT_TRANSPORTATION",
    }
    assert not any(i.startswith("ACT_") for i in adult.most_important)
    assert adult.paths[-1].min_answers == 4


def test_results_record_versions() -> None:
    result = run(ILO_2012, {}).to_json()
    assert result["instrument"] == ILO_2012
    assert result["instrument_version"] == get_instrument(ILO_2012).version
    assert result["decision_rule"] == "ilo-2012-mapped-v1"
    assert result["rule_version"] == "1.0.0"
