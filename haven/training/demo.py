"""A synthetic two-day workshop in Nanning (``haven demo``): trainees, assigned case studies,
some exercises and tests done, so that the cohort view has real content. Idempotent.

Every name here is invented and marked as synthetic; answers are the expert keys with a few
deterministic slips (an indicator missed, one wrongly marked), as real trainees make.
"""

from __future__ import annotations

import datetime
import random
from typing import Any, TextIO

from django.db import transaction
from django.utils import timezone

from haven.accounts import services as account_services
from haven.accounts.demo import DEMO_PASSWORD, ORGANISATIONS
from haven.accounts.models import Organisation, User
from haven.accounts.roles import Role
from haven.screening.engine import default_registry
from haven.training import services
from haven.training.catalogue import CaseStudy, catalogue
from haven.training.models import Enrolment, Exercise, QuizAttempt, Workshop
from haven.training.services import EnrolRow

TITLE = "Identifying and referring victims of trafficking (synthetic)"
TITLE_ZH = "人口贩运受害者识别与转介培训班（虚构）"
PLACE = "Nanning 南宁"
CASES = ("forced-marriage", "scam-compound", "child-factory", "smuggled-migrant")
TRAINEES = [
    ("trainee_nn1", "Demo Trainee Li (synthetic)"),
    ("trainee_nn2", "Demo Trainee Huang (synthetic)"),
    ("trainee_nn3", "Demo Trainee Wei (synthetic)"),
    ("trainee_nn4", "Demo Trainee Nong (synthetic)"),
    ("trainee_nn5", "Demo Trainee Tan (synthetic)"),
]
# How far each trainee got: (pre-test skill, post-test skill, exercises done, post-test taken)
PROGRESS = {
    "trainee": (0.5, 0.0, 1, False),
    "trainee_nn1": (0.45, 0.9, 4, True),
    "trainee_nn2": (0.6, 0.85, 4, True),
    "trainee_nn3": (0.35, 0.75, 3, True),
    "trainee_nn4": (0.55, 0.0, 2, False),
    "trainee_nn5": (0.4, 0.0, 0, False),
}


def _trainee(username: str, full_name: str, org: Organisation, actor: User) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = account_services.user_create(
            actor=actor,
            organisation=org,
            username=username,
            roles=[Role.TRAINEE.value],
            full_name=full_name,
            language="zh-hans",
        ).user
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _workshop(org: Organisation, trainer: User) -> Workshop:
    workshop = Workshop.objects.filter(organisation=org, title=TITLE).first()
    if workshop is not None:
        return workshop
    starts = timezone.localdate() - datetime.timedelta(days=1)
    workshop = services.workshop_create(
        actor=trainer,
        organisation=org,
        title=TITLE,
        title_zh=TITLE_ZH,
        place=PLACE,
        starts_on=starts,
        ends_on=starts + datetime.timedelta(days=1),
        languages=["zh-hans", "en"],
        description=(
            "Two days for police officers and officials: the legal framework, the principles "
            "and the screening tools, and case studies. 两天培训：法律框架、识别原则与筛查工具、案例研讨。"
        ),
    )
    services.workshop_assign(actor=trainer, workshop=workshop, case_studies=list(CASES))
    services.workshop_set_tests(
        actor=trainer, workshop=workshop, pre_test_open=True, post_test_open=True
    )
    return workshop


def _quiz(trainee: User, workshop: Workshop, kind: str, skill: float) -> None:
    if QuizAttempt.objects.filter(
        enrolment__workshop=workshop, enrolment__trainee=trainee, kind=kind
    ).exists():
        return
    rng = random.Random(f"{trainee.username}-{kind}")
    quiz = services.quiz_of(workshop)
    answers = {}
    for question in quiz.questions:
        wrong = [c.id for c in question.choices if c.id != question.answer]
        answers[question.id] = question.answer if rng.random() < skill else rng.choice(wrong)
    services.quiz_submit(actor=trainee, workshop=workshop, kind=kind, answers=answers)


def _case(case_id: str) -> CaseStudy:
    case = catalogue().case_study(case_id)
    if case is None:
        raise LookupError(f"the demo assigns a case study the content lacks: {case_id}")
    return case


def _answers(trainee: User, case_id: str) -> dict[str, str]:
    """The key with a deterministic slip or two: a "yes" left out, an extra "yes"."""
    case = _case(case_id)
    rng = random.Random(f"{trainee.username}-{case_id}")
    answers: dict[str, str] = dict(case.key.answers)
    for item_id in list(answers):
        if rng.random() < 0.2:
            answers[item_id] = "no"
    others = [i for i in default_registry().get(case.instrument).item_ids if i not in answers]
    for item_id in rng.sample(others, k=rng.choice((0, 1, 1, 2))):
        answers[item_id] = "yes"
    return answers


def _exercise(trainee: User, workshop: Workshop, case_id: str) -> None:
    if Exercise.objects.filter(trainee=trainee, workshop=workshop, case_study=case_id).exists():
        return
    case = _case(case_id)
    services.exercise_run(
        actor=trainee,
        case_study=case_id,
        answers=_answers(trainee, case_id),
        subject_age=case.key.subject.age,
        subject_age_uncertain=case.key.subject.age_uncertain,
        question_language="zh-hans",
        workshop=workshop,
    )


@transaction.atomic
def load(out: TextIO, scale: int = 0) -> list[tuple[str, str, str]] | None:
    org = Organisation.objects.filter(name=ORGANISATIONS[0].name).first()
    trainer = User.objects.filter(username="trainer").first()
    sysadmin = User.objects.filter(username="sysadmin").first()
    if org is None or trainer is None or sysadmin is None:
        return None  # the accounts demo did not run
    trainees: list[Any] = [User.objects.get(username="trainee")]
    trainees += [_trainee(u, name, org, sysadmin) for u, name in TRAINEES]
    workshop = _workshop(org, trainer)
    enrolled = set(Enrolment.objects.filter(workshop=workshop).values_list("trainee_id", flat=True))
    rows = [
        EnrolRow(line=n, username=t.username)
        for n, t in enumerate(trainees, start=1)
        if t.pk not in enrolled
    ]
    if rows:
        services.workshop_enrol(actor=trainer, workshop=workshop, rows=rows)
    for trainee in trainees:
        pre, post, done, takes_post = PROGRESS[trainee.username]
        _quiz(trainee, workshop, "pre", pre)
        for case_id in CASES[:done]:
            _exercise(trainee, workshop, case_id)
        if takes_post:
            _quiz(trainee, workshop, "post", post)
    out.write(
        f"  training: workshop in Nanning with {len(trainees)} trainees "
        f"(trainee, trainee_nn1 ... trainee_nn5; password {DEMO_PASSWORD})\n"
    )
    return None
