"""The audit trail: organisation administrators see their organisation's, system
administrators everyone's."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from haven.accounts import policy
from haven.accounts import selectors as account_selectors
from haven.accounts.mixins import CapabilityRequiredMixin, paginate
from haven.accounts.models import Organisation
from haven.accounts.roles import Cap
from haven.audit import selectors
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
        users = account_selectors.user_list(actor=request.user)
        form = AuditFilterForm(
            request.GET or None, actions=actions, users=users, organisations=orgs
        )
        filters: dict[str, Any] = {}
        if form.is_valid():
            data = form.cleaned_data
            filters = {
                "action": data["action"],
                "user_id": data["user"].pk if data.get("user") else None,
                "organisation_id": data["organisation"].pk if data.get("organisation") else None,
                "date_from": data["date_from"],
                "date_to": data["date_to"],
            }
        events = selectors.audit_event_list(actor=request.user, **filters)
        page = paginate(request, events, self.page_size)
        return render(
            request,
            "audit/event_list.html",
            {
                "form": form,
                "page_obj": page,
                "filtered": any(filters.values()),
            },
        )
