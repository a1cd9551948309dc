"""Practice mode: start an exercise on a case study, answer the real interview step by step,
check the answers, submit; then the feedback page (``views/feedback.py``)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from haven.accounts.mixins import CapabilityRequiredMixin, paginate
from haven.core.forms import add_errors
from haven.screening.engine import default_registry
from haven.screening.presenting import check_sections, step_context, ui_language
from haven.screening.selectors import Step, interview_steps
from haven.training import selectors, services
from haven.training.catalogue import CaseStudy, catalogue
from haven.training.forms import (
    ExerciseFilterForm,
    ExerciseStartForm,
    ExerciseStepForm,
)
from haven.training.models import Exercise, Workshop
from haven.training.views.common import EITHER, EXERCISE
from haven.training.vocab import LANGUAGE_CHOICES


def _case(case_id: str) -> CaseStudy:
    case = catalogue().case_study(case_id)
    if case is None:
        raise Http404
    return case


def _workshop_param(request: HttpRequest, value: str | None) -> Workshop | None:
    if not value:
        return None
    try:
        pk = UUID(value)
    except ValueError:
        raise Http404 from None
    return selectors.workshop_get(actor=request.user, pk=pk)


def _steps(exercise: Exercise) -> list[Step]:
    return interview_steps(default_registry().get(exercise.instrument))


def _draft(request: HttpRequest, pk: Any) -> Exercise | HttpResponse:
    exercise = selectors.own_exercise(actor=request.user, pk=pk)
    if not exercise.is_draft:
        return redirect("training:exercise_feedback", pk=exercise.pk)
    return exercise


class ExerciseListView(CapabilityRequiredMixin, View):
    capability = EITHER

    def get(self, request: HttpRequest) -> HttpResponse:
        lang = ui_language()
        form = ExerciseFilterForm(request.GET or None, lang=lang)
        filters = (
            {k: v for k, v in form.cleaned_data.items() if v}
            if request.GET and form.is_valid()
            else {}
        )
        page = paginate(request, selectors.exercise_list(actor=request.user, **filters))
        titles = {c.id: c.title.get(lang) for c in catalogue().case_studies}
        rows = [(e, titles.get(e.case_study, e.case_study)) for e in page.object_list]
        return render(
            request,
            "training/exercise_list.html",
            {
                "form": form,
                "page_obj": page,
                "rows": rows,
                "filtered": bool(filters),
                "can_manage": selectors.can_manage(request.user),
            },
        )


class ExerciseStartView(CapabilityRequiredMixin, View):
    capability = EXERCISE
    template_name = "training/exercise_start.html"

    def _context(self, case: CaseStudy, form: ExerciseStartForm, workshop: Workshop | None) -> dict:
        lang = ui_language()
        return {
            "case": case,
            "title": case.title.get(lang),
            "vignette": [p.get(lang) for p in case.vignette],
            "instrument": default_registry().get(case.instrument).title.get(lang),
            "form": form,
            "workshop": workshop,
        }

    def _existing(self, request: HttpRequest, case: CaseStudy, workshop: Workshop | None) -> Any:
        if workshop is None:
            return None
        return (
            selectors.exercise_list(actor=request.user, mine=True, workshop=workshop)
            .filter(case_study=case.id)
            .first()
        )

    def get(self, request: HttpRequest, case_study: str) -> HttpResponse:
        case = _case(case_study)
        workshop = _workshop_param(request, request.GET.get("workshop"))
        existing = self._existing(request, case, workshop)
        if existing is not None:
            return redirect("training:exercise_resume", pk=existing.pk)
        form = ExerciseStartForm(initial={"question_language": ui_language()})
        return render(request, self.template_name, self._context(case, form, workshop))

    def post(self, request: HttpRequest, case_study: str) -> HttpResponse:
        case = _case(case_study)
        workshop = _workshop_param(request, request.POST.get("workshop"))
        form = ExerciseStartForm(request.POST)
        if form.is_valid():
            existing = self._existing(request, case, workshop)
            if existing is not None:
                return redirect("training:exercise_resume", pk=existing.pk)
            try:
                exercise = services.exercise_start(
                    actor=request.user,
                    case_study=case.id,
                    workshop=workshop,
                    request=request,
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                return redirect("training:exercise_resume", pk=exercise.pk)
        return render(request, self.template_name, self._context(case, form, workshop))


class ExerciseResumeView(CapabilityRequiredMixin, View):
    """Go on where the practice interview stopped: the first step with nothing answered."""

    capability = EXERCISE

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        exercise = _draft(request, pk)
        if isinstance(exercise, HttpResponse):
            return exercise
        for step in _steps(exercise):
            if not any(item.id in exercise.answers for item in step.items):
                return redirect("training:exercise_step", pk=exercise.pk, step=step.key)
        return redirect("training:exercise_check", pk=exercise.pk)


class ExerciseStepView(CapabilityRequiredMixin, View):
    capability = EXERCISE
    template_name = "training/exercise_step.html"

    def _index(self, exercise: Exercise, key: str) -> tuple[int, list[Step]]:
        steps = _steps(exercise)
        for index, step in enumerate(steps):
            if step.key == key:
                return index, steps
        raise Http404

    def get(self, request: HttpRequest, pk: Any, step: str) -> HttpResponse:
        exercise = _draft(request, pk)
        if isinstance(exercise, HttpResponse):
            return exercise
        index, steps = self._index(exercise, step)
        lang = request.GET.get("ql", exercise.question_language)
        if lang not in dict(LANGUAGE_CHOICES):
            lang = exercise.question_language
        initial: dict[str, Any] = {"question_language": lang}
        for item in steps[index].items:
            initial[f"a_{item.id}"] = exercise.answers.get(item.id, "unknown")
        form = ExerciseStepForm(initial=initial, step=steps[index])
        return self._render(request, exercise, form, index, steps, lang)

    def post(self, request: HttpRequest, pk: Any, step: str) -> HttpResponse:
        exercise = _draft(request, pk)
        if isinstance(exercise, HttpResponse):
            return exercise
        index, steps = self._index(exercise, step)
        form = ExerciseStepForm(request.POST, step=steps[index])
        lang = request.POST.get("question_language") or exercise.question_language
        if lang not in dict(LANGUAGE_CHOICES):
            lang = exercise.question_language
        if not form.is_valid():
            return self._render(request, exercise, form, index, steps, lang)
        services.exercise_answer(
            actor=request.user,
            exercise=exercise,
            answers=form.answers(),
            question_language=form.cleaned_data.get("question_language") or None,
            request=request,
        )
        if request.POST.get("later"):
            messages.success(request, _("Your answers are saved. Resume from your exercises."))
            return redirect("training:exercise_list")
        if index + 1 < len(steps):
            return redirect("training:exercise_step", pk=exercise.pk, step=steps[index + 1].key)
        return redirect("training:exercise_check", pk=exercise.pk)

    def _render(
        self,
        request: HttpRequest,
        exercise: Exercise,
        form: ExerciseStepForm,
        index: int,
        steps: list[Step],
        lang: str,
    ) -> HttpResponse:
        ui = ui_language()
        case = _case(exercise.case_study)
        return render(
            request,
            self.template_name,
            {
                "exercise": exercise,
                "case_title": case.title.get(ui),
                "vignette": [p.get(ui) for p in case.vignette],
                **step_context(form, steps, index, lang, notes=False),
            },
        )


class ExerciseCheckView(CapabilityRequiredMixin, View):
    """Check the answers, then submit: the engine evaluates them and the key is compared."""

    capability = EXERCISE
    template_name = "training/exercise_check.html"

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        exercise = _draft(request, pk)
        if isinstance(exercise, HttpResponse):
            return exercise
        return self._render(request, exercise)

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        exercise = _draft(request, pk)
        if isinstance(exercise, HttpResponse):
            return exercise
        try:
            services.exercise_submit(actor=request.user, exercise=exercise, request=request)
        except ValidationError as exc:
            return self._render(request, exercise, errors=exc.messages)
        return redirect("training:exercise_feedback", pk=exercise.pk)

    def _render(
        self, request: HttpRequest, exercise: Exercise, errors: list[str] | None = None
    ) -> HttpResponse:
        sections = check_sections(_steps(exercise), exercise.answers, exercise.question_language)
        return render(
            request,
            self.template_name,
            {"exercise": exercise, "sections": sections, "errors": errors or []},
        )
