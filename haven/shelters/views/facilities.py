"""Shelters and their occupancy boards, rooms and beds (shelter managers)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from haven.accounts import policy
from haven.accounts.mixins import CapabilityRequiredMixin, paginate
from haven.accounts.models import Organisation
from haven.accounts.roles import Cap
from haven.core.forms import add_errors
from haven.shelters import selectors, services
from haven.shelters.forms import BedForm, RoomForm, ShelterForm
from haven.shelters.models import Bed, Room, Shelter
from haven.shelters.vocab import BedState

MANAGE = Cap.SHELTER_MANAGE


def form_page(request: HttpRequest, form: Any, **context: Any) -> HttpResponse:
    """The shared one-form page: title, caption, intro, the form, a button, a way back."""
    return render(request, "shelters/form.html", {"form": form, **context})


class ShelterListView(CapabilityRequiredMixin, View):
    """The shelters the user manages, each with its beds free, occupied, reserved and out of
    service, and the stays that need attention."""

    capability = MANAGE

    def get(self, request: HttpRequest) -> HttpResponse:
        shelters = selectors.managed_shelters(request.user).select_related("organisation")
        page = paginate(request, shelters.defer("address", "phone"))
        counts = selectors.occupancy([s.pk for s in page.object_list])
        rows = [(s, counts.get(s.pk, selectors.Occupancy())) for s in page.object_list]
        return render(
            request,
            "shelters/list.html",
            {
                "page_obj": page,
                "rows": rows,
                "alerts": selectors.alert_counts(actor=request.user),
                "referrals": selectors.admissible_referrals(actor=request.user).count(),
            },
        )


class ShelterDetailView(CapabilityRequiredMixin, View):
    """The occupancy board of one shelter: rooms and beds, the calendar of expected exits,
    and (for its own staff only) the confidential address."""

    capability = MANAGE

    def get(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        shelter = selectors.shelter_get_confidential(actor=request.user, pk=pk, request=request)
        rooms = selectors.board(shelter)
        counts = selectors.occupancy([shelter.pk]).get(shelter.pk, selectors.Occupancy())
        return render(
            request,
            "shelters/detail.html",
            {
                "shelter": shelter,
                "rooms": rooms,
                "counts": counts,
                "calendar": selectors.expected_exits(actor=request.user, shelter=shelter),
                "today": timezone.localdate(),
                "waiting": selectors.waitlist(actor=request.user, shelter=shelter).count(),
                "states": BedState,
            },
        )


def _organisations(request: HttpRequest) -> Any:
    return policy.scope(Organisation.objects.filter(is_active=True), request.user, MANAGE)


class ShelterCreateView(CapabilityRequiredMixin, View):
    capability = MANAGE

    def _page(self, request: HttpRequest, form: ShelterForm) -> HttpResponse:
        return form_page(
            request,
            form,
            title=_("Add a shelter"),
            intro=_(
                "Add the shelter first, then its rooms and beds. The address is encrypted and "
                "only your organisation's shelter staff see it."
            ),
            button=_("Add shelter"),
            back_url=reverse("shelters:list"),
        )

    def _form(self, request: HttpRequest, data: Any = None) -> ShelterForm:
        orgs = _organisations(request).order_by("name")
        choices = [(str(o.pk), o.display_name) for o in orgs]
        first = orgs.first()
        initial = {"country": str(first.country)} if first else {}
        return ShelterForm(data, organisations=choices, initial=initial)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._page(request, self._form(request))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self._form(request, request.POST)
        if not form.is_valid():
            return self._page(request, form)
        orgs = _organisations(request).order_by("name")
        chosen = form.cleaned_data.get("organisation")
        organisation = orgs.filter(pk=chosen).first() if chosen else orgs.first()
        if organisation is None:
            form.add_error(None, _("Your organisation is not active."))
            return self._page(request, form)
        try:
            shelter = services.shelter_create(
                actor=request.user, organisation=organisation, request=request, **form.values()
            )
        except ValidationError as exc:
            add_errors(form, exc)
            return self._page(request, form)
        messages.success(request, _("The shelter is added. Now add its rooms and beds."))
        return redirect("shelters:detail", pk=shelter.pk)


class ShelterEditView(CapabilityRequiredMixin, View):
    capability = MANAGE

    def _page(self, request: HttpRequest, shelter: Shelter, form: ShelterForm) -> HttpResponse:
        return form_page(
            request,
            form,
            title=_("Change {shelter}").format(shelter=shelter.display_name),
            button=_("Save changes"),
            back_url=reverse("shelters:detail", kwargs={"pk": shelter.pk}),
        )

    def get(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        shelter = selectors.shelter_get_confidential(actor=request.user, pk=pk, request=request)
        return self._page(request, shelter, ShelterForm(initial=ShelterForm.initial_for(shelter)))

    def post(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        shelter = selectors.shelter_get(actor=request.user, pk=pk)
        form = ShelterForm(request.POST)
        if not form.is_valid():
            return self._page(request, shelter, form)
        try:
            services.shelter_update(
                actor=request.user, shelter=shelter, request=request, **form.values()
            )
        except ValidationError as exc:
            add_errors(form, exc)
            return self._page(request, shelter, form)
        messages.success(request, _("The shelter is saved."))
        return redirect("shelters:detail", pk=shelter.pk)


class RoomView(CapabilityRequiredMixin, View):
    """Add a room to a shelter (``pk`` is the shelter) or change one (``room``)."""

    capability = MANAGE

    def _objects(self, request: HttpRequest, kwargs: dict[str, Any]) -> tuple[Shelter, Room | None]:
        if "room" in kwargs:
            room = selectors.room_get(actor=request.user, pk=kwargs["room"])
            return room.shelter, room
        return selectors.shelter_get(actor=request.user, pk=kwargs["pk"]), None

    def _page(self, request: HttpRequest, shelter: Shelter, room: Room | None, form: Any):
        return form_page(
            request,
            form,
            title=_("Change the room") if room else _("Add a room"),
            caption=shelter.display_name,
            button=_("Save room"),
            back_url=reverse("shelters:detail", kwargs={"pk": shelter.pk}),
        )

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        shelter, room = self._objects(request, kwargs)
        initial = (
            {f: getattr(room, f) for f in ("name", "rule", "child_appropriate", "accessible")}
            if room
            else {"rule": "any"}
        )
        return self._page(request, shelter, room, RoomForm(initial=initial))

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        shelter, room = self._objects(request, kwargs)
        form = RoomForm(request.POST)
        if form.is_valid():
            try:
                services.room_save(
                    actor=request.user,
                    shelter=shelter,
                    room=room,
                    request=request,
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The room is saved."))
                return redirect("shelters:detail", pk=shelter.pk)
        return self._page(request, shelter, room, form)


class BedView(CapabilityRequiredMixin, View):
    """Add a bed to a room (``room``) or change one (``bed``), including taking it out of
    service and back."""

    capability = MANAGE

    def _objects(self, request: HttpRequest, kwargs: dict[str, Any]) -> tuple[Room, Bed | None]:
        if "bed" in kwargs:
            bed = selectors.bed_get(actor=request.user, pk=kwargs["bed"])
            return bed.room, bed
        return selectors.room_get(actor=request.user, pk=kwargs["room"]), None

    def _page(self, request: HttpRequest, room: Room, bed: Bed | None, form: Any):
        return form_page(
            request,
            form,
            title=_("Change the bed") if bed else _("Add a bed"),
            caption=_("{shelter}, {room}").format(
                shelter=room.shelter.display_name, room=room.name
            ),
            button=_("Save bed"),
            back_url=reverse("shelters:detail", kwargs={"pk": room.shelter_id}),
        )

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        room, bed = self._objects(request, kwargs)
        names = ("label", "is_cot", "accessible", "in_service", "out_of_service_reason")
        initial = {f: getattr(bed, f) for f in names} if bed else {"in_service": True}
        return self._page(request, room, bed, BedForm(initial=initial))

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        room, bed = self._objects(request, kwargs)
        form = BedForm(request.POST)
        if form.is_valid():
            try:
                services.bed_save(
                    actor=request.user, room=room, bed=bed, request=request, **form.cleaned_data
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The bed is saved."))
                return redirect("shelters:detail", pk=room.shelter_id)
        return self._page(request, room, bed, form)
