"""Navigation entries and home page cards of the shelters app (registered in ready())."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from haven.accounts import policy
from haven.accounts.roles import Cap
from haven.shelters import selectors
from haven.shelters.models import WaitlistEntry
from haven.shelters.vocab import OPEN_WAITLIST
from haven.web.navigation import Card, NavItem, register_cards, register_nav

ITEMS = 5


def _beds_card(request: HttpRequest) -> Card:
    user = request.user
    shelters = list(selectors.managed_shelters(user).filter(is_active=True).values_list("pk"))
    total = selectors.Occupancy()
    for item in selectors.occupancy([pk for (pk,) in shelters]).values():
        total.add(item)
    alerts = selectors.alert_counts(actor=user)
    referrals = selectors.admissible_referrals(actor=user).count()
    waiting = (
        policy.scope(WaitlistEntry.objects.all(), user, Cap.SHELTER_MANAGE)
        .filter(status__in=OPEN_WAITLIST)
        .count()
    )
    if not shelters:
        return Card(
            title=_("Shelter beds"),
            lines=[
                _("Your organisation has no shelter in Haven yet. Add one with its rooms and beds.")
            ],
            links=[(_("Add a shelter"), reverse("shelters:create"))],
            tone="empty",
        )
    lines = [
        _("{free} of {beds} beds free, {occupied} occupied, {reserved} reserved.").format(
            free=total.free, beds=total.beds, occupied=total.occupied, reserved=total.reserved
        )
    ]
    if referrals:
        lines.append(
            ngettext(
                "{count} accepted referral is waiting for a bed.",
                "{count} accepted referrals are waiting for a bed.",
                referrals,
            ).format(count=referrals)
        )
    if waiting:
        lines.append(
            ngettext(
                "{count} person is on a waitlist.", "{count} people are on a waitlist.", waiting
            ).format(count=waiting)
        )
    if alerts["overdue"]:
        lines.append(
            ngettext(
                "{count} stay is past its expected exit.",
                "{count} stays are past their expected exit.",
                alerts["overdue"],
            ).format(count=alerts["overdue"])
        )
    links = [(_("Occupancy board"), reverse("shelters:list"))]
    if referrals:
        links.append((_("Referrals waiting for a bed"), reverse("shelters:referrals")))
    links.append((_("Residents"), reverse("shelters:stay_list")))
    return Card(
        title=_("Shelter beds"),
        count=total.free,
        lines=lines,
        links=links,
        tone="warning" if alerts["overdue"] or referrals else "",
    )


def _follow_up_card(request: HttpRequest) -> Card:
    today = timezone.localdate()
    follow_ups = selectors.follow_up_list(actor=request.user, mine=True)
    items = [
        {
            "due": f.due_on,
            "overdue": f.due_on < today,
            "text": f.display_title,
            "who": f.stay.reference if f.stay else f.shelter.display_name,
            "url": reverse("shelters:follow_up_list"),
        }
        for f in follow_ups[:ITEMS]
    ]
    overdue = follow_ups.filter(due_on__lt=today).count()
    lines = [_("{count} overdue.").format(count=overdue)] if overdue else []
    if not items:
        lines = [_("You have no open follow-ups.")]
    return Card(
        title=_("My follow-ups"),
        items=items,
        lines=lines,
        tone="warning" if overdue else ("" if items else "empty"),
        links=[(_("All my follow-ups"), reverse("shelters:follow_up_list"))],
    )


def _capacity_card(request: HttpRequest) -> Card:
    rows = selectors.capacity(actor=request.user)
    free = sum(r.occupancy.free for r in rows)
    with_room = sum(1 for r in rows if r.occupancy.free)
    return Card(
        title=_("Free shelter capacity"),
        count=free,
        lines=[
            ngettext(
                "{free} beds free in {count} shelter.",
                "{free} beds free in {count} shelters.",
                with_room,
            ).format(free=free, count=with_room)
            if rows
            else _("No shelter shares its capacity with you yet.")
        ],
        links=[(_("Free capacity"), reverse("shelters:capacity"))],
        tone="" if free else "empty",
    )


def shelter_cards(request: HttpRequest) -> list[Card]:
    user = request.user
    cards = []
    if policy.can(user, Cap.SHELTER_MANAGE):
        cards.append(_beds_card(request))
        cards.append(_follow_up_card(request))
    if policy.can(user, Cap.SHELTER_CAPACITY):
        cards.append(_capacity_card(request))
    return cards


def register() -> None:
    register_nav(
        NavItem(
            "shelters", gettext_lazy("Shelters"), "shelters:list", (Cap.SHELTER_MANAGE,), order=400
        )
    )
    register_nav(
        NavItem(
            "shelter_capacity",
            gettext_lazy("Shelter capacity"),
            "shelters:capacity",
            (Cap.SHELTER_CAPACITY,),
            order=410,
        )
    )
    register_cards("shelters", shelter_cards, order=400)
