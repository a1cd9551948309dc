"""Screenings made through the real services, for tests and the URL matrix."""

from __future__ import annotations

from typing import Any

from haven.accounts.roles import Role
from haven.screening import services
from haven.screening.services import CHECKLIST


def start(
    actor: Any,
    organisation: Any,
    instrument: str = "ilo-ec-2009-adult-labour",
    **kwargs: Any,
) -> Any:
    values: dict[str, Any] = {
        "interview_language": "Vietnamese",
        "question_language": "en",
        "interpreter_used": True,
        "checklist": list(CHECKLIST),
        "subject_age": 30,
    }
    values.update(kwargs)
    return services.screening_start(
        actor=actor, organisation=organisation, instrument=instrument, **values
    )


def completed_first_contact(actor: Any, organisation: Any, answers: dict[str, str]) -> Any:
    screening = start(actor, organisation, "first-contact")
    screening = services.screening_answer(actor=actor, screening=screening, answers=answers)
    return services.screening_complete(actor=actor, screening=screening)


def matrix_screening(world: Any, other: bool, completed: bool) -> Any:
    """One draft full interview and one completed first contact (red flags) per organisation,
    made by its screener, cached on the world for the whole test."""
    made = world.__dict__.setdefault("_screening_objects", {})
    key = (completed, other)
    if key not in made:
        screener = world.user(Role.SCREENER, other=other)
        org = world.org_b if other else world.org_a
        if completed:
            made[key] = completed_first_contact(screener, org, {"FC01": "yes"})
        else:
            made[key] = start(screener, org)
    return made[key]


def draft_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    return {"pk": matrix_screening(world, other, completed=False).pk}


def step_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    return {"pk": matrix_screening(world, other, completed=False).pk, "step": "DR"}


def completed_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    return {"pk": matrix_screening(world, other, completed=True).pk}
