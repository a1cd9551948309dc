"""Form rendering in the GOV.UK Design System's markup (error summary, hints, fieldsets)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting


class DateInput(forms.DateInput):
    """``<input type="date">`` with its value in ISO form, which is what browsers need
    whatever the language of the page (a Chinese "2026/11/29" would show an empty field)."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


def add_errors(form: Any, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: field errors next to their fields,
    the rest in the error summary."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
