"""Incidents with their follow-up actions, and the user's follow-ups."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from haven.accounts.mixins import CapabilityRequiredMixin, paginate
from haven.accounts.roles import Cap
from haven.core.forms import add_errors
from haven.shelters import selectors, services
from haven.shelters.forms import ActionForm, IncidentFilterForm, IncidentForm
from haven.shelters.models import Incident, Shelter, Stay
from haven.shelters.views.facilities import form_page
from haven.shelters.views.stays import _shelter_choices
from haven.shelters.vocab import CURRENT

MANAGE = Cap.SHELTER_MANAGE


class IncidentListView(CapabilityRequiredMixin, View):
    capability = MANAGE

    def get(self, request: HttpRequest) -> HttpResponse:
        form = IncidentFilterForm(request.GET or None, shelters=_shelter_choices(request))
        filters: dict[str, Any] = {}
        if form.is_valid():
            data = form.cleaned_data
            filters = {
                "shelter_id": data["shelter"] or None,
                "kind": data["kind"],
                "severity": data["severity"],
                "open_actions": data["open_actions"],
            }
        page = paginate(request, selectors.incident_list(actor=request.user, **filters))
        return render(
            request,
            "shelters/incident_list.html",
            {"form": form, "page_obj": page, "filtered": any(filters.values())},
        )


def _residents(shelter: Shelter) -> list[tuple[str, str]]:
    stays = Stay.objects.filter(shelter=shelter, status__in=CURRENT).order_by("number")
    return [(str(s.pk), " – ".join(p for p in (s.reference, s.known_as) if p)) for s in stays]


class IncidentCreateView(CapabilityRequiredMixin, View):
    """Record an incident in a shelter (``?stay=`` preselects the resident concerned)."""

    capability = MANAGE

    def _page(self, request: HttpRequest, shelter: Shelter, form: Any) -> HttpResponse:
        return form_page(
            request,
            form,
            title=_("Record an incident"),
            caption=shelter.display_name,
            intro=_(
                "Write facts: what happened, who was involved, what was done. For an "
                "immediate danger, call the police first."
            ),
            button=_("Record incident"),
            back_url=reverse("shelters:detail", kwargs={"pk": shelter.pk}),
        )

    def get(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        shelter = selectors.shelter_get(actor=request.user, pk=pk)
        now = timezone.localtime().replace(second=0, microsecond=0)
        form = IncidentForm(
            stays=_residents(shelter),
            initial={"occurred_at": now, "stay": request.GET.get("stay", "")},
        )
        return self._page(request, shelter, form)

    def post(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        shelter = selectors.shelter_get(actor=request.user, pk=pk)
        form = IncidentForm(request.POST, stays=_residents(shelter))
        if form.is_valid():
            data = form.cleaned_data
            stay_id = data["stay"]
            stay = Stay.objects.filter(shelter=shelter, pk=stay_id).first() if stay_id else None
            try:
                incident = services.incident_record(
                    actor=request.user,
                    shelter=shelter,
                    stay=stay,
                    kind=data["kind"],
                    severity=data["severity"],
                    occurred_at=data["occurred_at"],
                    description=data["description"],
                    police_informed=data["police_informed"],
                    action=data["action"],
                    action_due_on=data["action_due_on"],
                    request=request,
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The incident is recorded."))
                return redirect("shelters:incident_detail", pk=incident.pk)
        return self._page(request, shelter, form)


class IncidentDetailView(CapabilityRequiredMixin, View):
    """One incident with its follow-up actions; POST adds an action."""

    capability = MANAGE

    def _page(self, request: HttpRequest, incident: Incident, form: Any) -> HttpResponse:
        return render(
            request,
            "shelters/incident_detail.html",
            {
                "incident": incident,
                "follow_ups": incident.actions.select_related("owner"),
                "form": form,
                "today": timezone.localdate(),
            },
        )

    def _form(self, incident: Incident, data: Any = None) -> ActionForm:
        staff = [(str(u.pk), u.username) for u in selectors.staff_of(incident.organisation_id)]
        return ActionForm(data, staff=staff)

    def get(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        incident = selectors.incident_get(actor=request.user, pk=pk, request=request)
        form = self._form(incident)
        form.initial["owner"] = str(request.user.pk)
        return self._page(request, incident, form)

    def post(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        incident = selectors.incident_get(actor=request.user, pk=pk, request=request)
        form = self._form(incident, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            owner = selectors.staff_of(incident.organisation_id).filter(pk=data["owner"]).first()
            try:
                services.follow_up_save(
                    actor=request.user,
                    incident=incident,
                    title=data["title"],
                    due_on=data["due_on"],
                    owner=owner,
                    request=request,
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The action is added."))
                return redirect("shelters:incident_detail", pk=incident.pk)
        return self._page(request, incident, form)


class FollowUpListView(CapabilityRequiredMixin, View):
    """The user's open follow-ups (``?all=on``: everyone's in the organisation)."""

    capability = MANAGE

    def get(self, request: HttpRequest) -> HttpResponse:
        everyone = request.GET.get("all") == "on"
        qs = selectors.follow_up_list(actor=request.user, mine=not everyone)
        return render(
            request,
            "shelters/follow_ups.html",
            {
                "page_obj": paginate(request, qs),
                "everyone": everyone,
                "today": timezone.localdate(),
            },
        )


class FollowUpDoneView(CapabilityRequiredMixin, View):
    capability = MANAGE

    def post(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        item = selectors.follow_up_get(actor=request.user, pk=pk)
        services.follow_up_done(actor=request.user, follow_up=item, request=request)
        messages.success(request, _("The follow-up is done."))
        back = request.POST.get("next", "")
        if back and url_has_allowed_host_and_scheme(back, allowed_hosts=None):
            return redirect(back)
        return redirect("shelters:follow_up_list")
