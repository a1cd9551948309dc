"""Admissions: accepted referrals waiting for a bed, choosing the shelter, the two-step
admission (what the placement rules need, then the bed and the admission assessment), and
cancelling a reservation.

Step 1 travels in the URL: only codes and ids (sex code, yes/no answers, the referral's or
the parent's stay id), never a name. Names typed at admission are posted in step 2.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from haven.accounts.mixins import CapabilityRequiredMixin, paginate
from haven.accounts.roles import Cap
from haven.cases.vocab import Gender
from haven.core.forms import add_errors
from haven.referrals import selectors as referral_selectors
from haven.referrals.projection import summary as referral_summary
from haven.shelters import selectors, services
from haven.shelters.forms import AdmissionForm, FactsForm
from haven.shelters.models import Shelter, Stay
from haven.shelters.services.admissions import check_parent, resident_of
from haven.shelters.vocab import CURRENT, PLACEMENT_MESSAGES, StayStatus

MANAGE = Cap.SHELTER_MANAGE
FACTS = ("sex", "is_child", "needs_cot", "needs_accessible", "gender_confirmed")


class ReferralsWaitingView(CapabilityRequiredMixin, View):
    """Accepted referrals to the user's shelter organisation that have no stay yet."""

    capability = MANAGE

    def get(self, request: HttpRequest) -> HttpResponse:
        qs = selectors.admissible_referrals(actor=request.user)
        page = paginate(request, qs)
        rows = list(
            zip(page.object_list, referral_selectors.summarise(page.object_list), strict=True)
        )
        return render(request, "shelters/referrals.html", {"page_obj": page, "rows": rows})


class ReferralAdmitView(CapabilityRequiredMixin, View):
    """Choose the shelter for an accepted referral (straight on when there is only one)."""

    capability = MANAGE

    def get(self, request: HttpRequest, referral: UUID) -> HttpResponse:
        item = selectors.admissible_referral_get(actor=request.user, pk=referral)
        shelters = list(
            selectors.managed_shelters(request.user)
            .filter(organisation_id=item.to_organisation_id, is_active=True)
            .defer("address", "phone")
        )
        if len(shelters) == 1:
            url = reverse("shelters:admit", kwargs={"pk": shelters[0].pk})
            return redirect(f"{url}?referral={item.pk}")
        counts = selectors.occupancy([s.pk for s in shelters])
        return render(
            request,
            "shelters/admit_choose.html",
            {
                "referral": referral_selectors.summarise([item])[0],
                "rows": [(s, counts.get(s.pk, selectors.Occupancy())) for s in shelters],
            },
        )


def _parents(shelter: Shelter) -> list[tuple[str, str]]:
    stays = Stay.objects.filter(shelter=shelter, status__in=CURRENT, is_child=False).order_by(
        "number"
    )
    return [(str(s.pk), " – ".join(p for p in (s.reference, s.known_as) if p)) for s in stays]


