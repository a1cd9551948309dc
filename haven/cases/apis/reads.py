"""Reads the API needs beyond ``cases.selectors``: the case page (consents in force, allowed
moves, the timeline of ``cases.timeline``), a case's documents and tasks, and a task found
through the visible cases.

Every function starts from an already scoped object (``selectors.case_get``) or from
``selectors.visible_cases``, so nothing here widens what a user may see. They belong in
``cases.selectors``; they live here until that module takes them.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from haven.accounts import policy
from haven.cases import selectors, timeline, workflow
from haven.cases.models import Case, Document, Stage, Task
from haven.cases.services import consents_in_force


def case_page(*, actor: Any, case: Case) -> dict[str, Any]:
    """The serializer context of the full case."""
    transitions = [
        {
            "target": move.target,
            "target_label": Stage(move.target).label,
            "needs_closure_reason": move.needs_closure_reason,
        }
        for move in workflow.allowed(case.stage)
        if policy.can(actor, move.capability, case)
    ]
    return {
        "consents": consents_in_force(case),
        "transitions": transitions,
        "timeline": timeline.build(case),
    }


def documents_of(case: Case) -> QuerySet[Document]:
    """A case's documents without their (encrypted) content."""
    return case.documents.defer("blob").select_related("uploaded_by").order_by("-created_at")


def document_of(case: Case, pk: UUID) -> Document:
    document = case.documents.filter(pk=pk).first()
    if document is None:
        raise Http404
    return document


def tasks_of(case: Case) -> QuerySet[Task]:
    return case.tasks.select_related("case", "owner").order_by("due_on", "created_at")


def task_get(*, actor: Any, pk: UUID) -> Task:
    """A task of a case the actor may see, else 404."""
    task = (
        Task.objects.filter(pk=pk, case__in=selectors.visible_cases(actor))
        .select_related("case", "case__organisation", "owner")
        .first()
    )
    if task is None:
        raise Http404
    return task
