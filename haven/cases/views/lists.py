"""Case list and the user's tasks."""

from __future__ import annotations

import secrets
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from haven.accounts import policy
from haven.accounts.mixins import CapabilityRequiredMixin, paginate
from haven.accounts.models import Organisation
from haven.accounts.roles import Cap
from haven.audit.services import record
from haven.cases import actions, selectors
from haven.cases.forms import CaseFilterForm, case_filter_form

READ = (Cap.CASE_READ, Cap.CASE_READ_SCREENED)


class CaseListView(CapabilityRequiredMixin, View):
    """Filters are posted, kept in the session and named in the URL by a random key, so a
    name typed into the search never appears in a URL, a browser history or a server log."""

    capability = READ
    SESSION_KEY = "haven_case_filters"

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self._form(request, request.POST)
        if not form.is_valid():
            return self._render(request, form, {})
        key = secrets.token_urlsafe(8)
        stored = request.session.get(self.SESSION_KEY, {})
        stored = dict(list(stored.items())[-9:])  # keep the ten most recent searches
        stored[key] = request.POST.dict() | {
            name: request.POST.getlist(name) for name in ("exploitation",) if name in request.POST
        }
        request.session[self.SESSION_KEY] = stored
        return redirect(f"{reverse('cases:list')}?f={key}")

    def get(self, request: HttpRequest) -> HttpResponse:
        data = request.session.get(self.SESSION_KEY, {}).get(request.GET.get("f", ""))
        form = self._form(request, data or None)
        filters: dict[str, Any] = {}
        if data and form.is_valid():
            clean = form.cleaned_data
            filters = {
                "search": clean["q"].strip(),
                "stage": clean["stage"],
                "exploitation_type": clean["exploitation"],
                "child": {"yes": True, "no": False}.get(clean["child"]),
                "date_from": clean["date_from"],
                "date_to": clean["date_to"],
                "sort": clean.get("sort") or "newest",
                "organisation_id": clean["organisation"].pk if clean.get("organisation") else None,
            }
        return self._render(request, form, filters)

    def _form(self, request: HttpRequest, data: Any) -> CaseFilterForm:
        orgs = policy.scope(Organisation.objects.order_by("name"), request.user, Cap.CASE_READ)
        return case_filter_form(data, organisations=orgs)

    def _render(
        self, request: HttpRequest, form: CaseFilterForm, filters: dict[str, Any]
    ) -> HttpResponse:
        cases = selectors.case_list(actor=request.user, **filters)
        page = paginate(request, cases)
        if filters.get("search"):
            record(
                actor=request.user,
                action=actions.CASES_SEARCHED,
                request=request,
                organisation=next(iter(policy.roles_in(request.user)), None),
                details={"results": page.paginator.count, "page": page.number},
            )
        shown = {k: v for k, v in filters.items() if k != "sort"}
        return render(
            request,
            "cases/case_list.html",
            {
                "form": form,
                "page_obj": page,
                "filtered": any(v not in (None, "") for v in shown.values()),
                "today": timezone.localdate(),
            },
        )


class MyTasksView(CapabilityRequiredMixin, View):
    capability = READ

    def get(self, request: HttpRequest) -> HttpResponse:
        tasks = selectors.my_tasks(actor=request.user)
        page = paginate(request, tasks)
        return render(
            request,
            "cases/my_tasks.html",
            {
                "page_obj": page,
                "today": timezone.localdate(),
            },
        )
