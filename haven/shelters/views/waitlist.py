"""The waitlist of a shelter: in the order it is served (risk, then waiting time), adding a
request, offering the free beds, withdrawing a request."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from haven.accounts.mixins import CapabilityRequiredMixin, paginate
from haven.accounts.roles import Cap
from haven.core.forms import add_errors
from haven.shelters import selectors, services
from haven.shelters.forms import WaitlistForm
from haven.shelters.models import Shelter
from haven.shelters.views.facilities import form_page
from haven.shelters.vocab import OPEN_WAITLIST, Risk

MANAGE = Cap.SHELTER_MANAGE


class WaitlistView(CapabilityRequiredMixin, View):
    capability = MANAGE

    def get(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        shelter = selectors.shelter_get(actor=request.user, pk=pk)
        page = paginate(request, selectors.waitlist(actor=request.user, shelter=shelter))
        counts = selectors.occupancy([shelter.pk]).get(shelter.pk, selectors.Occupancy())
        return render(
            request,
            "shelters/waitlist.html",
            {"shelter": shelter, "page_obj": page, "counts": counts},
        )


class WaitlistAddView(CapabilityRequiredMixin, View):
    """Add a request (``?referral=`` for an accepted referral: its basic facts are used)."""

    capability = MANAGE

    def _context(self, request: HttpRequest, pk: UUID) -> tuple[Shelter, Any]:
        shelter = selectors.shelter_get(actor=request.user, pk=pk)
        referral = None
        if request.GET.get("referral"):
            referral = selectors.admissible_referral_get(
                actor=request.user, pk=request.GET["referral"]
            )
            if referral.to_organisation_id != shelter.organisation_id:
                raise Http404
        return shelter, referral

    def _page(self, request: HttpRequest, shelter: Shelter, referral: Any, form: Any):
        return form_page(
            request,
            form,
            title=_("Add to the waitlist"),
            caption=shelter.display_name,
            intro=_(
                "When a bed that fits is free, it is reserved for the first person on the "
                "waitlist: the highest risk first, then the longest waiting."
            )
            + (
                " "
                + _("Request from referral {reference}.").format(reference=referral.case.reference)
                if referral
                else ""
            ),
            button=_("Add to the waitlist"),
            back_url=reverse("shelters:waitlist", kwargs={"pk": shelter.pk}),
        )

    def get(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        shelter, referral = self._context(request, pk)
        initial: dict[str, Any] = {"risk": Risk.MEDIUM}
        if referral is not None:
            initial.update(selectors.referral_facts(referral))
        return self._page(request, shelter, referral, WaitlistForm(initial=initial))

    def post(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        shelter, referral = self._context(request, pk)
        form = WaitlistForm(request.POST)
        if form.is_valid():
            try:
                entry = services.waitlist_add(
                    actor=request.user,
                    shelter=shelter,
                    referral=referral,
                    request=request,
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                if entry.stay_id:
                    messages.success(request, _("A bed was free: it is reserved for this request."))
                else:
                    messages.success(request, _("The request is on the waitlist."))
                return redirect("shelters:waitlist", pk=shelter.pk)
        return self._page(request, shelter, referral, form)


class WaitlistOfferView(CapabilityRequiredMixin, View):
    capability = MANAGE

    def post(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        shelter = selectors.shelter_get(actor=request.user, pk=pk)
        try:
            offers = services.waitlist_offer_next(
                actor=request.user, shelter=shelter, request=request
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if offers:
                messages.success(
                    request,
                    ngettext(
                        "{count} bed is reserved for the waitlist.",
                        "{count} beds are reserved for the waitlist.",
                        len(offers),
                    ).format(count=len(offers)),
                )
            else:
                messages.info(request, _("No free bed fits anyone on the waitlist."))
        return redirect("shelters:waitlist", pk=shelter.pk)


class WaitlistWithdrawView(CapabilityRequiredMixin, View):
    capability = MANAGE

    def _entry(self, request: HttpRequest, pk: UUID) -> Any:
        entry = selectors.waitlist_entry_get(actor=request.user, pk=pk)
        if entry.status not in OPEN_WAITLIST:
            raise Http404
        return entry

    def get(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        entry = self._entry(request, pk)
        return render(
            request,
            "shelters/confirm.html",
            {
                "title": _("Take this request off the waitlist?"),
                "caption": entry.shelter.display_name,
                "body": _(
                    "Do this when the person has found a place elsewhere or no longer needs "
                    "one. A bed reserved for them is offered to the next person waiting."
                ),
                "button": _("Take off the waitlist"),
                "warning": True,
                "back_url": reverse("shelters:waitlist", kwargs={"pk": entry.shelter_id}),
            },
        )

    def post(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        entry = self._entry(request, pk)
        services.waitlist_withdraw(actor=request.user, entry=entry, request=request)
        messages.success(request, _("The request is off the waitlist."))
        return redirect("shelters:waitlist", pk=entry.shelter_id)
