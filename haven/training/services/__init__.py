"""Writes of the training app (see the topic modules); re-exported for callers."""

from haven.training.services.exercises import (
    comparison_of,
    exercise_answer,
    exercise_case,
    exercise_run,
    exercise_start,
    exercise_submit,
    key_result,
)
from haven.training.services.quizzes import quiz_is_open, quiz_of, quiz_submit
from haven.training.services.workshops import (
    EnrolResult,
    EnrolRow,
    eligible_trainees,
    workshop_assign,
    workshop_create,
    workshop_enrol,
    workshop_record_export,
    workshop_set_tests,
    workshop_unenrol,
    workshop_update,
)

__all__ = [
    "EnrolResult",
    "EnrolRow",
    "comparison_of",
    "eligible_trainees",
    "exercise_answer",
    "exercise_case",
    "exercise_run",
    "exercise_start",
    "exercise_submit",
    "key_result",
    "quiz_is_open",
    "quiz_of",
    "quiz_submit",
    "workshop_assign",
    "workshop_create",
    "workshop_enrol",
    "workshop_record_export",
    "workshop_set_tests",
    "workshop_unenrol",
    "workshop_update",
]
