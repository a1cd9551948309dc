"""The case workflow as data (OSCE NRM pillars / TRM-EU phases). ``services.case_transition``
is the only writer of ``Case.stage`` and applies this table."""

from __future__ import annotations

from dataclasses import dataclass

from haven.accounts.roles import Cap
from haven.cases.models import Stage


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    capability: Cap
    needs_closure_reason: bool = False


S = Stage
MOVE = Cap.CASE_TRANSITION

TRANSITIONS: tuple[Transition, ...] = (
    Transition(S.IDENTIFIED, S.REFERRED, MOVE),
    Transition(S.IDENTIFIED, S.ASSISTANCE, MOVE),
    Transition(S.REFERRED, S.ASSISTANCE, MOVE),
    Transition(S.ASSISTANCE, S.LONG_TERM, MOVE),
    Transition(S.ASSISTANCE, S.RETURN, MOVE),
    Transition(S.LONG_TERM, S.RETURN, MOVE),
    Transition(S.RETURN, S.LONG_TERM, MOVE),
    *(
        Transition(source, S.CLOSED, MOVE, needs_closure_reason=True)
        for source in (S.IDENTIFIED, S.REFERRED, S.ASSISTANCE, S.LONG_TERM, S.RETURN)
    ),
    Transition(S.CLOSED, S.ASSISTANCE, MOVE),  # reopening
)


def allowed(source: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.source == source]


def find(source: str, target: str) -> Transition | None:
    return next((t for t in TRANSITIONS if t.source == source and t.target == target), None)
