"""The pre-test and the post-test of a workshop: a trainee answers the workshop's quiz once
each, while the trainer has the test open."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts import policy
from haven.accounts.roles import Cap
from haven.audit.services import record
from haven.training import actions
from haven.training.catalogue import Quiz, catalogue
from haven.training.models import Enrolment, QuizAttempt, Workshop
from haven.training.scoring import score_quiz
from haven.training.vocab import QuizKind


def quiz_of(workshop: Workshop) -> Quiz:
    quiz = catalogue().quiz(workshop.quiz)
    if quiz is None:  # a workshop keeps a quiz id the content no longer has
        raise ValidationError(_("This workshop's quiz is no longer available."))
    return quiz


def quiz_is_open(workshop: Workshop, kind: str) -> bool:
    return workshop.pre_test_open if kind == QuizKind.PRE else workshop.post_test_open


@transaction.atomic
def quiz_submit(
    *,
    actor: Any,
    workshop: Workshop,
    kind: str,
    answers: Mapping[str, str],
    request: HttpRequest | None = None,
) -> QuizAttempt:
    """Score and keep the actor's answers to the workshop's pre-test or post-test."""
    if not policy.can(actor, Cap.TRAINING_EXERCISE, workshop):
        raise PermissionDenied
    enrolment = (
        Enrolment.objects.select_for_update().filter(workshop=workshop, trainee=actor).first()
    )
    if enrolment is None:
        raise PermissionDenied
    if kind not in QuizKind.values:
        raise ValidationError({"kind": _("Choose the pre-test or the post-test.")})
    workshop = Workshop.objects.get(pk=workshop.pk)
    if not quiz_is_open(workshop, kind):
        raise ValidationError(_("This test is not open. Your trainer opens it in the workshop."))
    if QuizAttempt.objects.filter(enrolment=enrolment, kind=kind).exists():
        raise ValidationError(_("You have already taken this test."), code="exists")
    quiz = quiz_of(workshop)
    choices = {q.id: {c.id for c in q.choices} for q in quiz.questions}
    if set(answers) - set(choices) or any(
        value not in choices[question] for question, value in answers.items()
    ):
        raise ValidationError(_("Some answers are not valid."))
    unanswered = [q.id for q in quiz.questions if q.id not in answers]
    if unanswered:
        raise ValidationError(
            {question: _("Choose an answer.") for question in unanswered}, code="unanswered"
        )
    score = score_quiz(((q.id, q.answer) for q in quiz.questions), answers)
    attempt = QuizAttempt.objects.create(
        enrolment=enrolment,
        kind=kind,
        quiz=quiz.id,
        answers=dict(answers),
        correct=score.correct,
        total=score.total,
        submitted_at=timezone.now(),
    )
    record(
        actor=actor,
        action=actions.QUIZ_SUBMITTED,
        obj=workshop,
        request=request,
        details={"kind": kind, "correct": score.correct, "total": score.total},
    )
    return attempt
