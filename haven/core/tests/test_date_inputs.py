"""Every ``<input type="date">`` of every form carries its value as an ISO date in every
language: a browser shows ``2026/11/29`` (the Chinese input format) as an empty field, so a
date filled in for the user (today's date of a consent, an admission) was lost in Chinese."""

from __future__ import annotations

import datetime
from importlib import import_module

import pytest
from django import forms
from django.apps import apps
from django.utils import translation

DAY = datetime.date(2026, 11, 29)


def date_inputs() -> list[tuple[str, forms.DateInput]]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("haven."):
            continue
        try:
            module = import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for name, value in vars(module).items():
            if not (isinstance(value, type) and issubclass(value, forms.BaseForm)):
                continue
            for field_name, field in value.base_fields.items():  # type: ignore[attr-defined]
                widget = field.widget
                if isinstance(widget, forms.DateInput) and widget.input_type == "date":
                    found.append((f"{module.__name__}.{name}.{field_name}", widget))
    return found


DATE_INPUTS = date_inputs()


def test_the_forms_have_date_inputs() -> None:
    assert len(DATE_INPUTS) > 5


@pytest.mark.parametrize(("where", "widget"), DATE_INPUTS, ids=[w for w, _ in DATE_INPUTS])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_date_input_value_is_iso(where: str, widget: forms.DateInput, language: str) -> None:
    with translation.override(language):
        html = widget.render("day", DAY)
    assert 'value="2026-11-29"' in html, where
