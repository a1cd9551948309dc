"""Helpers shared by the referrals services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied


def apply_changes(instance: Any, changes: dict[str, Any], allowed: set[str]) -> list[str]:
    """Apply ``changes`` limited to ``allowed`` fields; return the names that changed."""
    changed = []
    for name, value in changes.items():
        if name not in allowed:
            raise PermissionDenied
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed
