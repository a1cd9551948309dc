"""A trainee takes the workshop's pre-test or post-test, once, while it is open."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from haven.accounts.mixins import CapabilityRequiredMixin
from haven.core.forms import add_errors
from haven.screening.presenting import ui_language
from haven.training import selectors, services
from haven.training.forms import QuizForm
from haven.training.models import QuizAttempt, Workshop
from haven.training.views.common import EXERCISE
from haven.training.vocab import QuizKind


def _results(attempt: QuizAttempt, workshop: Workshop, lang: str) -> list[dict[str, Any]]:
    quiz = services.quiz_of(workshop)
    rows = []
    for question in quiz.questions:
        chosen = attempt.answers.get(question.id)
        choices = {c.id: c.text.get(lang) for c in question.choices}
        rows.append(
            {
                "text": question.text.get(lang),
                "chosen": choices.get(chosen or "", ""),
                "correct": choices[question.answer],
                "right": chosen == question.answer,
                "explanation": question.explanation.get(lang),
            }
        )
    return rows


class QuizView(CapabilityRequiredMixin, View):
    capability = EXERCISE
    template_name = "training/quiz.html"

    def _setup(self, request: HttpRequest, pk: Any, kind: str) -> tuple[Workshop, Any]:
        if kind not in QuizKind.values:
            raise Http404
        workshop = selectors.workshop_get(actor=request.user, pk=pk)
        enrolment = selectors.enrolment_of(actor=request.user, workshop=workshop)
        if enrolment is None:
            raise PermissionDenied
        return workshop, enrolment

    def _render(
        self, request: HttpRequest, workshop: Workshop, enrolment: Any, kind: str, form: Any = None
    ) -> HttpResponse:
        lang = ui_language()
        attempt = QuizAttempt.objects.filter(enrolment=enrolment, kind=kind).first()
        is_open = services.quiz_is_open(workshop, kind)
        if form is None and attempt is None and is_open:
            form = QuizForm(quiz=services.quiz_of(workshop), lang=lang)
        return render(
            request,
            self.template_name,
            {
                "workshop": workshop,
                "kind": kind,
                "kind_label": QuizKind(kind).label,
                "quiz_title": services.quiz_of(workshop).title.get(lang),
                "attempt": attempt,
                "results": _results(attempt, workshop, lang) if attempt else [],
                "is_open": is_open,
                "form": form,
            },
        )

    def get(self, request: HttpRequest, pk: Any, kind: str) -> HttpResponse:
        workshop, enrolment = self._setup(request, pk, kind)
        return self._render(request, workshop, enrolment, kind)

    def post(self, request: HttpRequest, pk: Any, kind: str) -> HttpResponse:
        workshop, enrolment = self._setup(request, pk, kind)
        form = QuizForm(request.POST, quiz=services.quiz_of(workshop), lang=ui_language())
        if form.is_valid():
            try:
                services.quiz_submit(
                    actor=request.user,
                    workshop=workshop,
                    kind=kind,
                    answers=form.answers(),
                    request=request,
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                return redirect("training:quiz", pk=workshop.pk, kind=kind)
        return self._render(request, workshop, enrolment, kind, form)
