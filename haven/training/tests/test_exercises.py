"""Practice mode through the services: the real engine, scored against the key."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.training import services
from haven.training.models import Exercise
from haven.training.tests import factories as f

pytestmark = pytest.mark.django_db


def test_the_key_itself_scores_full_marks(world):
    exercise = f.exercise(world.user(Role.TRAINEE), answers=f.key_answers(f.PALERMO_CASE))

    assert exercise.status == "submitted"
    assert exercise.score == 100
    assert exercise.outcome == exercise.key_outcome == "trafficking_indicators_met"
    assert exercise.missed == []
    assert exercise.wrong == []
    assert exercise.result["instrument"] == "palermo-elements"
    assert exercise.organisation == world.org_a


def test_found_missed_and_wrong_are_stored_with_the_engine_outcome(world):
    answers = f.key_answers(f.PALERMO_CASE)
    answers.pop("MEANS_DECEPTION")
    answers["MEANS_THREAT_FORCE"] = "no"
    answers["PURPOSE_FORCED_LABOUR"] = "yes"

    exercise = f.exercise(world.user(Role.TRAINEE), answers=answers)

    assert exercise.missed == ["MEANS_THREAT_FORCE", "MEANS_DECEPTION"]
    assert exercise.wrong == ["PURPOSE_FORCED_LABOUR"]
    assert len(exercise.found) == 5
    assert exercise.score == 63  # 5 of 8, rounded half up
    assert exercise.outcome == "trafficking_indicators_met"
    event = AuditEvent.objects.get(action="exercise.submitted")
    assert event.details["missed_count"] == 2
    assert event.details["outcome_match"] is True


def test_an_adult_age_on_a_child_case_changes_the_outcome(world):
    exercise = f.exercise(
        world.user(Role.TRAINEE),
        case_id="child-factory",
        answers=f.key_answers("child-factory"),
        age=19,
    )

    assert exercise.score == 100
    assert exercise.outcome == "exploitation_indicators_only"
    assert exercise.key_outcome == "trafficking_indicators_met"
    comparison = services.comparison_of(exercise)
    assert not comparison.outcome_match
    assert not comparison.child_match


def test_answers_are_saved_step_by_step_and_unknown_clears(world):
    trainee = world.user(Role.TRAINEE)
    exercise = f.exercise(trainee, submit=False)
    exercise = services.exercise_answer(
        actor=trainee, exercise=exercise, answers={"ACT_RECRUITMENT": "yes", "ACT_TRANSFER": "no"}
    )
    exercise = services.exercise_answer(
        actor=trainee,
        exercise=exercise,
        answers={"ACT_TRANSFER": "unknown"},
        question_language="zh-hans",
    )

    assert exercise.answers == {"ACT_RECRUITMENT": "yes"}
    assert exercise.question_language == "zh-hans"
    with pytest.raises(ValidationError):
        services.exercise_answer(actor=trainee, exercise=exercise, answers={"DR01": "yes"})
    with pytest.raises(ValidationError):
        services.exercise_answer(actor=trainee, exercise=exercise, answers={"ACT_RECEIPT": "maybe"})


def test_a_submitted_exercise_cannot_change(world):
    trainee = world.user(Role.TRAINEE)
    exercise = f.exercise(trainee, answers={"ACT_RECRUITMENT": "yes"})

    with pytest.raises(ValidationError):
        services.exercise_answer(actor=trainee, exercise=exercise, answers={"ACT_RECEIPT": "yes"})
    with pytest.raises(ValidationError):
        services.exercise_submit(actor=trainee, exercise=exercise)


def test_only_the_trainee_answers_their_exercise(world):
    exercise = f.exercise(world.user(Role.TRAINEE), submit=False)

    with pytest.raises(PermissionDenied):
        services.exercise_answer(
            actor=world.user(Role.TRAINER), exercise=exercise, answers={"ACT_RECEIPT": "yes"}
        )
    with pytest.raises(PermissionDenied):
        services.exercise_submit(actor=world.user(Role.TRAINEE, other=True), exercise=exercise)


def test_a_workshop_exercise_needs_enrolment_and_the_assignment_once(world):
    trainee = world.user(Role.TRAINEE)
    workshop = f.workshop(world)
    f.assign(world, workshop, f.PALERMO_CASE)
    with pytest.raises(PermissionDenied):
        f.exercise(trainee, workshop=workshop)
    f.enrol(world, workshop, trainee)
    with pytest.raises(ValidationError, match="not assigned"):
        f.exercise(trainee, case_id="child-ktv", workshop=workshop)

    first = f.exercise(trainee, workshop=workshop, submit=False)
    assert first.workshop == workshop
    with pytest.raises(ValidationError, match="already"):
        f.exercise(trainee, workshop=workshop)
    f.exercise(trainee)  # practising the same case outside the workshop is fine
    assert Exercise.objects.filter(trainee=trainee).count() == 2


def test_an_unknown_case_study_or_age_is_refused(world):
    trainee = world.user(Role.TRAINEE)
    with pytest.raises(ValidationError):
        services.exercise_start(
            actor=trainee,
            case_study="made-up",
            question_language="en",
            subject_age=30,
            subject_age_uncertain=False,
        )
    with pytest.raises(ValidationError):
        services.exercise_start(
            actor=trainee,
            case_study=f.PALERMO_CASE,
            question_language="en",
            subject_age=300,
            subject_age_uncertain=False,
        )
    with pytest.raises(ValidationError):
        services.exercise_start(
            actor=trainee,
            case_study=f.PALERMO_CASE,
            question_language="fr",
            subject_age=30,
            subject_age_uncertain=False,
        )


def test_exercise_run_is_all_or_nothing(world):
    trainee = world.user(Role.TRAINEE)
    with pytest.raises(ValidationError):
        services.exercise_run(
            actor=trainee,
            case_study=f.PALERMO_CASE,
            answers={"NOT_AN_ID": "yes"},
            subject_age=52,
            subject_age_uncertain=False,
        )
    assert not Exercise.objects.exists()