class AdmitView(CapabilityRequiredMixin, View):
    capability = MANAGE

    def _context(self, request: HttpRequest, pk: UUID) -> dict[str, Any]:
        shelter = selectors.shelter_get(actor=request.user, pk=pk)
        params = request.GET
        referral = reservation = None
        if params.get("reservation"):
            reservation = selectors.stay_get(
                actor=request.user, pk=params["reservation"], audit=False
            )
            if reservation.shelter_id != shelter.pk or reservation.status != StayStatus.RESERVED:
                raise Http404
            referral = reservation.referral
        elif params.get("referral"):
            referral = selectors.admissible_referral_get(actor=request.user, pk=params["referral"])
            if referral.to_organisation_id != shelter.organisation_id:
                raise Http404
        summary = None
        if referral is not None:
            summary = referral_summary(referral, reference=referral.case.reference)
        return {
            "shelter": shelter,
            "referral": referral,
            "summary": summary,
            "reservation": reservation,
            "query": params.urlencode(),
        }

    def _facts(self, request: HttpRequest, context: dict[str, Any]) -> FactsForm:
        shelter, reservation = context["shelter"], context["reservation"]
        if reservation is not None:
            data = {f: getattr(reservation, f) for f in FACTS}
            return FactsForm(data, parents=[])
        parents = _parents(shelter)
        if request.GET.get("step") in ("bed", "facts"):
            return FactsForm(request.GET, parents=parents)
        initial = selectors.referral_facts(context["referral"]) if context["referral"] else {}
        return FactsForm(initial=initial, parents=parents)

    def _step_two(
        self, request: HttpRequest, context: dict[str, Any], facts: FactsForm, data: Any = None
    ) -> HttpResponse:
        shelter, reservation = context["shelter"], context["reservation"]
        values = facts.cleaned_data
        parent = None
        if values.get("accompanying"):
            parent = Stay.objects.select_related("bed").filter(pk=values["accompanying"]).first()
        try:
            parent_room = check_parent(shelter, parent, bool(values.get("is_child")))
        except ValidationError as exc:
            add_errors(facts, exc)
            return self._step_one(request, context, facts)
        resident = resident_of(values, parent_room, parent)
        if reservation is not None:
            choices = [(str(reservation.bed_id), self._bed_label(reservation.bed))]
            unfit: list[Any] = []
        else:
            suggestions = selectors.bed_suggestions(shelter, resident)
            choices = [
                (str(c.bed.pk), self._bed_label(c.bed, best=i == 0))
                for i, c in enumerate(s for s in suggestions if s.suggestion.fits)
            ]
            unfit = [
                (c.bed, [PLACEMENT_MESSAGES.get(p, p) for p in c.suggestion.problems])
                for c in suggestions
                if not c.suggestion.fits
            ]
        initial = {"admitted_on": timezone.localdate(), "bed": choices[0][0] if choices else ""}
        if context["referral"] is not None:
            initial["languages"] = selectors.referral_facts(context["referral"])["languages"]
        form = AdmissionForm(data, beds=choices, initial=initial)
        facts_given: dict[str, Any] = {f: values.get(f) for f in FACTS}
        if data is not None and form.is_valid():
            try:
                stay = services.stay_admit(
                    actor=request.user,
                    shelter=shelter,
                    bed=shelter.beds.get(pk=form.cleaned_data["bed"]),
                    referral=context["referral"],
                    reservation=reservation,
                    accompanying=parent,
                    request=request,
                    **facts_given,
                    **form.values(),
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("{reference} is admitted to bed {bed}.").format(
                        reference=stay.reference, bed=stay.bed.label
                    ),
                )
                return redirect("shelters:stay_detail", pk=stay.pk)
        return render(
            request,
            "shelters/admit.html",
            {
                **context,
                "form": form,
                "unfit": unfit,
                "facts": values,
                "parent": parent,
                "sex_label": dict(Gender.choices).get(str(values.get("sex") or ""), ""),
                "change_query": context["query"].replace("step=bed", "step=facts"),
            },
        )

    @staticmethod
    def _bed_label(bed: Any, best: bool = False) -> str:
        label = _("{room}, bed {bed}").format(room=bed.room.name, bed=bed.label)
        return _("{bed} (suggested)").format(bed=label) if best else label

    def _step_one(
        self, request: HttpRequest, context: dict[str, Any], facts: FactsForm
    ) -> HttpResponse:
        return render(
            request,
            "shelters/admit_facts.html",
            {**context, "form": facts, "hidden": self._hidden(request)},
        )

    @staticmethod
    def _hidden(request: HttpRequest) -> list[tuple[str, str]]:
        return [(k, request.GET[k]) for k in ("referral", "reservation") if request.GET.get(k)]

    def get(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        context = self._context(request, pk)
        facts = self._facts(request, context)
        if (request.GET.get("step") == "bed" or context["reservation"]) and facts.is_valid():
            return self._step_two(request, context, facts)
        return self._step_one(request, context, facts)

    def post(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        context = self._context(request, pk)
        facts = self._facts(request, context)
        if not facts.is_valid():
            return self._step_one(request, context, facts)
        return self._step_two(request, context, facts, data=request.POST)


class CancelReservationView(CapabilityRequiredMixin, View):
    capability = MANAGE

    def _stay(self, request: HttpRequest, pk: UUID) -> Stay:
        stay = selectors.stay_get(actor=request.user, pk=pk, audit=False)
        if stay.status != StayStatus.RESERVED:
            raise Http404
        return stay

    def get(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        stay = self._stay(request, pk)
        return render(
            request,
            "shelters/confirm.html",
            {
                "title": _("Cancel the reservation of bed {bed}?").format(bed=stay.bed.label),
                "caption": stay.shelter.display_name,
                "body": _(
                    "The person will not come. The request leaves the waitlist and the bed is "
                    "offered at once to the next person waiting."
                ),
                "button": _("Cancel reservation"),
                "warning": True,
                "back_url": reverse("shelters:stay_detail", kwargs={"pk": stay.pk}),
            },
        )

    def post(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        stay = self._stay(request, pk)
        try:
            services.stay_cancel(actor=request.user, stay=stay, request=request)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("shelters:stay_detail", pk=stay.pk)
        messages.success(request, _("The reservation is cancelled."))
        return redirect("shelters:detail", pk=stay.shelter_id)
