"""Home page and error pages."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from haven.accounts import policy, selectors
from haven.web.navigation import cards


class HomeView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        memberships = selectors.own_memberships(user=request.user)  # type: ignore[arg-type]
        managed = selectors.managed_organisations(actor=request.user)
        return render(
            request,
            "web/home.html",
            {
                "cards": cards(request),
                "memberships": memberships,
                "managed_organisations": managed,
                "has_roles": bool(policy.roles_in(request.user)),
            },
        )


def live(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers (also the minimal view the benchmarks compare against)."""
    return HttpResponse("ok", content_type="text/plain")


def ready(request: HttpRequest) -> HttpResponse:
    """Readiness: the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


def _problem(request: HttpRequest, status: int, title: str) -> JsonResponse:
    return JsonResponse(
        {"type": "about:blank", "title": title, "status": status},
        status=status,
        content_type="application/problem+json",
    )


def _error(request: HttpRequest, status: int, title: str, body: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return _problem(request, status, title)
    return render(request, "web/error.html", {"title": title, "body": body}, status=status)


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _error(
        request,
        400,
        _("Bad request"),
        _("The request could not be understood. Go back and try again."),
    )


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _error(
        request,
        403,
        _("You do not have access to this page"),
        _(
            "Your roles do not include this work. If you need it, ask your "
            "organisation's administrator."
        ),
    )


def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _error(
        request,
        404,
        _("Page not found"),
        _(
            "The page does not exist, or you do not have access to it. Check the "
            "address, or go back to the home page."
        ),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(
        request,
        500,
        _("Sorry, something went wrong"),
        _(
            "Nothing you entered was half-saved. Try again in a few minutes; if it "
            "keeps happening, tell your administrator the time it happened."
        ),
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(
        request,
        403,
        _("Your form expired"),
        _("For your safety, forms expire. Go back, reload the page and try again."),
    )
