"""Workshops, enrolment, assignments and tests through the services."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from haven.accounts import services as account_services
from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.training import services
from haven.training.models import Assignment, Enrolment, QuizAttempt, Workshop
from haven.training.services import EnrolRow
from haven.training.tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_trainer_creates_and_changes_a_workshop(world):
    workshop = f.workshop(world, title=" Workshop (synthetic) ", languages=["zh-hans", "en"])

    assert workshop.organisation == world.org_a
    assert workshop.title == "Workshop (synthetic)"
    assert workshop.languages == ["en", "zh-hans"]
    assert workshop.days == 2
    event = AuditEvent.objects.get(action="workshop.created")
    assert event.details == {"days": 2, "languages": ["en", "zh-hans"]}

    changed = services.workshop_update(
        actor=world.user(Role.TRAINER), workshop=workshop, place="Kunming", title_zh="培训"
    )
    assert (changed.place, changed.title_zh) == ("Kunming", "培训")
    assert AuditEvent.objects.get(action="workshop.updated").details == {
        "fields": ["place", "title_zh"]
    }


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"ends_on": datetime.date(2026, 3, 9)}, "ends_on"),
        ({"languages": []}, "languages"),
        ({"languages": ["fr"]}, "languages"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_workshop_details_are_refused(world, values, field):
    with pytest.raises(ValidationError) as error:
        f.workshop(world, **values)
    assert field in error.value.message_dict
    assert not Workshop.objects.exists()


@pytest.mark.parametrize("role", [r for r in Role if r != Role.TRAINER])
def test_only_trainers_manage_workshops(world, role):
    with pytest.raises(PermissionDenied):
        services.workshop_create(
            actor=world.user(role),
            organisation=world.org_a,
            title="X",
            place="Y",
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 1, 1),
            languages=["en"],
        )


def test_a_trainer_of_another_organisation_cannot_change_it(world):
    workshop = f.workshop(world)
    with pytest.raises(PermissionDenied):
        services.workshop_update(
            actor=world.user(Role.TRAINER, other=True), workshop=workshop, place="Z"
        )


def test_enrol_by_user_name_and_e_mail_counts_the_already_enrolled(world):
    workshop = f.workshop(world)
    trainee = world.user(Role.TRAINEE)
    rows = [EnrolRow(1, username=trainee.username.upper()), EnrolRow(2, email=trainee.email)]

    result = services.workshop_enrol(actor=world.user(Role.TRAINER), workshop=workshop, rows=rows)

    assert [e.trainee for e in result.added] == [trainee]
    assert result.already == 0  # the same person twice in one list is enrolled once
    again = services.workshop_enrol(
        actor=world.user(Role.TRAINER), workshop=workshop, rows=rows[:1]
    )
    assert (len(again.added), again.already) == (0, 1)
    assert AuditEvent.objects.filter(action="workshop.enrolled").count() == 2


def test_enrol_is_all_or_nothing_and_lists_every_problem(world):
    workshop = f.workshop(world)
    rows = [
        EnrolRow(1, username=world.user(Role.TRAINEE).username),
        EnrolRow(2, username="nobody_here"),
        EnrolRow(3, username=world.user(Role.SCREENER).username),
        EnrolRow(4, username=world.user(Role.TRAINEE, other=True).username),
    ]

    with pytest.raises(ValidationError) as error:
        services.workshop_enrol(actor=world.user(Role.TRAINER), workshop=workshop, rows=rows)

    messages = error.value.messages
    assert len(messages) == 3
    assert messages[0].startswith("Line 2 (nobody_here): No trainee account.")
    assert "not an active trainee" in messages[1]
    assert "Line 4" in messages[2]
    assert not Enrolment.objects.exists()


def test_a_trainer_who_manages_users_creates_new_trainee_accounts(world):
    admin = world.user(Role.ORG_ADMIN)
    membership = admin.memberships.get()
    account_services.membership_set_roles(
        actor=world.user(Role.SYSADMIN),
        membership=membership,
        roles=[Role.ORG_ADMIN.value, Role.TRAINER.value],
    )
    workshop = f.workshop(world)

    result = services.workshop_enrol(
        actor=admin,
        workshop=workshop,
        rows=[
            EnrolRow(
                1, username="new_trainee", email="new@example.org", full_name="New (synthetic)"
            )
        ],
    )

    (created,) = result.created
    assert created.user.username == "new_trainee"
    assert set(created.user.memberships.get().role_codes) == {"trainee"}
    assert result.added[0].trainee == created.user


def test_assign_case_studies_in_order_and_refuse_unknown_ones(world):
    workshop = f.workshop(world)
    trainer = world.user(Role.TRAINER)
    services.workshop_assign(
        actor=trainer, workshop=workshop, case_studies=["scam-compound", "forced-begging"]
    )
    services.workshop_assign(
        actor=trainer, workshop=workshop, case_studies=["forced-begging", "child-ktv"]
    )

    assert list(
        Assignment.objects.filter(workshop=workshop).values_list("case_study", flat=True)
    ) == [
        "forced-begging",
        "child-ktv",
    ]
    with pytest.raises(ValidationError):
        services.workshop_assign(actor=trainer, workshop=workshop, case_studies=["made-up"])


def _quiz_answers(correct: int) -> dict[str, str]:
    quiz = services.quiz_of(Workshop(quiz="identification-basics"))
    answers = {}
    for n, question in enumerate(quiz.questions):
        wrong = next(c.id for c in question.choices if c.id != question.answer)
        answers[question.id] = question.answer if n < correct else wrong
    return answers


def test_quiz_scoring_through_the_service(world):
    workshop = f.workshop(world)
    trainee = world.user(Role.TRAINEE)
    f.enrol(world, workshop, trainee)
    with pytest.raises(ValidationError, match="not open"):
        services.quiz_submit(actor=trainee, workshop=workshop, kind="pre", answers=_quiz_answers(5))
    services.workshop_set_tests(
        actor=world.user(Role.TRAINER), workshop=workshop, pre_test_open=True
    )

    attempt = services.quiz_submit(
        actor=trainee, workshop=workshop, kind="pre", answers=_quiz_answers(5)
    )

    assert (attempt.correct, attempt.total, attempt.percent) == (5, 12, 42)
    with pytest.raises(ValidationError, match="already"):
        services.quiz_submit(
            actor=trainee, workshop=workshop, kind="pre", answers=_quiz_answers(12)
        )
    assert AuditEvent.objects.get(action="quiz.submitted").details == {
        "kind": "pre",
        "correct": 5,
        "total": 12,
    }


def test_a_quiz_needs_every_answer_and_valid_choices(world):
    workshop = f.workshop(world)
    trainee = world.user(Role.TRAINEE)
    f.enrol(world, workshop, trainee)
    services.workshop_set_tests(
        actor=world.user(Role.TRAINER), workshop=workshop, post_test_open=True
    )
    answers = _quiz_answers(12)

    with pytest.raises(ValidationError):
        services.quiz_submit(actor=trainee, workshop=workshop, kind="post", answers={"q01": "b"})
    with pytest.raises(ValidationError):
        services.quiz_submit(
            actor=trainee, workshop=workshop, kind="post", answers={**answers, "q01": "z"}
        )
    with pytest.raises(ValidationError):
        services.quiz_submit(
            actor=trainee, workshop=workshop, kind="post", answers={**answers, "q99": "a"}
        )
    assert not QuizAttempt.objects.exists()


def test_only_enrolled_trainees_take_the_tests(world):
    workshop = f.workshop(world)
    services.workshop_set_tests(
        actor=world.user(Role.TRAINER), workshop=workshop, pre_test_open=True
    )

    with pytest.raises(PermissionDenied):
        services.quiz_submit(
            actor=world.user(Role.TRAINEE), workshop=workshop, kind="pre", answers={}
        )
    with pytest.raises(PermissionDenied):
        services.quiz_submit(
            actor=world.user(Role.TRAINER), workshop=workshop, kind="pre", answers={}
        )


def test_unenrol_removes_the_tests(world):
    workshop = f.workshop(world)
    trainee = world.user(Role.TRAINEE)
    (enrolment,) = f.enrol(world, workshop, trainee)
    services.workshop_set_tests(
        actor=world.user(Role.TRAINER), workshop=workshop, pre_test_open=True
    )
    services.quiz_submit(actor=trainee, workshop=workshop, kind="pre", answers=_quiz_answers(3))

    services.workshop_unenrol(actor=world.user(Role.TRAINER), enrolment=enrolment)

    assert not Enrolment.objects.exists()
    assert not QuizAttempt.objects.exists()
    assert AuditEvent.objects.get(action="workshop.unenrolled").details == {
        "trainee": str(trainee.pk)
    }
