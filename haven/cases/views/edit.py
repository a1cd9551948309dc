"""Changing a case: details, person, stage, consent, support items, tasks, notes, documents."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from haven.accounts.mixins import CapabilityRequiredMixin
from haven.accounts.roles import Cap
from haven.cases import forms as case_forms
from haven.cases import selectors, services, workflow
from haven.cases.models import Document, Task
from haven.cases.services.work import MAX_DOCUMENT_BYTES, document_open
from haven.core.forms import add_errors as form_errors


def _case(request: HttpRequest, pk: UUID) -> Any:
    return selectors.case_get(actor=request.user, pk=pk, audit=False)


class FormPage(CapabilityRequiredMixin, View):
    """A form about one case: GET shows it, POST validates and calls ``save``."""

    capability: Any = Cap.CASE_EDIT
    title: Promise | str = ""
    template_name = "cases/case_form.html"

    def make_form(self, request: HttpRequest, case: Any, data: Any = None) -> forms.Form:
        raise Http404

    def save(self, request: HttpRequest, case: Any, form: forms.Form) -> None:
        raise Http404

    def render_form(self, request: HttpRequest, case: Any, form: forms.Form) -> HttpResponse:
        return render(
            request,
            self.template_name,
            {"case": case, "form": form, "title": self.title, "multipart": "file" in form.fields},
        )

    def get(self, request: HttpRequest, pk: UUID, **kwargs: Any) -> HttpResponse:
        case = _case(request, pk)
        return self.render_form(request, case, self.make_form(request, case))

    def post(self, request: HttpRequest, pk: UUID, **kwargs: Any) -> HttpResponse:
        case = _case(request, pk)
        form = self.make_form(request, case, request.POST)
        if form.is_valid():
            try:
                self.save(request, case, form)
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("cases:detail", pk=case.pk)
        return self.render_form(request, case, form)


class CaseEditView(FormPage):
    title = gettext_lazy("Change case details")

    def make_form(self, request: HttpRequest, case: Any, data: Any = None) -> forms.Form:
        return case_forms.CaseForm(data, initial=case_forms.CaseForm.initial_for(case))

    def save(self, request: HttpRequest, case: Any, form: forms.Form) -> None:
        values = dict(form.cleaned_data)
        values["age_when_trafficked"] = values.get("age_when_trafficked")
        services.case_update(actor=request.user, case=case, request=request, **values)


class PersonEditView(FormPage):
    title = gettext_lazy("Change the person's details")

    def make_form(self, request: HttpRequest, case: Any, data: Any = None) -> forms.Form:
        return case_forms.PersonForm(data, initial=case_forms.PersonForm.initial_for(case.person))

    def save(self, request: HttpRequest, case: Any, form: forms.Form) -> None:
        assert isinstance(form, case_forms.PersonForm)  # noqa: S101  (narrowing for mypy)
        services.person_update(
            actor=request.user, person=case.person, request=request, **form.person_fields()
        )


class TransitionView(FormPage):
    capability = Cap.CASE_TRANSITION
    title = gettext_lazy("Move the case to another stage")
    template_name = "cases/transition.html"

    def make_form(self, request: HttpRequest, case: Any, data: Any = None) -> forms.Form:
        targets = [t.target for t in workflow.allowed(case.stage)]
        return case_forms.TransitionForm(data, targets=targets)

    def save(self, request: HttpRequest, case: Any, form: forms.Form) -> None:
        data = form.cleaned_data
        services.case_transition(
            actor=request.user,
            case=case,
            target=data["target"],
            reason=data["reason"],
            closure_reason=data["closure_reason"],
            request=request,
        )


class ConsentView(FormPage):
    capability = Cap.CASE_TRANSITION
    title = gettext_lazy("Record consent")
    template_name = "cases/consent.html"

    def make_form(self, request: HttpRequest, case: Any, data: Any = None) -> forms.Form:
        return case_forms.ConsentForm(
            data,
            initial={"decided_on": timezone.localdate(), "purpose": request.GET.get("purpose")},
        )

    def save(self, request: HttpRequest, case: Any, form: forms.Form) -> None:
        services.consent_record(actor=request.user, case=case, request=request, **form.cleaned_data)


@dataclass(frozen=True)
class ItemKind:
    title: Promise
    form: Callable[..., forms.Form]
    save: Callable[..., Any]


def _service_form(data: Any = None, *, case: Any, **kwargs: Any) -> forms.Form:
    return case_forms.ServiceForm(data, case=case, **kwargs)


ITEMS: dict[str, ItemKind] = {
    "assessment": ItemKind(
        gettext_lazy("Record an assessment"), case_forms.AssessmentForm, services.assessment_record
    ),
    "plan": ItemKind(gettext_lazy("Add a support plan"), case_forms.PlanForm, services.plan_save),
    "service": ItemKind(
        gettext_lazy("Record a service delivered"), _service_form, services.service_record
    ),
    "event": ItemKind(
        gettext_lazy("Record a trafficking event"), case_forms.EventForm, services.event_record
    ),
    "proceeding": ItemKind(
        gettext_lazy("Add proceedings"), case_forms.ProceedingForm, services.proceeding_save
    ),
    "task": ItemKind(gettext_lazy("Add a task"), case_forms.TaskForm, services.task_save),
}


class ItemAddView(FormPage):
    def _kind(self, kind: str) -> ItemKind:
        if kind not in ITEMS:
            raise Http404
        return ITEMS[kind]

    def get(self, request: HttpRequest, pk: UUID, **kwargs: Any) -> HttpResponse:
        self.title = self._kind(kwargs["kind"]).title
        self.kind = kwargs["kind"]
        return super().get(request, pk)

    def post(self, request: HttpRequest, pk: UUID, **kwargs: Any) -> HttpResponse:
        self.title = self._kind(kwargs["kind"]).title
        self.kind = kwargs["kind"]
        return super().post(request, pk)

    def make_form(self, request: HttpRequest, case: Any, data: Any = None) -> forms.Form:
        maker = ITEMS[self.kind].form
        initial = {"assessed_on": timezone.localdate(), "delivered_on": timezone.localdate()}
        if self.kind == "service":
            return maker(data, case=case, initial=initial)
        return maker(data, initial=initial)

    def save(self, request: HttpRequest, case: Any, form: forms.Form) -> None:
        values = dict(form.cleaned_data)
        if self.kind == "task":
            values["owner"] = request.user
        ITEMS[self.kind].save(actor=request.user, case=case, request=request, **values)


class NoteAddView(FormPage):
    title = gettext_lazy("Add a note")

    def make_form(self, request: HttpRequest, case: Any, data: Any = None) -> forms.Form:
        return case_forms.NoteForm(data)

    def save(self, request: HttpRequest, case: Any, form: forms.Form) -> None:
        services.note_add(
            actor=request.user, case=case, text=form.cleaned_data["text"], request=request
        )


class DocumentAddView(FormPage):
    title = gettext_lazy("Add a document")

    def make_form(self, request: HttpRequest, case: Any, data: Any = None) -> forms.Form:
        return case_forms.DocumentForm(data, request.FILES if data is not None else None)

    def save(self, request: HttpRequest, case: Any, form: forms.Form) -> None:
        upload = form.cleaned_data["file"]
        if upload.size > MAX_DOCUMENT_BYTES:
            raise ValidationError({"file": _("The file is larger than 10 MB.")})
        services.document_add(
            actor=request.user,
            case=case,
            kind=form.cleaned_data["kind"],
            name=upload.name,
            data=upload.read(),
            request=request,
        )


class DocumentDownloadView(CapabilityRequiredMixin, View):
    capability = Cap.CASE_EDIT

    def get(self, request: HttpRequest, pk: UUID, document: UUID) -> HttpResponse:
        case = _case(request, pk)
        item = get_object_or_404(Document, pk=document, case=case)
        content = document_open(actor=request.user, document=item, request=request)
        response = HttpResponse(content, content_type=item.content_type)
        extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
        response["Content-Disposition"] = (
            f'attachment; filename="{case.reference}-{item.kind}.'
            f'{extension.get(item.content_type, "bin")}"'
        )
        response["Cache-Control"] = "no-store"
        return response


class TaskDoneView(CapabilityRequiredMixin, View):
    capability = Cap.CASE_EDIT

    def post(self, request: HttpRequest, pk: UUID, task: UUID) -> HttpResponse:
        case = _case(request, pk)
        item = get_object_or_404(Task, pk=task, case=case)
        services.task_done(actor=request.user, task=item, request=request)
        messages.success(request, _("Task done."))
        if request.POST.get("next") == "tasks":
            return redirect("cases:my_tasks")
        return redirect("cases:detail", pk=case.pk)
