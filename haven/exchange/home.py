"""Navigation entries and home page cards of the exchange app (registered in ready())."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from haven.accounts import policy
from haven.accounts.roles import Cap
from haven.exchange import selectors
from haven.exchange.models import Agreement, Partner
from haven.exchange.services import node_get
from haven.exchange.vocab import Delivery
from haven.web.navigation import Card, NavItem, register_cards, register_nav


def _coordinator_card(request: HttpRequest) -> Card:
    waiting, erasures = selectors.waiting_counts(actor=request.user)
    lines = [
        ngettext(
            "{count} referral from abroad is waiting for your answer.",
            "{count} referrals from abroad are waiting for your answer.",
            waiting,
        ).format(count=waiting)
        if waiting
        else _("No referrals from abroad are waiting for an answer.")
    ]
    if erasures:
        lines.append(
            ngettext(
                "{count} partner asks you to erase the data it shared.",
                "{count} partners ask you to erase the data they shared.",
                erasures,
            ).format(count=erasures)
        )
    return Card(
        title=_("Cross-border cooperation"),
        count=waiting + erasures,
        lines=lines,
        links=[
            (_("Referrals abroad"), reverse("exchange:inbox")),
            (_("Match queries"), reverse("exchange:match_list")),
        ],
        tone="warning" if erasures else ("" if waiting else "empty"),
    )


def _admin_card(request: HttpRequest) -> Card:
    node = node_get()
    if node is None:
        return Card(
            title=_("Partner nodes"),
            lines=[
                _(
                    "This node has no keys yet. Initialise it before registering partners "
                    "and agreements."
                )
            ],
            links=[(_("Initialise this node"), reverse("exchange:node"))],
            tone="warning",
        )
    today = timezone.localdate()
    partners = Partner.objects.filter(is_active=True).count()
    in_force = Agreement.objects.filter(
        is_active=True, partner__is_active=True, valid_from__lte=today, valid_until__gte=today
    ).count()
    failing = selectors.outbox_counts().get(Delivery.FAILED, 0)
    lines = [
        ngettext("{count} active partner node.", "{count} active partner nodes.", partners).format(
            count=partners
        ),
        ngettext("{count} agreement in force.", "{count} agreements in force.", in_force).format(
            count=in_force
        ),
    ]
    if failing:
        lines.append(
            ngettext(
                "{count} message could not be delivered.",
                "{count} messages could not be delivered.",
                failing,
            ).format(count=failing)
        )
    return Card(
        title=_("Partner nodes"),
        count=partners,
        lines=lines,
        links=[
            (_("Partner nodes"), reverse("exchange:partner_list")),
            (_("Agreements"), reverse("exchange:agreement_list")),
            (_("This node"), reverse("exchange:node")),
        ],
        tone="warning" if failing else ("" if partners else "empty"),
    )


def exchange_cards(request: HttpRequest) -> list[Card]:
    cards = []
    if policy.can(request.user, Cap.EXCHANGE_REFER):
        cards.append(_coordinator_card(request))
    if policy.can(request.user, Cap.EXCHANGE_PARTNERS):
        cards.append(_admin_card(request))
    return cards


def register() -> None:
    register_nav(
        NavItem(
            "exchange",
            gettext_lazy("Cross-border"),
            "exchange:inbox",
            (Cap.EXCHANGE_REFER,),
            order=330,
        )
    )
    register_nav(
        NavItem(
            "exchange_partners",
            gettext_lazy("Partner nodes"),
            "exchange:partner_list",
            (Cap.EXCHANGE_PARTNERS,),
            order=818,
        )
    )
    register_cards("exchange", exchange_cards, order=330)
