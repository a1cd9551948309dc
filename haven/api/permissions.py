"""DRF permission classes that ask the one policy."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission

from haven.accounts import policy
from haven.accounts.roles import Cap


def requires(*capabilities: Cap) -> type[BasePermission]:
    """Permission class: authenticated and holding any of ``capabilities`` (else 401/403)."""

    class HasCapability(BasePermission):
        def has_permission(self, request: Any, view: Any) -> bool:
            return bool(request.user and request.user.is_authenticated) and policy.has_any(
                request.user, *capabilities
            )

    HasCapability.__name__ = "Requires_" + "_or_".join(c.name for c in capabilities)
    return HasCapability
