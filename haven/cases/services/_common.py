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


def check_owner(owner: Any, organisation: Any) -> None:
    """A case or task owner must be someone who may edit cases of that organisation."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if owner is not None and not policy.can(owner, Cap.CASE_EDIT, organisation):
        raise ValidationError(
            {"owner": _("The owner must be able to work on this organisation's cases.")}
        )
