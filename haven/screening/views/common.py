"""Helpers shared by the screening views."""

from __future__ import annotations

from typing import Any

from haven.screening.engine import Instrument, default_registry
from haven.screening.presenting import ui_language


def instrument_titles() -> dict[str, str]:
    lang = ui_language()
    return {i.id: i.title.get(lang) for i in default_registry()}


def item_rows(instrument: Instrument, ids: Any, lang: str) -> list[dict[str, str]]:
    rows = []
    for item_id in ids:
        label = instrument.item(item_id).label.get(lang) if instrument.has_item(item_id) else ""
        rows.append({"id": item_id, "label": label})
    return rows
