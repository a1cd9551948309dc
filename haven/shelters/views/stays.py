"""Residents: the list of stays, one stay's page, changes, services delivered, outings and
visits, linking a referral, and the exit with its follow-up plan."""

from __future__ import annotations

import secrets
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views import View

from haven.accounts.mixins import CapabilityRequiredMixin, paginate
from haven.accounts.roles import Cap
from haven.core.forms import add_errors
from haven.referrals import selectors as referral_selectors
from haven.referrals.projection import summary as referral_summary
from haven.shelters import selectors, services
from haven.shelters.forms import (
    ExitForm,
    LinkReferralForm,
    MovementForm,
    StayEditForm,
    StayFilterForm,
    StayServiceForm,
)
from haven.shelters.models import Stay
from haven.shelters.views.facilities import form_page
from haven.shelters.vocab import MovementKind, StayStatus

MANAGE = Cap.SHELTER_MANAGE
READ = (Cap.STAY_READ,)
EDIT_FIELDS = tuple(StayEditForm.base_fields)


def _shelter_choices(request: HttpRequest) -> list[tuple[str, str]]:
    shelters = selectors.managed_shelters(request.user).only("id", "name", "name_translations")
    return [(str(s.pk), s.display_name) for s in shelters]


class StayListView(CapabilityRequiredMixin, View):
    """Filters are posted and kept in the session under a random key, so that whatever is
    typed in the search box never appears in a URL or a server log."""

    capability = READ
    SESSION_KEY = "haven_stay_filters"

    def post(self, request: HttpRequest) -> HttpResponse:
        form = StayFilterForm(request.POST, shelters=_shelter_choices(request))
        if not form.is_valid():
            return self._render(request, form, {})
        key = secrets.token_urlsafe(8)
        stored = dict(list(request.session.get(self.SESSION_KEY, {}).items())[-9:])
        stored[key] = request.POST.dict()
        request.session[self.SESSION_KEY] = stored
        return redirect(f"{reverse('shelters:stay_list')}?f={key}")

    def get(self, request: HttpRequest) -> HttpResponse:
        data = request.session.get(self.SESSION_KEY, {}).get(request.GET.get("f", ""))
        if data is None and request.GET.get("alert"):  # links from the board: codes only
            data = {"alert": request.GET["alert"], "status": "active"}
        form = StayFilterForm(data, shelters=_shelter_choices(request))
        filters: dict[str, Any] = {}
        if data and form.is_valid():
            clean = form.cleaned_data
            filters = {
                "search": clean["q"],
                "shelter_id": clean["shelter"] or None,
                "status": clean["status"] or "current",
                "alert": clean["alert"],
            }
        return self._render(request, form, filters)

    def _render(self, request: HttpRequest, form: Any, filters: dict[str, Any]) -> HttpResponse:
        page = paginate(request, selectors.stay_list(actor=request.user, **filters))
        today = timezone.localdate()
        rows = [(s, selectors.alerts_of(s, today)) for s in page.object_list]
        shown = {k: v for k, v in filters.items() if k != "status" or v != "current"}
        return render(
            request,
            "shelters/stay_list.html",
            {
                "form": form,
                "page_obj": page,
                "rows": rows,
                "filtered": any(shown.values()),
            },
        )


