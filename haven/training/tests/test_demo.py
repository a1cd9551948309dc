"""The demo adds a two-day workshop in Nanning with real content in the cohort view."""

import io

import pytest

from haven.accounts import demo as accounts_demo
from haven.training import demo
from haven.training.cohort import cohort
from haven.training.models import Enrolment, Exercise, QuizAttempt, Workshop

pytestmark = pytest.mark.django_db


def test_the_demo_workshop_has_a_cohort_and_is_idempotent():
    accounts_demo.load(io.StringIO())
    demo.load(io.StringIO())
    counts = (Enrolment.objects.count(), Exercise.objects.count(), QuizAttempt.objects.count())
    demo.load(io.StringIO())

    assert (
        Enrolment.objects.count(),
        Exercise.objects.count(),
        QuizAttempt.objects.count(),
    ) == counts
    workshop = Workshop.objects.get()
    assert workshop.place.startswith("Nanning")
    assert workshop.days == 2
    data = cohort(workshop, "zh-hans")
    assert len(data.rows) == 6
    assert data.submitted == 14
    assert data.pre_average is not None
    assert data.post_average is not None
    assert data.post_average > data.pre_average
    assert data.missed or data.wrong
    assert len(data.completed) == 2
    assert all(e.question_language == "zh-hans" for e in Exercise.objects.all())


def test_without_the_accounts_demo_nothing_is_made():
    assert demo.load(io.StringIO()) is None
    assert not Workshop.objects.exists()
