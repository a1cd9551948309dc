"""The audit trail: organisation administrators see their organisation's, system
administrators everyone's. Newest first, paged by keyset (no counting a million rows)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from haven.accounts import policy
from haven.accounts.mixins import CapabilityRequiredMixin
from haven.accounts.models import Organisation
from haven.accounts.roles import Cap
from haven.audit import presenters, selectors
from haven.audit.actions import ACTIONS
from haven.audit.forms import AuditFilterForm


class AuditEventListView(CapabilityRequiredMixin, View):
    capability = Cap.AUDIT_READ
    page_size = 50

    def get(self, request: HttpRequest) -> HttpResponse:
        actions = sorted(
            ((code, str(label)) for code, label in ACTIONS.items()), key=lambda item: item[1]
        )
        orgs = policy.scope(Organisation.objects.order_by("name"), request.user, Cap.AUDIT_READ)
        form = AuditFilterForm(request.GET or None, actions=actions, organisations=orgs)
        filters: dict[str, Any] = {}
        if form.is_valid():
            data = form.cleaned_data
            filters = {
                "action": data["action"],
                "username": data["user"].strip(),
                "organisation_id": data["organisation"].pk if data.get("organisation") else None,
                "date_from": data["date_from"],
                "date_to": data["date_to"],
            }
        events = selectors.audit_event_list(actor=request.user, **filters)
        cursor = request.GET.get("before", "")
        if cursor:
            try:
                events = selectors.older_than(events, cursor)
            except ValueError:
                cursor = ""
        rows = list(events[: self.page_size + 1])
        more = len(rows) > self.page_size
        rows = rows[: self.page_size]
        return render(
            request,
            "audit/event_list.html",
            {
                "form": form,
                "events": [
                    {
                        "event": e,
                        "object": presenters.object_label(e),
                        "details": presenters.details(e),
                    }
                    for e in rows
                ],
                "filtered": any(filters.values()),
                "paged": bool(cursor),
                "next_cursor": selectors.cursor_of(rows[-1]) if more and rows else "",
            },
        )
