"""The cohort view of a workshop: tests before and after, progress per trainee, and where the
cohort misjudges (indicators most often missed or wrongly marked). Reads only; the caller
checks that the actor may manage the workshop."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from haven.screening.engine import default_registry
from haven.training.catalogue import CaseStudy
from haven.training.models import Enrolment, Exercise, QuizAttempt, Workshop
from haven.training.selectors import assigned_cases
from haven.training.vocab import ExerciseStatus

TOP = 10


def item_label(item_id: str, lang: str, instrument_id: str = "") -> str:
    """The label of an indicator in ``instrument_id`` or else the first instrument asking it."""
    registry = default_registry()
    if instrument_id in registry and registry.get(instrument_id).has_item(item_id):
        return registry.get(instrument_id).item(item_id).label.get(lang)
    for instrument in registry:
        if instrument.has_item(item_id):
            return instrument.item(item_id).label.get(lang)
    return ""


def _mean(values: list[int]) -> int | None:
    if not values:
        return None
    return (2 * sum(values) + len(values)) // (2 * len(values))


@dataclass
class TraineeRow:
    enrolment: Enrolment
    pre: QuizAttempt | None = None
    post: QuizAttempt | None = None
    submitted: list[Exercise] = field(default_factory=list)
    assigned: int = 0

    @property
    def trainee(self) -> Any:
        return self.enrolment.trainee

    @property
    def done(self) -> int:
        return len(self.submitted)

    @property
    def mean_score(self) -> int | None:
        return _mean([e.score for e in self.submitted if e.score is not None])

    @property
    def outcome_matches(self) -> int:
        return sum(1 for e in self.submitted if e.outcome == e.key_outcome)

    @property
    def change(self) -> int | None:
        if self.pre is None or self.post is None:
            return None
        return self.post.percent - self.pre.percent

    @property
    def completed(self) -> bool:
        return self.post is not None and self.done >= self.assigned


@dataclass(frozen=True)
class IndicatorCount:
    id: str
    label: str
    count: int


@dataclass(frozen=True)
class CaseRow:
    case: CaseStudy
    submitted: int
    outcome_matches: int
    mean_score: int | None


@dataclass
class Cohort:
    workshop: Workshop
    rows: list[TraineeRow]
    cases: list[CaseRow]
    missed: list[IndicatorCount]
    wrong: list[IndicatorCount]
    submitted: int

    @property
    def pre_average(self) -> int | None:
        return _mean([r.pre.percent for r in self.rows if r.pre is not None])

    @property
    def post_average(self) -> int | None:
        return _mean([r.post.percent for r in self.rows if r.post is not None])

    @property
    def change(self) -> int | None:
        if self.pre_average is None or self.post_average is None:
            return None
        return self.post_average - self.pre_average

    @property
    def completed(self) -> list[TraineeRow]:
        return [r for r in self.rows if r.completed]

    @property
    def outcome_match_rate(self) -> int | None:
        if not self.submitted:
            return None
        matches = sum(c.outcome_matches for c in self.cases)
        return (200 * matches + self.submitted) // (2 * self.submitted)


def _counts(counter: Counter[tuple[str, str]], lang: str) -> list[IndicatorCount]:
    """Counts by indicator (summed over instruments), most frequent first."""
    by_id: Counter[str] = Counter()
    instrument_of: dict[str, str] = {}
    for (instrument, item_id), count in counter.items():
        by_id[item_id] += count
        instrument_of.setdefault(item_id, instrument)
    ranked = sorted(by_id.items(), key=lambda pair: (-pair[1], pair[0]))[:TOP]
    return [
        IndicatorCount(item_id, item_label(item_id, lang, instrument_of[item_id]), count)
        for item_id, count in ranked
    ]


def cohort(workshop: Workshop, lang: str) -> Cohort:
    """Everything the cohort view shows, in a fixed number of queries."""
    cases = assigned_cases(workshop)
    case_ids = {case.id for case in cases}
    enrolments = list(
        Enrolment.objects.filter(workshop=workshop)
        .select_related("trainee")
        .order_by("trainee__username")
    )
    rows = {e.trainee_id: TraineeRow(enrolment=e, assigned=len(cases)) for e in enrolments}
    by_enrolment = {row.enrolment.pk: row for row in rows.values()}
    for attempt in QuizAttempt.objects.filter(enrolment__workshop=workshop):
        setattr(by_enrolment[attempt.enrolment_id], attempt.kind, attempt)
    exercises = Exercise.objects.filter(
        workshop=workshop,
        status=ExerciseStatus.SUBMITTED,
        trainee_id__in=list(rows),
        case_study__in=case_ids,
    )
    missed: Counter[tuple[str, str]] = Counter()
    wrong: Counter[tuple[str, str]] = Counter()
    per_case: dict[str, list[Exercise]] = {case_id: [] for case_id in case_ids}
    submitted = 0
    for exercise in exercises:
        submitted += 1
        rows[exercise.trainee_id].submitted.append(exercise)
        per_case[exercise.case_study].append(exercise)
        missed.update((exercise.instrument, i) for i in exercise.missed)
        wrong.update((exercise.instrument, i) for i in exercise.wrong)
    return Cohort(
        workshop=workshop,
        rows=list(rows.values()),
        cases=[
            CaseRow(
                case=case,
                submitted=len(per_case[case.id]),
                outcome_matches=sum(1 for e in per_case[case.id] if e.outcome == e.key_outcome),
                mean_score=_mean([e.score for e in per_case[case.id] if e.score is not None]),
            )
            for case in cases
        ],
        missed=_counts(missed, lang),
        wrong=_counts(wrong, lang),
        submitted=submitted,
    )
