"""The feedback on a submitted exercise: the trainee's answers against the expert key."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from haven.accounts.mixins import CapabilityRequiredMixin
from haven.screening.engine import default_registry
from haven.screening.presenting import ui_language
from haven.training import selectors, services
from haven.training.catalogue import catalogue
from haven.training.models import Exercise
from haven.training.views.common import EITHER
from haven.training.vocab import MARK_LABELS


def feedback_context(exercise: Exercise, lang: str) -> dict[str, Any]:
    """Everything the feedback page shows, in ``lang``."""
    case = services.exercise_case(exercise)
    comparison = services.comparison_of(exercise)
    key = services.key_result(case.id).to_json()
    instrument = default_registry().get(exercise.instrument)
    notes = catalogue().indicators

    def rows(mark: str, ids: tuple[str, ...]) -> list[dict[str, Any]]:
        result = []
        for item_id in ids:
            item = instrument.item(item_id) if instrument.has_item(item_id) else None
            reason = case.key.indicators.get(item_id)
            note = notes.get(item_id)
            result.append(
                {
                    "id": item_id,
                    "label": item.label.get(lang) if item else "",
                    "reason": reason.get(lang) if reason else "",
                    "explanation": note.explanation.get(lang) if note else "",
                    "mark": mark,
                }
            )
        return result

    groups = [
        {"mark": mark, "label": MARK_LABELS[mark], "rows": rows(mark, getattr(comparison, mark))}
        for mark in ("missed", "wrong", "found")
    ]
    result = exercise.result or {}
    return {
        "exercise": exercise,
        "case_title": case.title.get(lang),
        "vignette": [p.get(lang) for p in case.vignette],
        "comparison": comparison,
        "outcome_label": (result.get("outcome_label") or {}).get(lang, exercise.outcome),
        "key_outcome_label": key["outcome_label"][lang],
        "groups": groups,
        "teaching_points": [t.get(lang) for t in case.key.teaching_points],
        "provisions": [
            {"citation": p["citation"][lang], "reason": p["reason"][lang]}
            for p in key.get("legal_provisions", [])
        ],
        "key_subject": case.key.subject,
    }


class ExerciseFeedbackView(CapabilityRequiredMixin, View):
    capability = EITHER

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        exercise = selectors.exercise_get(actor=request.user, pk=pk)
        if exercise.is_draft:
            if exercise.trainee_id == request.user.pk:
                return redirect("training:exercise_resume", pk=exercise.pk)
            return render(request, "training/exercise_draft.html", {"exercise": exercise})
        context = feedback_context(exercise, ui_language())
        context["own"] = exercise.trainee_id == request.user.pk
        return render(request, "training/exercise_feedback.html", context)
