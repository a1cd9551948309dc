"""Everything that happened in a case, newest first, for the case page and the API."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from haven.cases.models import Case, Purpose, Stage
from haven.cases.vocab import EventType, SupportPlanType


@dataclass(frozen=True)
class Item:
    when: datetime.datetime
    kind: str
    title: str
    text: str = ""
    who: str = ""


# Other apps add entries (e.g. exchange: messages from partner nodes): key -> provider(case).
PROVIDERS: dict[str, Callable[[Case], Iterable[Item]]] = {}


def register(key: str, provider: Callable[[Case], Iterable[Item]]) -> None:
    PROVIDERS[key] = provider


def _who(user: Any) -> str:
    return user.username if user is not None else ""


def build(case: Case) -> list[Item]:
    items = [
        Item(case.created_at, "opened", _("Case opened"), case.reference, _who(case.registered_by))
    ]
    for change in case.stage_changes.select_related("by"):
        items.append(
            Item(
                change.created_at,
                "stage",
                _("Stage: {stage}").format(stage=Stage(change.to_stage).label),
                change.reason,
                _who(change.by),
            )
        )
    for consent in case.consents.select_related("recorded_by"):
        verb = _("given") if consent.given else _("refused or withdrawn")
        items.append(
            Item(
                consent.created_at,
                "consent",
                _("Consent for {purpose}: {verb}").format(
                    purpose=Purpose(consent.purpose).label, verb=verb
                ),
                "",
                _who(consent.recorded_by),
            )
        )
    for assessment in case.assessments.select_related("by"):
        items.append(
            Item(
                assessment.created_at,
                "assessment",
                _("{kind} assessment ({level})").format(
                    kind=assessment.get_kind_display(), level=assessment.get_level_display()
                ),
                assessment.notes,
                _who(assessment.by),
            )
        )
    for plan in case.plans.all():
        items.append(
            Item(
                plan.created_at,
                "plan",
                _("Support plan: {type}").format(type=SupportPlanType(plan.type).label),
                plan.objectives,
            )
        )
    for service in case.services.all():
        items.append(
            Item(
                service.created_at,
                "service",
                _("Service delivered: {category}").format(
                    category=SupportPlanType(service.category).label
                ),
                service.notes,
            )
        )
    for event in case.events.all():
        items.append(
            Item(
                event.created_at,
                "event",
                _("Trafficking event: {type}").format(type=EventType(event.type).label),
                event.description,
            )
        )
    for proceeding in case.proceedings.all():
        items.append(
            Item(
                proceeding.created_at,
                "proceeding",
                proceeding.get_kind_display(),
                proceeding.get_status_display(),
            )
        )
    for note in case.notes.select_related("author"):
        items.append(Item(note.created_at, "note", _("Note"), note.text, _who(note.author)))
    for document in case.documents.select_related("uploaded_by").defer("blob"):
        items.append(
            Item(
                document.created_at,
                "document",
                _("Document added: {kind}").format(kind=document.get_kind_display()),
                "",
                _who(document.uploaded_by),
            )
        )
    for task in case.tasks.filter(done_at__isnull=False).select_related("owner"):
        items.append(
            Item(
                task.done_at or task.updated_at,
                "task",
                _("Task done"),
                task.title,
                _who(task.owner),
            )
        )
    for provider in PROVIDERS.values():
        items.extend(provider(case))
    return sorted(items, key=lambda item: item.when, reverse=True)
