"""Workshops, enrolments, assigned case studies, practice exercises and quiz attempts.

Nothing here touches screenings or cases: a practice exercise keeps its own answers and the
engine's result, and the content (case studies, quizzes) is referred to by its stable id.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from haven.core.models import BaseModel
from haven.training.vocab import LANGUAGE_CHOICES, ExerciseStatus, QuizKind

DEFAULT_QUIZ = "identification-basics"


class Workshop(BaseModel):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="workshops",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("title"), max_length=200)
    title_zh = models.CharField(_("title in Chinese"), max_length=200, blank=True)
    place = models.CharField(_("place"), max_length=200)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    languages = models.JSONField(_("languages"), default=list, blank=True)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    quiz = models.CharField(_("quiz"), max_length=80, default=DEFAULT_QUIZ)
    pre_test_open = models.BooleanField(_("pre-test open"), default=False)
    post_test_open = models.BooleanField(_("post-test open"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    POLICY_ORGANISATION_FIELD = "organisation"

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        indexes = [models.Index(fields=["organisation", "-starts_on"], name="workshop_recent")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="workshop_dates_in_order"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def display_title(self) -> str:
        if (get_language() or "").startswith("zh") and self.title_zh:
            return self.title_zh
        return self.title

    @property
    def language_labels(self) -> list[str]:
        labels = dict(LANGUAGE_CHOICES)
        return [labels.get(code, code) for code in self.languages]

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1


class Enrolment(BaseModel):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="enrolments")
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    POLICY_ORGANISATION_FIELD = "workshop__organisation"

    class Meta:
        ordering = ["trainee__username"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["workshop", "trainee"], name="enrolment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.workshop_id}:{self.trainee_id}"


class Assignment(BaseModel):
    """A case study the trainees of a workshop work through."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="assignments")
    case_study = models.CharField(_("case study"), max_length=80)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    POLICY_ORGANISATION_FIELD = "workshop__organisation"

    class Meta:
        ordering = ["position", "case_study"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "case_study"], name="assignment_unique")
        ]

    def __str__(self) -> str:
        return self.case_study


class Exercise(BaseModel):
    """A trainee's practice screening of a case study: the real interview, stored here only."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="training_exercises"
    )
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_exercises"
    )
    workshop = models.ForeignKey(
        Workshop, null=True, blank=True, on_delete=models.CASCADE, related_name="exercises"
    )
    case_study = models.CharField(_("case study"), max_length=80)
    instrument = models.CharField(_("instrument"), max_length=80)
    instrument_version = models.CharField(_("instrument version"), max_length=20)
    question_language = models.CharField(
        _("question language"), max_length=10, choices=LANGUAGE_CHOICES, default="en"
    )
    subject_age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    subject_age_uncertain = models.BooleanField(_("age is uncertain"), default=False)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ExerciseStatus.choices,
        default=ExerciseStatus.DRAFT,
        db_index=True,
    )
    started_at = models.DateTimeField(_("started"))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=40, blank=True)
    key_outcome = models.CharField(_("expected outcome"), max_length=40, blank=True)
    found = models.JSONField(_("indicators found"), default=list, blank=True)
    missed = models.JSONField(_("indicators missed"), default=list, blank=True)
    wrong = models.JSONField(_("indicators wrongly marked"), default=list, blank=True)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)

    POLICY_ORGANISATION_FIELD = "organisation"

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("exercise")
        verbose_name_plural = _("exercises")
        indexes = [
            models.Index(fields=["organisation", "-started_at"], name="exercise_recent"),
            models.Index(fields=["trainee", "-started_at"], name="exercise_trainee"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["trainee", "workshop", "case_study"],
                condition=Q(workshop__isnull=False),
                name="exercise_one_per_assignment",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_study} {self.status}"

    @property
    def is_draft(self) -> bool:
        return self.status == ExerciseStatus.DRAFT

    @property
    def outcome_match(self) -> bool | None:
        if self.is_draft:
            return None
        return self.outcome == self.key_outcome


class QuizAttempt(BaseModel):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attempts")
    kind = models.CharField(_("test"), max_length=8, choices=QuizKind.choices)
    quiz = models.CharField(_("quiz"), max_length=80)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    correct = models.PositiveSmallIntegerField(_("correct answers"), default=0)
    total = models.PositiveSmallIntegerField(_("questions"), default=0)
    submitted_at = models.DateTimeField(_("submitted"))

    POLICY_ORGANISATION_FIELD = "enrolment__workshop__organisation"

    class Meta:
        ordering = ["enrolment", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "kind"], name="quiz_attempt_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.correct}/{self.total}"

    @property
    def percent(self) -> int:
        if not self.total:
            return 0
        return (200 * self.correct + self.total) // (2 * self.total)
