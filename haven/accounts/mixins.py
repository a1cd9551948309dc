"""View helpers that ask the policy: every page declares the capability it needs."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponseBase

from haven.accounts import policy
from haven.accounts.roles import Cap

PAGE_SIZE = 25


class CapabilityRequiredMixin(LoginRequiredMixin):
    """Anonymous -> sign-in page; signed in without ``capability`` (any of a tuple) -> 403.

    Objects of other organisations are the selectors' business: they answer 404.
    """

    capability: Cap | tuple[Cap, ...] | None = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        needed = self.capability
        if needed is not None:
            caps = needed if isinstance(needed, tuple) else (needed,)
            if not policy.has_any(request.user, *caps):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def paginate(request: HttpRequest, queryset: Any, per_page: int = PAGE_SIZE) -> Page:
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))
