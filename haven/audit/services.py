"""``record()``: write an audit event, in the caller's transaction.

Details hold codes, ids, counts and field *names* only, never personal values; ``record``
refuses anything else, so a careless caller fails loudly in tests instead of leaking.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from haven.audit.actions import ACTIONS
from haven.audit.models import AuditEvent

Scalar = str | int | float | bool | None
MAX_DETAIL_TEXT = 120
FORBIDDEN_DETAIL_KEYS = (
    "name",
    "email",
    "phone",
    "birth",
    "address",
    "password",
    "note",
    "text",
    "token",
    "secret",
)


class AuditDetailError(ValueError):
    pass


def _clean_details(details: dict[str, Any] | None) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for key, value in (details or {}).items():
        words = set(key.lower().split("_"))
        if words & set(FORBIDDEN_DETAIL_KEYS) and not words & {"count", "fields"}:
            raise AuditDetailError(f"Audit details may not carry {key!r}.")
        items = value if isinstance(value, list | tuple) else [value]
        for item in items:
            if not isinstance(item, Scalar):
                raise AuditDetailError(f"Audit detail {key!r} must be a code, id or number.")
            if isinstance(item, str) and len(item) > MAX_DETAIL_TEXT:
                raise AuditDetailError(f"Audit detail {key!r} is too long to be a code.")
        clean[key] = list(value) if isinstance(value, list | tuple) else value
    return clean


def _organisation_of(obj: models.Model | None) -> Any:
    if obj is None:
        return None
    path = getattr(obj, "POLICY_ORGANISATION_FIELD", None)
    if path == "id":
        return obj
    if path and "__" not in path:
        return getattr(obj, f"{path}_id")
    return None


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    organisation: Any = None,
    details: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append one audit event. Call inside the service's transaction."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}; register it in audit.actions.")
    org = organisation if organisation is not None else _organisation_of(obj)
    org_id = getattr(org, "pk", org)
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        organisation_id=org_id,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        details=_clean_details(details),
        ip_address=client_ip(request),
    )
