"""Per-user language and time zone; enforcement of mandatory two-factor authentication."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation

from haven.accounts import twofactor


class UserPreferencesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            if user.language and user.language != request.LANGUAGE_CODE:
                translation.activate(user.language)
                request.LANGUAGE_CODE = user.language
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        response = self.get_response(request)
        timezone.deactivate()
        return response


class TwoFactorRequiredMiddleware:
    """Members of an organisation that requires 2FA reach nothing until they have set it up
    and used it in this session."""

    EXEMPT_NAMES = ("accounts:two_factor", "accounts:logout", "accounts:language")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and request.path.startswith("/")
            and not request.path.startswith(("/static/", "/api/", "/health/"))
            and not getattr(user, "is_verified", lambda: False)()
            and request.path not in {reverse(n) for n in self.EXEMPT_NAMES}
            and twofactor.required_for(user)
        ):
            return redirect("accounts:two_factor")
        return self.get_response(request)
