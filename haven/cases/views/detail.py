"""The case page: summary, person, consent, support, tasks, notes, documents, timeline."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views import View

from haven.accounts import policy
from haven.accounts.mixins import CapabilityRequiredMixin
from haven.accounts.roles import Cap
from haven.cases import panels, selectors, services, timeline, workflow
from haven.cases.forms import DocumentForm, NoteForm
from haven.cases.models import Purpose
from haven.cases.views.lists import READ


class CaseDetailView(CapabilityRequiredMixin, View):
    capability = READ

    def get(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        case = selectors.case_get(actor=request.user, pk=pk, request=request)
        consents = services.consents_in_force(case)
        can_edit = policy.can(request.user, Cap.CASE_EDIT, case)
        can_move = policy.can(request.user, Cap.CASE_TRANSITION, case)
        return render(
            request,
            "cases/case_detail.html",
            {
                "case": case,
                "person": case.person,
                "consents": [(Purpose(p).label, given) for p, given in consents.items()],
                "can_edit": can_edit,
                "can_move": can_move and bool(workflow.allowed(case.stage)),
                "can_consent": can_move,
                "tasks": case.tasks.filter(done_at__isnull=True).select_related("owner"),
                "plans": case.plans.all(),
                "services": case.services.select_related("plan"),
                "assessments": case.assessments.all(),
                "events": case.events.all(),
                "proceedings": case.proceedings.all(),
                "notes": case.notes.select_related("author")[:20],
                "documents": case.documents.defer("blob").select_related("uploaded_by"),
                "timeline": timeline.build(case),
                "panels": panels.panels_for(request, case),
                "note_form": NoteForm(),
                "document_form": DocumentForm(),
                "today": timezone.localdate(),
            },
        )
