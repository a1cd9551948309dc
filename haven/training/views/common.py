"""Helpers shared by the training views."""

from __future__ import annotations

from typing import Any

from haven.accounts.roles import Cap
from haven.screening.engine import default_registry
from haven.training.catalogue import CaseStudy, LibraryPage
from haven.training.vocab import THEME_LABELS

MANAGE = Cap.TRAINING_MANAGE
EXERCISE = Cap.TRAINING_EXERCISE
EITHER = (Cap.TRAINING_MANAGE, Cap.TRAINING_EXERCISE)


def case_card(case: CaseStudy, lang: str) -> dict[str, Any]:
    """A case study arranged for lists (no key)."""
    instrument = default_registry().get(case.instrument)
    return {
        "id": case.id,
        "title": case.title.get(lang),
        "summary": case.summary.get(lang),
        "theme": THEME_LABELS[case.theme],
        "instrument": instrument.title.get(lang),
        "child": case.child,
        "look_alike": case.look_alike,
    }


def page_card(page: LibraryPage, lang: str) -> dict[str, Any]:
    return {"id": page.id, "title": page.title.get(lang), "summary": page.summary.get(lang)}
