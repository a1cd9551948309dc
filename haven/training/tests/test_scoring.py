"""Scoring an exercise against its key (found / missed / wrongly marked) and a quiz."""

from __future__ import annotations

import pytest

from haven.training.scoring import compare, score_quiz

ITEMS = ("A1", "A2", "A3", "A4", "A5")


@pytest.mark.parametrize(
    ("key", "answers", "found", "missed", "wrong", "score"),
    [
        # Perfect agreement.
        ({"A1", "A2"}, {"A1": "yes", "A2": "yes"}, ("A1", "A2"), (), (), 100),
        # One missed: answered "no".
        ({"A1", "A2"}, {"A1": "yes", "A2": "no"}, ("A1",), ("A2",), (), 50),
        # Missed because left unanswered (unknown).
        ({"A1", "A2"}, {"A1": "yes"}, ("A1",), ("A2",), (), 50),
        # One wrongly marked.
        ({"A1"}, {"A1": "yes", "A3": "yes"}, ("A1",), (), ("A3",), 50),
        # Found, missed and wrong together: 1 / 3.
        ({"A1", "A2"}, {"A2": "yes", "A4": "yes"}, ("A2",), ("A1",), ("A4",), 33),
        # 2 found of 4 marks.
        (
            {"A1", "A2", "A3"},
            {"A1": "yes", "A2": "yes", "A5": "yes"},
            ("A1", "A2"),
            ("A3",),
            ("A5",),
            50,
        ),
        # 2 / 3 rounds half up to 67.
        ({"A1", "A2"}, {"A1": "yes", "A2": "yes", "A5": "yes"}, ("A1", "A2"), (), ("A5",), 67),
        # Nothing to find and nothing marked: full agreement.
        (set(), {"A1": "no", "A2": "unknown"}, (), (), (), 100),
        # Nothing to find, everything marked: no agreement.
        (set(), dict.fromkeys(ITEMS, "yes"), (), (), ITEMS, 0),
        # Agreeing "no" and disagreeing "no"/"unknown" on non-key items do not count.
        ({"A1"}, {"A1": "yes", "A2": "no", "A3": "unknown"}, ("A1",), (), (), 100),
        # Answers to items outside the instrument are ignored.
        ({"A1"}, {"A1": "yes", "Z9": "yes"}, ("A1",), (), (), 100),
    ],
)
def test_compare(key, answers, found, missed, wrong, score):
    result = compare(item_ids=ITEMS, key_yes=key, answers=answers, outcome="x", key_outcome="x")

    assert (result.found, result.missed, result.wrong) == (found, missed, wrong)
    assert result.score == score


def test_marks_keep_the_interview_order():
    result = compare(
        item_ids=ITEMS,
        key_yes={"A5", "A1", "A3"},
        answers={"A3": "yes", "A4": "yes", "A2": "yes"},
        outcome="a",
        key_outcome="a",
    )

    assert result.found == ("A3",)
    assert result.missed == ("A1", "A5")
    assert result.wrong == ("A2", "A4")
    assert result.mark_of("A5") == "missed"
    assert result.mark_of("A2") == "wrong"
    assert result.mark_of("A3") == "found"
    assert result.mark_of("Z9") is None


@pytest.mark.parametrize(
    ("outcome", "key_outcome", "child", "key_child", "outcome_match", "child_match"),
    [
        ("trafficking_indicators_met", "trafficking_indicators_met", False, False, True, True),
        ("exploitation_indicators_only", "trafficking_indicators_met", False, True, False, False),
        ("some_indicators", "no_indicators", True, True, False, True),
    ],
)
def test_outcome_and_child_rules_are_compared(
    outcome, key_outcome, child, key_child, outcome_match, child_match
):
    result = compare(
        item_ids=ITEMS,
        key_yes=set(),
        answers={},
        outcome=outcome,
        key_outcome=key_outcome,
        child=child,
        key_child=key_child,
    )

    assert result.outcome_match is outcome_match
    assert result.child_match is child_match


QUESTIONS = [("q1", "a"), ("q2", "b"), ("q3", "c"), ("q4", "a")]


@pytest.mark.parametrize(
    ("answers", "correct", "percent", "right"),
    [
        ({"q1": "a", "q2": "b", "q3": "c", "q4": "a"}, 4, 100, ("q1", "q2", "q3", "q4")),
        ({"q1": "a", "q2": "a", "q3": "c", "q4": "b"}, 2, 50, ("q1", "q3")),
        ({"q1": "b"}, 0, 0, ()),  # unanswered questions count as wrong
        ({"q1": "a", "q2": "b", "q3": "a", "q4": "c"}, 2, 50, ("q1", "q2")),
        ({}, 0, 0, ()),
    ],
)
def test_quiz_scoring(answers, correct, percent, right):
    score = score_quiz(QUESTIONS, answers)

    assert (score.correct, score.total, score.percent, score.right) == (
        correct,
        4,
        percent,
        right,
    )


def test_quiz_percent_rounds_half_up():
    assert score_quiz([("q1", "a"), ("q2", "a"), ("q3", "a")], {"q1": "a", "q2": "a"}).percent == 67
    assert score_quiz([], {}).percent == 0
