"""Practice mode: a trainee runs the real screening interview on a case study.

The answers live in :class:`~haven.training.models.Exercise` only; the screening engine
evaluates them exactly as it evaluates a real interview, and the expert key of the case study
is evaluated the same way, so that the feedback compares like with like. Nothing here creates
a screening, a person or a case.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts import policy
from haven.accounts import selectors as account_selectors
from haven.accounts.roles import Cap
from haven.audit.services import record
from haven.screening.engine import (
    ANSWERS,
    ScreeningInputError,
    ScreeningRequest,
    ScreeningResult,
    Subject,
    default_registry,
    evaluate,
)
from haven.training import actions
from haven.training.catalogue import CaseStudy, catalogue
from haven.training.models import Assignment, Enrolment, Exercise, Workshop
from haven.training.scoring import Comparison, compare
from haven.training.vocab import LANGUAGE_CHOICES, ExerciseStatus

MAX_AGE = 120


def require_exercise(actor: Any, obj: Any = None) -> None:
    if not policy.can(actor, Cap.TRAINING_EXERCISE, obj):
        raise PermissionDenied


def case_study_or_error(case_id: str) -> CaseStudy:
    case = catalogue().case_study(case_id)
    if case is None:
        raise ValidationError({"case_study": _("Choose a case study from the list.")})
    return case


@lru_cache(maxsize=64)
def key_result(case_id: str) -> ScreeningResult:
    """The engine's result for the expert key of a case study."""
    case = case_study_or_error(case_id)
    subject = case.key.subject
    return evaluate(
        ScreeningRequest(
            case.instrument,
            case.key.answers,
            Subject(age=subject.age, age_uncertain=subject.age_uncertain, sex=subject.sex),
        )
    )


def trainee_subject(exercise: Exercise) -> Subject:
    return Subject(age=exercise.subject_age, age_uncertain=exercise.subject_age_uncertain)


def exercise_case(exercise: Exercise) -> CaseStudy:
    return case_study_or_error(exercise.case_study)


def comparison_of(exercise: Exercise) -> Comparison:
    """The comparison of a submitted exercise with its key, from what was stored."""
    case = case_study_or_error(exercise.case_study)
    return Comparison(
        found=tuple(exercise.found),
        missed=tuple(exercise.missed),
        wrong=tuple(exercise.wrong),
        outcome=exercise.outcome,
        key_outcome=exercise.key_outcome,
        child=bool((exercise.result or {}).get("child_rules_applied")),
        key_child=case.key.subject.is_child,
    )


def _check_subject(age: int | None, question_language: str) -> None:
    if age is not None and not 0 <= age <= MAX_AGE:
        raise ValidationError({"subject_age": _("Enter an age between 0 and 120.")})
    if question_language not in dict(LANGUAGE_CHOICES):
        raise ValidationError({"question_language": _("Choose a question language.")})


@transaction.atomic
def exercise_start(
    *,
    actor: Any,
    case_study: str,
    question_language: str,
    subject_age: int | None,
    subject_age_uncertain: bool,
    workshop: Workshop | None = None,
    request: HttpRequest | None = None,
) -> Exercise:
    """Start a practice interview of ``case_study``; within ``workshop`` when it is one of the
    workshop's assignments and the actor is enrolled (one exercise per assignment)."""
    case = case_study_or_error(case_study)
    _check_subject(subject_age, question_language)
    if workshop is not None:
        require_exercise(actor, workshop)
        if not Enrolment.objects.filter(workshop=workshop, trainee=actor).exists():
            raise PermissionDenied
        if not Assignment.objects.filter(workshop=workshop, case_study=case.id).exists():
            raise ValidationError(_("This case study is not assigned in this workshop."))
        if Exercise.objects.filter(trainee=actor, workshop=workshop, case_study=case.id).exists():
            raise ValidationError(
                _("You have already started this exercise of the workshop."), code="exists"
            )
        organisation = workshop.organisation
    else:
        organisation = account_selectors.acting_organisation(
            actor=actor, capability=Cap.TRAINING_EXERCISE
        )
    require_exercise(actor, organisation)
    instrument = default_registry().get(case.instrument)
    exercise = Exercise(
        organisation=organisation,
        trainee=actor,
        workshop=workshop,
        case_study=case.id,
        instrument=instrument.id,
        instrument_version=instrument.version,
        question_language=question_language,
        subject_age=subject_age,
        subject_age_uncertain=subject_age_uncertain,
        started_at=timezone.now(),
    )
    exercise.full_clean()
    exercise.save()
    record(
        actor=actor,
        action=actions.EXERCISE_STARTED,
        obj=exercise,
        request=request,
        details={"case_study": case.id, "workshop": str(workshop.pk) if workshop else None},
    )
    return exercise


