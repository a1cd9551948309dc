"""Training objects made through the real services, for tests and the URL matrix."""

from __future__ import annotations

import datetime
from typing import Any

from haven.accounts import policy
from haven.accounts.roles import ALL, Cap, Role
from haven.training import services
from haven.training.catalogue import catalogue
from haven.training.services import EnrolRow
from haven.web.tests.matrix import made

PALERMO_CASE = "forced-begging"  # a short interview (Palermo elements, three steps)
LABOUR_CASE = "construction-abroad"


def workshop(world: Any, other: bool = False, **values: Any) -> Any:
    trainer = world.user(Role.TRAINER, other=other)
    fields: dict[str, Any] = {
        "title": "Identification workshop (synthetic)",
        "place": "Nanning",
        "starts_on": datetime.date(2026, 3, 10),
        "ends_on": datetime.date(2026, 3, 11),
        "languages": ["en", "zh-hans"],
    }
    fields.update(values)
    return services.workshop_create(
        actor=trainer, organisation=world.org_b if other else world.org_a, **fields
    )


def enrol(world: Any, workshop: Any, *trainees: Any, other: bool = False) -> list[Any]:
    trainer = world.user(Role.TRAINER, other=other)
    rows = [EnrolRow(line=n, username=t.username) for n, t in enumerate(trainees, start=1)]
    return services.workshop_enrol(actor=trainer, workshop=workshop, rows=rows).added


def assign(world: Any, workshop: Any, *case_ids: str, other: bool = False) -> None:
    services.workshop_assign(
        actor=world.user(Role.TRAINER, other=other), workshop=workshop, case_studies=case_ids
    )


def key_answers(case_id: str) -> dict[str, str]:
    case = catalogue().case_study(case_id)
    assert case is not None
    return dict(case.key.answers)


def exercise(
    trainee: Any,
    case_id: str = PALERMO_CASE,
    answers: dict[str, str] | None = None,
    workshop: Any = None,
    submit: bool = True,
    age: int | None = None,
    age_uncertain: bool | None = None,
) -> Any:
    case = catalogue().case_study(case_id)
    assert case is not None
    started = services.exercise_start(
        actor=trainee,
        case_study=case_id,
        question_language="en",
        subject_age=case.key.subject.age if age is None else age,
        subject_age_uncertain=case.key.subject.age_uncertain
        if age_uncertain is None
        else age_uncertain,
        workshop=workshop,
    )
    if answers:
        started = services.exercise_answer(actor=trainee, exercise=started, answers=answers)
    if not submit:
        return started
    return services.exercise_submit(actor=trainee, exercise=started)


# ------------------------------------------------------------------------------ URL matrix


def matrix_workshop(world: Any, other: bool) -> Any:
    """A workshop of org A (or B) with that organisation's trainee enrolled."""

    def make() -> Any:
        found = workshop(world, other=other)
        assign(world, found, PALERMO_CASE, other=other)
        enrol(world, found, world.user(Role.TRAINEE, other=other), other=other)
        return found

    return made(world, "training_workshop", other, make)


def workshop_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    return {"pk": matrix_workshop(world, other).pk}


def enrolment_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    found = matrix_workshop(world, other)
    return {"pk": found.pk, "enrolment": found.enrolments.get().pk}


def quiz_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    return {"pk": matrix_workshop(world, other).pk, "kind": "pre"}


def matrix_exercise(world: Any, other: bool, submitted: bool) -> Any:
    trainee = world.user(Role.TRAINEE, other=other)
    key = "training_exercise_done" if submitted else "training_exercise_draft"
    return made(
        world,
        key,
        other,
        lambda: exercise(trainee, answers=key_answers(PALERMO_CASE), submit=submitted),
    )


def draft_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    return {"pk": matrix_exercise(world, other, submitted=False).pk}


def step_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    return {"pk": matrix_exercise(world, other, submitted=False).pk, "step": "ACT"}


def submitted_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    return {"pk": matrix_exercise(world, other, submitted=True).pk}


# Content (library pages, indicators, case studies) is the same for every organisation: there
# is no other organisation's page, so the cross-organisation request names one that does not
# exist and must answer 404 like any unknown object. The matrix expects the system
# administrator, who reaches every organisation, to be served there: they get a real page.
MISSING = "no-such-content"


def _missing_for(actor: Any, other: bool) -> bool:
    return other and policy.organisations_for(actor, Cap.ORGS_MANAGE) is not ALL


def page_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    return {"page": MISSING if _missing_for(actor, other) else "palermo-definition"}


def indicator_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    return {"item_id": MISSING if _missing_for(actor, other) else "CD01"}


def case_study_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    return {"case_study": MISSING if other else PALERMO_CASE}
