"""Helpers shared by the cases services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from haven.accounts import policy
from haven.accounts.roles import Cap


def require(actor: Any, capability: Cap, obj: Any = None) -> None:
    if not policy.can(actor, capability, obj):
        raise PermissionDenied


def changed_fields(instance: Any, changes: dict[str, Any], allowed: set[str]) -> list[str]:
    """Apply ``changes`` limited to ``allowed`` fields; return the names that changed."""
    changed = []
    for name, value in changes.items():
        if name not in allowed:
            raise PermissionDenied
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed
