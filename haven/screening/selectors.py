"""Reads of the screening app: stored screenings within the policy, and the interview steps."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from haven.accounts import policy
from haven.accounts.roles import Cap
from haven.audit.services import record
from haven.screening import actions
from haven.screening.engine import Instrument, Item, Text, default_registry
from haven.screening.models import Screening, Status

# The instruments a screener may start (palermo-elements is a checklist used inside others).
STARTABLE = ("first-contact", "ilo-ec-2009-adult-labour", "ilo-2012-forced-labour")
CHUNK = 4


@dataclass(frozen=True)
class Step:
    """One screen of the interview: a topic and its items."""

    key: str
    title: Text
    description: Text | None
    items: tuple[Item, ...]


def _chunks(items: list[Item], title: Text, key: str) -> list[Step]:
    steps = []
    for start in range(0, len(items), CHUNK):
        part = tuple(items[start : start + CHUNK])
        suffix = f"{start + 1}–{start + len(part)}"
        steps.append(
            Step(
                key=f"{key}{start // CHUNK + 1}",
                title=Text(en=f"{title.en} {suffix}", zh_hans=f"{title.zh_hans} {suffix}"),
                description=None,
                items=part,
            )
        )
    return steps


def interview_steps(instrument: Instrument) -> list[Step]:
    """The screens of an interview: one per ILO/EC dimension, then the act questions; items
    without a single dimension (ILO 2012, red flags) in screens of four."""
    steps: list[Step] = []
    indicators = [i for i in instrument.items if i.kind == "indicator"]
    if indicators and all(i.dimension for i in indicators):
        for group in instrument.dimensions:
            items = tuple(i for i in indicators if i.dimension == group.id)
            if items:
                steps.append(Step(group.id, group.name, group.description, items))
    elif indicators:
        title = Text(en="Indicators", zh_hans="指标")
        steps += _chunks(indicators, title, "IND")
    red_flags = [i for i in instrument.items if i.kind == "red_flag"]
    if red_flags:
        steps += _chunks(red_flags, Text(en="Red flags", zh_hans="危险信号"), "RF")
    elements = [i for i in instrument.items if i.kind == "element"]
    for element in ("act", "means", "purpose"):
        items = tuple(i for i in elements if i.element == element)
        if not items:
            continue
        group = instrument.element_group(element) or _palermo_group(element)
        if group is None:
            continue
        steps.append(Step(element.upper(), group.name, group.description, items))
    return steps


def _palermo_group(element: str) -> Any:
    registry = default_registry()
    if "palermo-elements" not in registry:
        return None
    return registry.get("palermo-elements").element_group(element)


def instrument_of(screening: Screening) -> Instrument:
    return default_registry().get(screening.instrument)


def step_index(screening: Screening, key: str) -> tuple[int, list[Step]]:
    steps = interview_steps(instrument_of(screening))
    for index, step in enumerate(steps):
        if step.key == key:
            return index, steps
    raise Http404


def screening_list(
    *,
    actor: Any,
    status: str = "",
    instrument: str = "",
    mine: bool = False,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[Screening]:
    """Screenings of the actor's organisations, newest first."""
    if not policy.can(actor, Cap.SCREENING_RUN):
        raise PermissionDenied
    qs = policy.scope(Screening.objects.all(), actor, Cap.SCREENING_RUN)
    if status:
        qs = qs.filter(status=status)
    if instrument:
        qs = qs.filter(instrument=instrument)
    if mine:
        qs = qs.filter(screener=actor)
    if date_from:
        qs = qs.filter(started_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(started_at__date__lte=date_to)
    return qs.select_related("screener", "case").order_by("-started_at")


def screening_get(*, actor: Any, pk: Any, request: HttpRequest | None = None) -> Screening:
    """One screening; another organisation's answers 404. Reading a completed one is audited."""
    if not policy.can(actor, Cap.SCREENING_RUN):
        raise PermissionDenied
    screening = (
        policy.scope(Screening.objects.all(), actor, Cap.SCREENING_RUN)
        .select_related("case", "screener")
        .filter(pk=pk)
        .first()
    )
    if screening is None:
        raise Http404
    if screening.status != Status.DRAFT:
        record(
            actor=actor,
            action=actions.SCREENING_VIEWED,
            obj=screening,
            request=request,
            details={"status": screening.status},
        )
    return screening
