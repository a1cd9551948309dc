"""Cases for statistics tests, made through the cases app's real services."""

from __future__ import annotations

import datetime
from typing import Any

from haven.accounts.roles import Role
from haven.cases import services as case_services
from haven.cases.models import Case, Purpose
from haven.cases.vocab import ExploitationType, Gender

SECRET_FAMILY, SECRET_GIVEN = "Qianwu", "Zhaoliu"


def stats_case(
    world: Any,
    *,
    other: bool = False,
    consent: bool | None = True,
    sex: str = Gender.FEMININE,
    age: int | None = 30,
    citizenship: tuple[str, ...] = ("VN",),
    identified_on: datetime.date | None = None,
    family: str = SECRET_FAMILY,
    **fields: Any,
) -> Case:
    """A case of org A (or B) with statistics consent given (True), withdrawn (False) or
    never asked (None)."""
    actor = world.user(Role.CASEWORKER, other=other)
    person = case_services.person_register(
        actor=actor,
        organisation=world.org_b if other else world.org_a,
        family_name=family,
        given_names=SECRET_GIVEN,
        sex=sex,
        estimated_age=age,
        citizenship=list(citizenship),
    )
    fields.setdefault("exploitation_types", [ExploitationType.FORCED_LABOUR])
    case = case_services.case_open(
        actor=actor,
        person=person,
        identified_on=identified_on or datetime.date(2024, 3, 1),
        **fields,
    )
    if consent is not None:
        record_consent(world, case, given=True, other=other)
        if consent is False:
            record_consent(world, case, given=False, other=other)
    return case


def record_consent(world: Any, case: Case, *, given: bool, other: bool = False) -> None:
    case_services.consent_record(
        actor=world.user(Role.CASEWORKER, other=other),
        case=case,
        purpose=Purpose.STATISTICS,
        given=given,
        method="written",
        language="en",
        guardian="Guardian (synthetic)" if case.is_child and given else "",
    )


def many(world: Any, n: int, **kwargs: Any) -> list[Case]:
    return [stats_case(world, **kwargs) for _ in range(n)]
