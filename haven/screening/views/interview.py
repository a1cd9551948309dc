"""Start, answer step by step, check the answers, complete."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from haven.accounts import selectors as account_selectors
from haven.accounts.mixins import CapabilityRequiredMixin
from haven.accounts.roles import Cap
from haven.core.forms import add_errors
from haven.screening import selectors, services
from haven.screening.forms import ANSWER_CHOICES, StartForm, StepForm
from haven.screening.models import LANGUAGE_CHOICES, Screening
from haven.screening.presenting import check_sections, step_context, ui_language

ANSWER_LABELS = dict(ANSWER_CHOICES)


def _draft(request: HttpRequest, pk: Any) -> Screening | HttpResponse:
    screening = selectors.screening_get(actor=request.user, pk=pk, request=request)
    if not screening.is_draft:
        return redirect("screening:result", pk=screening.pk)
    return screening


class StartView(CapabilityRequiredMixin, View):
    capability = Cap.SCREENING_RUN
    template_name = "screening/start.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = StartForm(
            initial={"instrument": "first-contact", "question_language": ui_language()}
        )
        return render(request, self.template_name, {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = StartForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form})
        data = form.cleaned_data
        organisation = account_selectors.acting_organisation(
            actor=request.user, capability=Cap.SCREENING_RUN
        )
        try:
            screening = services.screening_start(
                actor=request.user,
                organisation=organisation,
                instrument=data["instrument"],
                interview_language=data["interview_language"],
                question_language=data["question_language"],
                interpreter_used=data["interpreter_used"],
                checklist=form.checklist(),
                subject_age=data["subject_age"],
                subject_age_uncertain=data["subject_age_uncertain"],
                request=request,
            )
        except ValidationError as exc:
            add_errors(form, exc)
            return render(request, self.template_name, {"form": form})
        return redirect("screening:resume", pk=screening.pk)


class ResumeView(CapabilityRequiredMixin, View):
    """Go on where the interview stopped: the first step with nothing answered."""

    capability = Cap.SCREENING_RUN

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        screening = _draft(request, pk)
        if isinstance(screening, HttpResponse):
            return screening
        steps = selectors.interview_steps(selectors.instrument_of(screening))
        answered = set(screening.answers) | set(screening.notes or {})
        for step in steps:
            if not any(item.id in answered for item in step.items):
                return redirect("screening:step", pk=screening.pk, step=step.key)
        return redirect("screening:check", pk=screening.pk)


class StepView(CapabilityRequiredMixin, View):
    capability = Cap.SCREENING_RUN
    template_name = "screening/step.html"

    def get(self, request: HttpRequest, pk: Any, step: str) -> HttpResponse:
        screening = _draft(request, pk)
        if isinstance(screening, HttpResponse):
            return screening
        index, steps = selectors.step_index(screening, step)
        lang = request.GET.get("ql", screening.question_language)
        if lang not in dict(LANGUAGE_CHOICES):
            lang = screening.question_language
        initial: dict[str, Any] = {"question_language": lang}
        for item in steps[index].items:
            initial[f"a_{item.id}"] = screening.answers.get(item.id, "unknown")
            initial[f"n_{item.id}"] = (screening.notes or {}).get(item.id, "")
        form = StepForm(initial=initial, step=steps[index])
        return self._render(request, screening, form, index, steps, lang)

    def post(self, request: HttpRequest, pk: Any, step: str) -> HttpResponse:
        screening = _draft(request, pk)
        if isinstance(screening, HttpResponse):
            return screening
        index, steps = selectors.step_index(screening, step)
        form = StepForm(request.POST, step=steps[index])
        lang = request.POST.get("question_language") or screening.question_language
        if not form.is_valid():
            return self._render(request, screening, form, index, steps, lang)
        try:
            services.screening_answer(
                actor=request.user,
                screening=screening,
                answers=form.answers(),
                notes=form.notes(),
                question_language=form.cleaned_data.get("question_language") or None,
                request=request,
            )
        except ValidationError as exc:
            add_errors(form, exc)
            return self._render(request, screening, form, index, steps, lang)
        if request.POST.get("later"):
            messages.success(
                request,
                _("Your answers are saved. Resume the interview from the home page or the list."),
            )
            return redirect("screening:list")
        if index + 1 < len(steps):
            return redirect("screening:step", pk=screening.pk, step=steps[index + 1].key)
        return redirect("screening:check", pk=screening.pk)

    def _render(
        self,
        request: HttpRequest,
        screening: Screening,
        form: StepForm,
        index: int,
        steps: list[selectors.Step],
        lang: str,
    ) -> HttpResponse:
        return render(
            request,
            self.template_name,
            {"screening": screening, **step_context(form, steps, index, lang, notes=True)},
        )


class CheckView(CapabilityRequiredMixin, View):
    """Check your answers, then complete: the engine evaluates and the result is stored."""

    capability = Cap.SCREENING_RUN
    template_name = "screening/check.html"

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        screening = _draft(request, pk)
        if isinstance(screening, HttpResponse):
            return screening
        return self._render(request, screening)

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        screening = _draft(request, pk)
        if isinstance(screening, HttpResponse):
            return screening
        try:
            services.screening_complete(actor=request.user, screening=screening, request=request)
        except ValidationError as exc:
            return self._render(request, screening, errors=exc.messages)
        return redirect("screening:result", pk=screening.pk)

    def _render(
        self, request: HttpRequest, screening: Screening, errors: list[str] | None = None
    ) -> HttpResponse:
        sections = check_sections(
            selectors.interview_steps(selectors.instrument_of(screening)),
            screening.answers,
            screening.question_language,
            notes=screening.notes or {},
        )
        return render(
            request,
            self.template_name,
            {"screening": screening, "sections": sections, "errors": errors or []},
        )
