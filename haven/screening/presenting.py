"""How the steps of an interview are shown: shared by the screening interview and the
training exercises, which ask the same questions of the same instruments."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import get_language

from haven.screening.forms import ANSWER_CHOICES
from haven.screening.models import LANGUAGE_CHOICES
from haven.screening.selectors import Step

ANSWER_LABELS = dict(ANSWER_CHOICES)


def ui_language() -> str:
    return "zh-hans" if (get_language() or "").startswith("zh") else "en"


def other_language(lang: str) -> str:
    return "en" if lang == "zh-hans" else "zh-hans"


def step_context(
    form: forms.Form, steps: list[Step], index: int, lang: str, *, notes: bool
) -> dict[str, Any]:
    """A step's questions in the question language ``lang`` (guidance in the UI language),
    each with its answer field and, with ``notes``, its note field."""
    step = steps[index]
    ui = ui_language()
    rows = []
    for item in step.items:
        answer = form[f"a_{item.id}"]
        row = {
            "item": item,
            "label": item.label.get(lang),
            "questions": [q.get(lang) for q in item.questions],
            "guidance": item.note.get(ui),
            "answer": answer,
            "value": str(answer.value() or "unknown"),
        }
        if notes:
            row["note"] = form[f"n_{item.id}"]
        rows.append(row)
    other = other_language(lang)
    return {
        "form": form,
        "step": step,
        "step_title": step.title.get(lang),
        "step_description": step.description.get(lang) if step.description else "",
        "number": index + 1,
        "total": len(steps),
        "rows": rows,
        "choices": ANSWER_CHOICES,
        "lang": lang,
        "other_lang": other,
        "other_lang_label": dict(LANGUAGE_CHOICES)[other],
        "previous": steps[index - 1].key if index else None,
    }


def check_sections(
    steps: list[Step], answers: Mapping[str, str], lang: str, notes: Mapping[str, str] | None = None
) -> list[dict[str, Any]]:
    """Every step's answers for the "check your answers" page (``has_note`` with ``notes``)."""
    sections = []
    for step in steps:
        rows = []
        for item in step.items:
            row: dict[str, Any] = {
                "id": item.id,
                "label": item.label.get(lang),
                "answer": ANSWER_LABELS[answers.get(item.id, "unknown")],
            }
            if notes is not None:
                row["has_note"] = item.id in notes
            rows.append(row)
        sections.append({"key": step.key, "title": step.title.get(lang), "rows": rows})
    return sections
