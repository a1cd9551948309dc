"""Workshops: the list, create and change, enrol trainees, assign case studies, open tests.
A trainee's view of a workshop is their progress in it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from haven.accounts import selectors as account_selectors
from haven.accounts.mixins import CapabilityRequiredMixin, paginate
from haven.core.forms import add_errors
from haven.screening.presenting import ui_language
from haven.training import selectors, services
from haven.training.forms import AssignForm, EnrolForm, WorkshopFilterForm, WorkshopForm
from haven.training.models import Workshop
from haven.training.views.common import EITHER, MANAGE, case_card
from haven.training.vocab import QuizKind


def managed_workshop(request: HttpRequest, pk: Any) -> Workshop:
    workshop = selectors.workshop_get(actor=request.user, pk=pk)
    if not selectors.can_manage(request.user, workshop):
        raise PermissionDenied
    return workshop


class WorkshopListView(CapabilityRequiredMixin, View):
    capability = EITHER

    def get(self, request: HttpRequest) -> HttpResponse:
        form = WorkshopFilterForm(request.GET or None)
        search, period = "", ""
        if form.is_valid():
            search, period = form.cleaned_data["q"].strip(), form.cleaned_data["period"]
        page = paginate(
            request, selectors.workshop_list(actor=request.user, search=search, period=period)
        )
        return render(
            request,
            "training/workshop_list.html",
            {
                "form": form,
                "page_obj": page,
                "filtered": bool(search or period),
                "can_manage": selectors.can_manage(request.user),
            },
        )


class WorkshopCreateView(CapabilityRequiredMixin, View):
    capability = MANAGE
    template_name = "training/workshop_form.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = WorkshopForm(initial={"languages": ["en", "zh-hans"]})
        return render(request, self.template_name, {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = WorkshopForm(request.POST)
        if form.is_valid():
            organisation = account_selectors.acting_organisation(
                actor=request.user, capability=MANAGE
            )
            try:
                workshop = services.workshop_create(
                    actor=request.user,
                    organisation=organisation,
                    request=request,
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The workshop is created. Now enrol the trainees."))
                return redirect("training:workshop_detail", pk=workshop.pk)
        return render(request, self.template_name, {"form": form})


class WorkshopEditView(CapabilityRequiredMixin, View):
    capability = MANAGE
    template_name = "training/workshop_form.html"

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        workshop = managed_workshop(request, pk)
        form = WorkshopForm(initial={f: getattr(workshop, f) for f in WorkshopForm.base_fields})
        return render(request, self.template_name, {"form": form, "workshop": workshop})

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        workshop = managed_workshop(request, pk)
        form = WorkshopForm(request.POST)
        if form.is_valid():
            try:
                services.workshop_update(
                    actor=request.user, workshop=workshop, request=request, **form.cleaned_data
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The workshop is changed."))
                return redirect("training:workshop_detail", pk=workshop.pk)
        return render(request, self.template_name, {"form": form, "workshop": workshop})


class WorkshopDetailView(CapabilityRequiredMixin, View):
    capability = EITHER

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        workshop = selectors.workshop_get(actor=request.user, pk=pk)
        lang = ui_language()
        if selectors.can_manage(request.user, workshop):
            return render(
                request,
                "training/workshop_detail.html",
                {
                    "workshop": workshop,
                    "tests": [
                        (QuizKind.PRE, QuizKind.PRE.label, workshop.pre_test_open),
                        (QuizKind.POST, QuizKind.POST.label, workshop.post_test_open),
                    ],
                    "enrolments": selectors.enrolments(workshop),
                    "cases": [case_card(c, lang) for c in selectors.assigned_cases(workshop)],
                },
            )
        enrolment = selectors.enrolment_of(actor=request.user, workshop=workshop)
        if enrolment is None:  # visible only through enrolment; kept for clarity
            raise PermissionDenied
        progress = selectors.trainee_progress(enrolment=enrolment)
        return render(
            request,
            "training/workshop_trainee.html",
            {
                "workshop": workshop,
                "progress": progress,
                "assignments": [
                    {"case": case_card(a.case, lang), "exercise": a.exercise, "done": a.done}
                    for a in progress.assignments
                ],
            },
        )


class WorkshopEnrolView(CapabilityRequiredMixin, View):
    capability = MANAGE
    template_name = "training/enrol.html"

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        workshop = managed_workshop(request, pk)
        return render(request, self.template_name, {"workshop": workshop, "form": EnrolForm()})

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        workshop = managed_workshop(request, pk)
        form = EnrolForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                result = services.workshop_enrol(
                    actor=request.user, workshop=workshop, rows=form.rows(), request=request
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _enrol_message(result))
                return redirect("training:workshop_detail", pk=workshop.pk)
        return render(request, self.template_name, {"workshop": workshop, "form": form})


def _enrol_message(result: services.EnrolResult) -> str:
    parts = [
        ngettext(
            "{count} trainee enrolled.", "{count} trainees enrolled.", len(result.added)
        ).format(count=len(result.added))
    ]
    if result.already:
        parts.append(
            ngettext(
                "{count} was enrolled already.", "{count} were enrolled already.", result.already
            ).format(count=result.already)
        )
    if result.created:
        parts.append(
            ngettext(
                "{count} new trainee account was created; find its invitation on the Users page.",
                "{count} new trainee accounts were created; find their invitations on the Users page.",
                len(result.created),
            ).format(count=len(result.created))
        )
    return " ".join(parts)


class WorkshopUnenrolView(CapabilityRequiredMixin, View):
    capability = MANAGE
    template_name = "training/unenrol.html"

    def get(self, request: HttpRequest, pk: Any, enrolment: Any) -> HttpResponse:
        workshop = managed_workshop(request, pk)
        found = selectors.enrolment_get(actor=request.user, workshop=workshop, pk=enrolment)
        return render(request, self.template_name, {"workshop": workshop, "enrolment": found})

    def post(self, request: HttpRequest, pk: Any, enrolment: Any) -> HttpResponse:
        workshop = managed_workshop(request, pk)
        found = selectors.enrolment_get(actor=request.user, workshop=workshop, pk=enrolment)
        services.workshop_unenrol(actor=request.user, enrolment=found, request=request)
        messages.success(
            request,
            _("{username} is no longer enrolled.").format(username=found.trainee.username),
        )
        return redirect("training:workshop_detail", pk=workshop.pk)


class WorkshopAssignView(CapabilityRequiredMixin, View):
    capability = MANAGE
    template_name = "training/assign.html"

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        workshop = managed_workshop(request, pk)
        current = [c.id for c in selectors.assigned_cases(workshop)]
        form = AssignForm(initial={"case_studies": current}, lang=ui_language())
        return render(request, self.template_name, {"workshop": workshop, "form": form})

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        workshop = managed_workshop(request, pk)
        form = AssignForm(request.POST, lang=ui_language())
        if form.is_valid():
            try:
                services.workshop_assign(
                    actor=request.user,
                    workshop=workshop,
                    case_studies=form.cleaned_data["case_studies"],
                    request=request,
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The case studies of the workshop are saved."))
                return redirect("training:workshop_detail", pk=workshop.pk)
        return render(request, self.template_name, {"workshop": workshop, "form": form})


class WorkshopTestsView(CapabilityRequiredMixin, View):
    """Open or close the pre-test or the post-test (POST ``test`` = pre|post, ``open`` = 1|0)."""

    capability = MANAGE

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        workshop = managed_workshop(request, pk)
        test = request.POST.get("test")
        value = request.POST.get("open") == "1"
        if test not in QuizKind.values:
            messages.error(request, _("Choose the pre-test or the post-test."))
            return redirect("training:workshop_detail", pk=workshop.pk)
        services.workshop_set_tests(
            actor=request.user,
            workshop=workshop,
            request=request,
            **{f"{test}_test_open": value},
        )
        label = QuizKind(test).label
        messages.success(
            request,
            (_("{test} is open.") if value else _("{test} is closed.")).format(test=label),
        )
        return redirect("training:workshop_detail", pk=workshop.pk)
