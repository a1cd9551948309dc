"""Errors as RFC 9457 problem details (``application/problem+json``)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

TITLES = {
    400: lambda: _("Invalid request"),
    401: lambda: _("Authentication required"),
    403: lambda: _("Forbidden"),
    404: lambda: _("Not found"),
    405: lambda: _("Method not allowed"),
    406: lambda: _("Not acceptable"),
    409: lambda: _("Conflict"),
    415: lambda: _("Unsupported media type"),
    429: lambda: _("Too many requests"),
}


def _flatten(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    if isinstance(detail, dict):
        items = []
        for key, value in detail.items():
            name = key if key != "non_field_errors" else ""
            items.extend(_flatten(value, f"{prefix}.{name}".strip(".") if name else prefix))
        return items
    if isinstance(detail, list):
        items = []
        for value in detail:
            items.extend(_flatten(value, prefix))
        return items
    return [{"field": prefix, "message": str(detail), "code": getattr(detail, "code", "")}]


def problem(status_code: int, detail: str = "", **extra: Any) -> Response:
    body = {
        "type": "about:blank",
        "title": str(TITLES.get(status_code, lambda: _("Error"))()),
        "status": status_code,
    }
    if detail:
        body["detail"] = detail
    body.update(extra)
    response = Response(body, status=status_code, content_type="application/problem+json")
    if status_code == status.HTTP_401_UNAUTHORIZED:
        response["WWW-Authenticate"] = 'Token realm="api"'
    return response


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = response.status_code
    if isinstance(exc, exceptions.ValidationError):
        result = problem(code, _("Some fields are not valid."), errors=_flatten(exc.detail))
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else ""
        result = problem(code, str(detail) if not isinstance(detail, dict | list) else "")
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            result[header] = response[header]
    if code == status.HTTP_401_UNAUTHORIZED and "WWW-Authenticate" not in result:
        result["WWW-Authenticate"] = 'Token realm="api"'
    return result
