"""Helpers of the shelters API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework.response import Response

from haven.api.problems import problem


def field_problem(field: str, message: str) -> Response:
    return problem(
        400,
        _("Some fields are not valid."),
        errors=[{"field": field, "message": message, "code": "invalid"}],
    )


def lookup(getter: Callable[..., Any], **kwargs: Any) -> Any:
    """An object named in a request body: None when the actor may not see it."""
    try:
        return getter(**kwargs)
    except Http404:
        return None
