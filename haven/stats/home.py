"""Navigation entry and home page card of the stats app (registered in ready())."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from haven.accounts import policy
from haven.accounts.roles import Cap
from haven.stats import sections, selectors
from haven.stats.aggregates import total
from haven.web.navigation import Card, NavItem, register_cards, register_nav


def stats_cards(request: HttpRequest) -> list[Card]:
    user = request.user
    if not policy.can(user, Cap.STATS_DASHBOARD):
        return []
    ctx = sections.Context(
        actor=user, filters=selectors.Filters(), k=selectors.small_cell_threshold()
    )
    counted = total(ctx)
    links = [(_("Dashboard"), reverse("stats:dashboard"))]
    if policy.can(user, Cap.STATS_EXPORT):
        links.append((_("CTDC anonymised export"), reverse("stats:export")))
    links.append((_("Annual reports"), reverse("stats:reports")))
    empty = not counted.value and not counted.suppressed
    return [
        Card(
            title=_("Statistics"),
            count=int(counted.value) if counted.value is not None else None,
            lines=[
                _("No one is counted yet: statistics include only people who consented.")
                if empty
                else _("People counted (statistics consent in force): {count}.").format(
                    count=counted.display
                )
            ],
            links=links,
            tone="empty" if empty else "",
        )
    ]


def register() -> None:
    register_nav(
        NavItem(
            "stats",
            gettext_lazy("Statistics"),
            "stats:dashboard",
            (Cap.STATS_DASHBOARD,),
            order=600,
        )
    )
    register_cards("stats", stats_cards, order=600)
