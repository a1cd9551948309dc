"""Helpers shared by the referrals views."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


def form_errors(form: Any, exc: ValidationError) -> None:
    """Put a service's validation errors on the form (unknown fields on the form itself)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
