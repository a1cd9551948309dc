"""API authentication: knox tokens, or the browser session when it satisfies the
organisation's two-factor rule."""

from __future__ import annotations

from typing import Any

from rest_framework.authentication import SessionAuthentication

from haven.accounts import twofactor


class VerifiedSessionAuthentication(SessionAuthentication):
    def authenticate(self, request: Any) -> Any:
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        django_request = request._request
        verified = getattr(getattr(django_request, "user", None), "is_verified", lambda: False)()
        if not verified and twofactor.required_for(user):
            return None
        return result