class StayDetailView(CapabilityRequiredMixin, View):
    capability = READ

    def get(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        stay = selectors.stay_get(actor=request.user, pk=pk, request=request)
        summary = None
        if stay.referral is not None:
            reference = stay.case.reference if stay.case else ""
            summary = referral_summary(stay.referral, reference=reference)
        return render(
            request,
            "shelters/stay_detail.html",
            {
                "stay": stay,
                "referral": summary,
                "alerts": selectors.alerts_of(stay),
                "services": stay.services.select_related("plan"),
                "movements": stay.movements.all()[:50],
                "incidents": stay.incidents.defer("description"),
                "follow_ups": stay.follow_ups.select_related("owner"),
                "children": stay.accompanied_children.filter(status=StayStatus.ACTIVE),
                "linkable": stay.referral_id is None and stay.is_current,
            },
        )


def _stay(request: HttpRequest, pk: UUID, *, active: bool = True) -> Stay:
    stay = selectors.stay_get(actor=request.user, pk=pk, audit=False)
    if active and stay.status != StayStatus.ACTIVE:
        raise Http404
    return stay


def _back(stay: Stay) -> str:
    return reverse("shelters:stay_detail", kwargs={"pk": stay.pk})


class StayEditView(CapabilityRequiredMixin, View):
    capability = MANAGE

    def _page(self, request: HttpRequest, stay: Stay, form: Any) -> HttpResponse:
        return form_page(
            request,
            form,
            title=_("Change stay {reference}").format(reference=stay.reference),
            caption=stay.shelter.display_name,
            button=_("Save changes"),
            back_url=_back(stay),
        )

    def get(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        stay = _stay(request, pk)
        form = StayEditForm(initial={f: getattr(stay, f) for f in EDIT_FIELDS})
        return self._page(request, stay, form)

    def post(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        stay = _stay(request, pk)
        form = StayEditForm(request.POST)
        if form.is_valid():
            try:
                services.stay_update(
                    actor=request.user, stay=stay, request=request, **form.cleaned_data
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The stay is saved."))
                return redirect(_back(stay))
        return self._page(request, stay, form)


def _staff(stay: Stay) -> list[tuple[str, str]]:
    return [(str(u.pk), u.username) for u in selectors.staff_of(stay.organisation_id)]


class StayExitView(CapabilityRequiredMixin, View):
    """The exit: what will happen is said before it is done (the page is the confirmation)."""

    capability = MANAGE

    def _page(self, request: HttpRequest, stay: Stay, form: Any) -> HttpResponse:
        children = stay.accompanied_children.filter(status=StayStatus.ACTIVE)
        return render(
            request,
            "shelters/exit.html",
            {"stay": stay, "form": form, "children": children, "back_url": _back(stay)},
        )

    def get(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        stay = _stay(request, pk)
        form = ExitForm(
            staff=_staff(stay),
            initial={"exited_on": timezone.localdate(), "follow_up_owner": str(request.user.pk)},
        )
        if stay.referral_id is None:
            del form.fields["complete_referral"]
        return self._page(request, stay, form)

    def post(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        stay = _stay(request, pk)
        form = ExitForm(request.POST, staff=_staff(stay))
        if stay.referral_id is None:
            del form.fields["complete_referral"]
        if form.is_valid():
            data = form.cleaned_data
            owner = selectors.staff_of(stay.organisation_id).filter(pk=data["follow_up_owner"])
            try:
                follow_ups = services.stay_exit(
                    actor=request.user,
                    stay=stay,
                    exited_on=data["exited_on"],
                    reason=data["reason"],
                    destination=data["destination"],
                    plan=data["plan"],
                    follow_up_days=data["follow_up_days"],
                    follow_up_owner=owner.first(),
                    complete_referral=data.get("complete_referral", False),
                    request=request,
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(
                    request,
                    ngettext(
                        "The exit is recorded; {count} follow-up is planned.",
                        "The exit is recorded; {count} follow-ups are planned.",
                        len(follow_ups),
                    ).format(count=len(follow_ups)),
                )
                return redirect(_back(stay))
        return self._page(request, stay, form)


class StayServiceView(CapabilityRequiredMixin, View):
    capability = MANAGE

    def _form(self, stay: Stay, data: Any = None) -> StayServiceForm:
        plans = [
            (str(p.pk), f"{p.get_type_display()}")
            for p in selectors.plan_choices(stay).order_by("created_at")
        ]
        return StayServiceForm(data, plans=plans, initial={"delivered_on": timezone.localdate()})

    def _page(self, request: HttpRequest, stay: Stay, form: Any) -> HttpResponse:
        return form_page(
            request,
            form,
            title=_("Record a service"),
            caption=_("Stay {reference}").format(reference=stay.reference),
            button=_("Record service"),
            back_url=_back(stay),
        )

    def get(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        stay = _stay(request, pk)
        return self._page(request, stay, self._form(stay))

    def post(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        stay = _stay(request, pk)
        form = self._form(stay, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            plan_id = data.get("plan")
            plan = selectors.plan_choices(stay).filter(pk=plan_id).first() if plan_id else None
            try:
                services.stay_service_record(
                    actor=request.user,
                    stay=stay,
                    category=data["category"],
                    delivered_on=data["delivered_on"],
                    plan=plan,
                    notes=data["notes"],
                    request=request,
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The service is recorded."))
                return redirect(_back(stay))
        return self._page(request, stay, form)


class MovementView(CapabilityRequiredMixin, View):
    """Record an outing or a visit. The page says plainly that this records and never
    restricts: residents come and go freely."""

    capability = MANAGE

    def _page(self, request: HttpRequest, stay: Stay, form: Any) -> HttpResponse:
        return form_page(
            request,
            form,
            title=_("Record an outing or a visit"),
            caption=_("Stay {reference}").format(reference=stay.reference),
            intro=_(
                "This log records what happened, so that staff know who is in the building "
                "and can check on people's safety. It never grants or refuses leave: "
                "residents come and go freely. A shelter is not detention."
            ),
            button=pgettext("verb", "Record"),
            back_url=_back(stay),
        )

    def get(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        stay = _stay(request, pk)
        now = timezone.localtime().replace(second=0, microsecond=0)
        form = MovementForm(initial={"kind": MovementKind.OUTING, "started_at": now})
        return self._page(request, stay, form)

    def post(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        stay = _stay(request, pk)
        form = MovementForm(request.POST)
        if form.is_valid():
            try:
                services.movement_record(
                    actor=request.user, stay=stay, request=request, **form.cleaned_data
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("It is recorded."))
                return redirect(_back(stay))
        return self._page(request, stay, form)


class StayLinkView(CapabilityRequiredMixin, View):
    """Attach an accepted referral to a stay that began as an emergency admission."""

    capability = MANAGE

    def _form(self, request: HttpRequest, stay: Stay, data: Any = None) -> LinkReferralForm:
        referrals = selectors.admissible_referrals(actor=request.user).filter(
            to_organisation_id=stay.organisation_id
        )
        rows = referral_selectors.summarise(referrals[:50])
        choices = [(str(r.id), f"{r.reference} – {r.from_organisation}") for r in rows]
        return LinkReferralForm(data, referrals=choices)

    def _page(self, request: HttpRequest, stay: Stay, form: Any) -> HttpResponse:
        return form_page(
            request,
            form,
            title=_("Link stay {reference} to a referral").format(reference=stay.reference),
            intro=_(
                "Choose the accepted referral of this person. Your staff then see what that "
                "referral shares, and the referring organisation sees the stay on their case."
            ),
            button=_("Link referral"),
            back_url=_back(stay),
            empty=not form.fields["referral"].choices,
        )

    def get(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        stay = _stay(request, pk, active=False)
        return self._page(request, stay, self._form(request, stay))

    def post(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        stay = _stay(request, pk, active=False)
        form = self._form(request, stay, request.POST)
        if form.is_valid():
            referral = selectors.admissible_referral_get(
                actor=request.user, pk=form.cleaned_data["referral"]
            )
            try:
                services.stay_link_referral(
                    actor=request.user, stay=stay, referral=referral, request=request
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The stay is linked to the referral."))
                return redirect(_back(stay))
        return self._page(request, stay, form)
