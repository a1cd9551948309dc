"""Reads of the training app, scoped to what the actor may see.

Trainers (``Cap.TRAINING_MANAGE``) see their organisation's workshops and exercises; trainees
(``Cap.TRAINING_EXERCISE``) see the workshops they are enrolled in and their own exercises,
never another trainee's. Anything else answers 404.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from haven.accounts import policy
from haven.accounts.roles import Cap
from haven.training.catalogue import CaseStudy, catalogue
from haven.training.models import Assignment, Enrolment, Exercise, QuizAttempt, Workshop
from haven.training.vocab import ExerciseStatus

EITHER = (Cap.TRAINING_MANAGE, Cap.TRAINING_EXERCISE)


def _require_any(actor: Any) -> None:
    if not policy.has_any(actor, *EITHER):
        raise PermissionDenied


def can_manage(actor: Any, workshop: Workshop | None = None) -> bool:
    return policy.can(actor, Cap.TRAINING_MANAGE, workshop)


def today() -> datetime.date:
    return timezone.localdate()


def workshop_list(*, actor: Any, search: str = "", period: str = "") -> QuerySet[Workshop]:
    """Workshops the actor manages or is enrolled in, newest first, with trainee counts."""
    _require_any(actor)
    managed = policy.scope(Workshop.objects.all(), actor, Cap.TRAINING_MANAGE)
    enrolled = policy.scope(
        Workshop.objects.filter(enrolments__trainee=actor), actor, Cap.TRAINING_EXERCISE
    )
    qs = Workshop.objects.filter(Q(pk__in=managed.values("pk")) | Q(pk__in=enrolled.values("pk")))
    if search:
        qs = qs.filter(
            Q(title__icontains=search) | Q(title_zh__icontains=search) | Q(place__icontains=search)
        )
    if period == "upcoming":
        qs = qs.filter(ends_on__gte=today())
    elif period == "past":
        qs = qs.filter(ends_on__lt=today())
    return qs.annotate(trainee_count=Count("enrolments", distinct=True)).order_by(
        "-starts_on", "title"
    )


def workshop_get(*, actor: Any, pk: Any) -> Workshop:
    workshop = workshop_list(actor=actor).select_related("organisation").filter(pk=pk).first()
    if workshop is None:
        raise Http404
    return workshop


def enrolment_of(*, actor: Any, workshop: Workshop) -> Enrolment | None:
    """The actor's own enrolment in ``workshop`` (trainees), else None."""
    if not policy.can(actor, Cap.TRAINING_EXERCISE, workshop):
        return None
    return Enrolment.objects.filter(workshop=workshop, trainee=actor).first()


def enrolment_get(*, actor: Any, workshop: Workshop, pk: Any) -> Enrolment:
    if not can_manage(actor, workshop):
        raise PermissionDenied
    enrolment = Enrolment.objects.filter(workshop=workshop, pk=pk).select_related("trainee").first()
    if enrolment is None:
        raise Http404
    return enrolment


def enrolments(workshop: Workshop) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(workshop=workshop).select_related("trainee")


def assigned_cases(workshop: Workshop) -> list[CaseStudy]:
    ids = Assignment.objects.filter(workshop=workshop).values_list("case_study", flat=True)
    found = [catalogue().case_study(case_id) for case_id in ids]
    return [case for case in found if case is not None]


def exercise_list(
    *,
    actor: Any,
    case_study: str = "",
    status: str = "",
    workshop: Workshop | None = None,
    mine: bool = False,
) -> QuerySet[Exercise]:
    """The actor's own exercises and, for trainers, their organisation's."""
    _require_any(actor)
    own = policy.scope(Exercise.objects.filter(trainee=actor), actor, Cap.TRAINING_EXERCISE)
    condition = Q(pk__in=own.values("pk"))
    if not mine:
        managed = policy.scope(Exercise.objects.all(), actor, Cap.TRAINING_MANAGE)
        condition |= Q(pk__in=managed.values("pk"))
    qs = Exercise.objects.filter(condition)
    if case_study:
        qs = qs.filter(case_study=case_study)
    if status:
        qs = qs.filter(status=status)
    if workshop is not None:
        qs = qs.filter(workshop=workshop)
    return qs.select_related("trainee", "workshop").order_by("-started_at")


def exercise_get(*, actor: Any, pk: Any) -> Exercise:
    exercise = exercise_list(actor=actor).filter(pk=pk).first()
    if exercise is None:
        raise Http404
    return exercise


def own_exercise(*, actor: Any, pk: Any) -> Exercise:
    """An exercise the actor is doing themselves (practice pages): anyone else's is 404."""
    exercise = exercise_list(actor=actor, mine=True).filter(pk=pk).first()
    if exercise is None:
        raise Http404
    return exercise


@dataclass(frozen=True)
class AssignmentProgress:
    case: CaseStudy
    exercise: Exercise | None

    @property
    def done(self) -> bool:
        return self.exercise is not None and not self.exercise.is_draft


@dataclass(frozen=True)
class TraineeProgress:
    """What a trainee sees of a workshop: tests and assigned case studies."""

    enrolment: Enrolment
    assignments: list[AssignmentProgress]
    pre: QuizAttempt | None
    post: QuizAttempt | None

    @property
    def completed(self) -> bool:
        return self.post is not None and all(a.done for a in self.assignments)


def trainee_progress(*, enrolment: Enrolment) -> TraineeProgress:
    workshop = enrolment.workshop
    exercises = {
        e.case_study: e
        for e in Exercise.objects.filter(workshop=workshop, trainee_id=enrolment.trainee_id)
    }
    attempts = {a.kind: a for a in QuizAttempt.objects.filter(enrolment=enrolment)}
    return TraineeProgress(
        enrolment=enrolment,
        assignments=[
            AssignmentProgress(case=case, exercise=exercises.get(case.id))
            for case in assigned_cases(workshop)
        ],
        pre=attempts.get("pre"),
        post=attempts.get("post"),
    )


def to_do_counts(*, actor: Any) -> tuple[int, int]:
    """For a trainee's home card: (workshops enrolled in now or later, exercises in progress)."""
    workshops = workshop_list(actor=actor).filter(enrolments__trainee=actor, ends_on__gte=today())
    drafts = exercise_list(actor=actor, mine=True, status=ExerciseStatus.DRAFT)
    return workshops.count(), drafts.count()