def _own_draft(actor: Any, exercise: Exercise) -> Exercise:
    require_exercise(actor, exercise)
    locked = Exercise.objects.select_for_update().get(pk=exercise.pk)
    if locked.trainee_id != actor.pk:
        raise PermissionDenied
    if not locked.is_draft:
        raise ValidationError(_("This exercise is submitted and can no longer be changed."))
    return locked


@transaction.atomic
def exercise_answer(
    *,
    actor: Any,
    exercise: Exercise,
    answers: Mapping[str, str],
    question_language: str | None = None,
    request: HttpRequest | None = None,
) -> Exercise:
    """Save the answers of one step (yes / no / unknown); stays a draft."""
    locked = _own_draft(actor, exercise)
    instrument = default_registry().get(locked.instrument)
    if any(k not in instrument.item_ids or v not in ANSWERS for k, v in answers.items()):
        raise ValidationError(_("Some answers are not valid."))
    merged = dict(locked.answers)
    for item_id, value in answers.items():
        if value == "unknown":
            merged.pop(item_id, None)
        else:
            merged[item_id] = value
    locked.answers = merged
    if question_language in dict(LANGUAGE_CHOICES):
        locked.question_language = question_language
    locked.save(update_fields=["answers", "question_language", "updated_at"])
    record(
        actor=actor,
        action=actions.EXERCISE_ANSWERED,
        obj=locked,
        request=request,
        details={"answered_count": len(answers)},
    )
    return locked


@transaction.atomic
def exercise_submit(
    *, actor: Any, exercise: Exercise, request: HttpRequest | None = None
) -> Exercise:
    """Evaluate the trainee's answers with the engine and compare them with the key."""
    locked = _own_draft(actor, exercise)
    case = case_study_or_error(locked.case_study)
    try:
        result = evaluate(
            ScreeningRequest(locked.instrument, dict(locked.answers), trainee_subject(locked))
        )
    except ScreeningInputError as exc:
        raise ValidationError(list(exc.problems)) from None
    key = key_result(case.id)
    comparison = compare(
        item_ids=result.instrument.item_ids,
        key_yes=case.key.indicators,
        answers=locked.answers,
        outcome=result.outcome,
        key_outcome=key.outcome,
        child=result.assessment.child_rules_applied,
        key_child=key.assessment.child_rules_applied,
    )
    locked.result = result.to_json()
    locked.instrument_version = result.instrument_version
    locked.outcome = comparison.outcome
    locked.key_outcome = comparison.key_outcome
    locked.found = list(comparison.found)
    locked.missed = list(comparison.missed)
    locked.wrong = list(comparison.wrong)
    locked.score = comparison.score
    locked.status = ExerciseStatus.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.full_clean()
    locked.save()
    record(
        actor=actor,
        action=actions.EXERCISE_SUBMITTED,
        obj=locked,
        request=request,
        details={
            "case_study": case.id,
            "score": comparison.score,
            "outcome_match": comparison.outcome_match,
            "found_count": len(comparison.found),
            "missed_count": len(comparison.missed),
            "wrong_count": len(comparison.wrong),
        },
    )
    return locked


def exercise_run(
    *,
    actor: Any,
    case_study: str,
    answers: Mapping[str, str],
    subject_age: int | None,
    subject_age_uncertain: bool,
    question_language: str = "en",
    workshop: Workshop | None = None,
    request: HttpRequest | None = None,
) -> Exercise:
    """Start, answer and submit in one go (the API): all of it or nothing."""
    with transaction.atomic():
        exercise = exercise_start(
            actor=actor,
            case_study=case_study,
            question_language=question_language,
            subject_age=subject_age,
            subject_age_uncertain=subject_age_uncertain,
            workshop=workshop,
            request=request,
        )
        exercise = exercise_answer(actor=actor, exercise=exercise, answers=answers, request=request)
        return exercise_submit(actor=actor, exercise=exercise, request=request)
