"""The base of the cases API views: the capability each HTTP method needs (401/403 before any
lookup), then objects are found through the scoped selectors (another organisation's: 404)."""

from __future__ import annotations

from typing import Any, ClassVar

from drf_spectacular.utils import OpenApiResponse
from rest_framework.views import APIView

from haven.accounts.roles import Cap
from haven.api.permissions import requires

READ = (Cap.CASE_READ, Cap.CASE_READ_SCREENED)
REGISTER = (Cap.CASE_REGISTER,)
EDIT = (Cap.CASE_EDIT,)
TRANSITION = (Cap.CASE_TRANSITION,)
PROBLEM = OpenApiResponse(description="Problem details (RFC 9457).")


class CaseAPIView(APIView):
    """``capabilities`` maps an HTTP method to the capabilities of which one is needed."""

    capabilities: ClassVar[dict[str, tuple[Cap, ...]]] = {}

    def get_permissions(self) -> list[Any]:
        method = getattr(self.request, "method", None) or "GET"
        if method in ("HEAD", "OPTIONS"):
            method = "GET"
        needed = self.capabilities.get(method)
        if needed is None:  # a method the view does not have: any of them, then 405
            needed = tuple(dict.fromkeys(c for caps in self.capabilities.values() for c in caps))
        return [requires(*needed)()]
