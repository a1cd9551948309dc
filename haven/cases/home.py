"""Navigation entries and home page cards of the cases app (registered in ready())."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from haven.accounts import policy
from haven.accounts.roles import Cap
from haven.cases import selectors
from haven.cases.models import Stage
from haven.web.navigation import Card, NavItem, register_cards, register_nav

READ = (Cap.CASE_READ, Cap.CASE_READ_SCREENED)


def case_cards(request: HttpRequest) -> list[Card]:
    if not policy.has_any(request.user, *READ, Cap.CASE_REGISTER):
        return []
    cards = []
    if policy.has_any(request.user, *READ):
        open_cases = selectors.case_list(actor=request.user).exclude(stage=Stage.CLOSED)
        count = open_cases.count()
        links = [(_("All cases"), reverse("cases:list"))]
        if policy.can(request.user, Cap.CASE_REGISTER):
            links.insert(0, (_("Register a person"), reverse("cases:register")))
        cards.append(
            Card(
                title=_("Cases"),
                count=count,
                lines=[_("{count} open cases.").format(count=count)]
                if count
                else [_("No open cases.")],
                links=links,
            )
        )
        tasks = selectors.my_tasks(actor=request.user)
        today = timezone.localdate()
        items = [
            {
                "due": t.due_on,
                "text": t.title,
                "who": t.case.reference,
                "url": reverse("cases:detail", kwargs={"pk": t.case_id}),
                "overdue": t.due_on < today,
            }
            for t in tasks[:5]
        ]
        overdue = tasks.filter(due_on__lt=today).count()
        lines = [_("{count} overdue.").format(count=overdue)] if overdue else []
        if not items:
            lines = [_("You have no open tasks.")]
        cards.append(
            Card(
                title=_("My tasks"),
                items=items,
                lines=lines,
                tone="warning" if overdue else ("" if items else "empty"),
                links=[(_("All my tasks"), reverse("cases:my_tasks"))],
            )
        )
    return cards


def register() -> None:
    register_nav(NavItem("cases", gettext_lazy("Cases"), "cases:list", READ, order=100))
    register_nav(NavItem("tasks", gettext_lazy("My tasks"), "cases:my_tasks", READ, order=110))
    register_cards("cases", case_cards, order=200)
    register_nav(
        NavItem(
            "countries",
            gettext_lazy("Country settings"),
            "cases:country_settings",
            (Cap.ORGS_MANAGE,),
            order=815,
        )
    )
