"""Scoring a practice screening against its expert key, and a quiz against its answers.
Pure Python: no Django.

Indicators (items of the instrument the trainee answered) fall into:

- ``found``: the key records "yes" and so did the trainee;
- ``missed``: the key records "yes", the trainee did not ("no" or not known);
- ``wrong``: the trainee recorded "yes" where the key does not (wrongly marked).

Agreeing "no" or "not known" answers are not counted: a vignette cannot tell everything, and
the screening engine counts only "yes". The score is the share of the key's and the trainee's
"yes" answers that agree: ``found / (found + missed + wrong)``, 100 when neither marked any.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Literal

Mark = Literal["found", "missed", "wrong"]
MARKS: Final[tuple[Mark, ...]] = ("found", "missed", "wrong")


@dataclass(frozen=True)
class Comparison:
    found: tuple[str, ...]
    missed: tuple[str, ...]
    wrong: tuple[str, ...]
    outcome: str
    key_outcome: str
    child: bool
    key_child: bool

    @property
    def outcome_match(self) -> bool:
        return self.outcome == self.key_outcome

    @property
    def child_match(self) -> bool:
        return self.child == self.key_child

    @property
    def score(self) -> int:
        """Agreement on "yes" answers, 0-100 (rounded half up)."""
        total = len(self.found) + len(self.missed) + len(self.wrong)
        if total == 0:
            return 100
        return (200 * len(self.found) + total) // (2 * total)

    def mark_of(self, item_id: str) -> Mark | None:
        for mark in MARKS:
            if item_id in getattr(self, mark):
                return mark
        return None


def compare(
    *,
    item_ids: Sequence[str],
    key_yes: Collection[str],
    answers: Mapping[str, str],
    outcome: str,
    key_outcome: str,
    child: bool = False,
    key_child: bool = False,
) -> Comparison:
    """Compare a trainee's answers with the key over ``item_ids`` (interview order kept)."""
    found, missed, wrong = [], [], []
    for item_id in item_ids:
        key = item_id in key_yes
        mine = answers.get(item_id) == "yes"
        if key and mine:
            found.append(item_id)
        elif key:
            missed.append(item_id)
        elif mine:
            wrong.append(item_id)
    return Comparison(
        found=tuple(found),
        missed=tuple(missed),
        wrong=tuple(wrong),
        outcome=outcome,
        key_outcome=key_outcome,
        child=child,
        key_child=key_child,
    )


@dataclass(frozen=True)
class QuizScore:
    correct: int
    total: int
    right: tuple[str, ...]  # question ids answered correctly

    @property
    def percent(self) -> int:
        if self.total == 0:
            return 0
        return (200 * self.correct + self.total) // (2 * self.total)


def score_quiz(questions: Iterable[tuple[str, str]], answers: Mapping[str, str]) -> QuizScore:
    """``questions`` as (question id, correct choice id); an unanswered question is wrong."""
    right = []
    total = 0
    for question_id, correct in questions:
        total += 1
        if answers.get(question_id) == correct:
            right.append(question_id)
    return QuizScore(correct=len(right), total=total, right=tuple(right))
