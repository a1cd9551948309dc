"""Navigation entry and home page card of the screening app (registered in ready())."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from haven.accounts import policy
from haven.accounts.roles import Cap
from haven.screening import selectors
from haven.screening.engine import default_registry
from haven.screening.models import Status
from haven.web.navigation import Card, NavItem, register_cards, register_nav


def _title(instrument_id: str) -> str:
    registry = default_registry()
    if instrument_id not in registry:
        return instrument_id
    lang = "zh-hans" if (get_language() or "").startswith("zh") else "en"
    return registry.get(instrument_id).title.get(lang)


def screening_cards(request: HttpRequest) -> list[Card]:
    if not policy.can(request.user, Cap.SCREENING_RUN):
        return []
    screenings = selectors.screening_list(actor=request.user)
    drafts = screenings.filter(status=Status.DRAFT, screener_id=request.user.pk)
    start = timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    month = screenings.filter(started_at__gte=start).count()
    items = [
        {
            "due": timezone.localtime(s.started_at).date(),
            "text": _title(s.instrument),
            "who": _("Resume"),
            "url": reverse("screening:resume", kwargs={"pk": s.pk}),
            "overdue": False,
        }
        for s in drafts[:5]
    ]
    lines = [
        ngettext("{count} screening this month.", "{count} screenings this month.", month).format(
            count=month
        )
    ]
    if not items:
        lines.append(_("No interviews to resume."))
    return [
        Card(
            title=_("Screening"),
            count=month,
            items=items,
            lines=lines,
            links=[
                (_("Start a screening"), reverse("screening:start")),
                (_("All screenings"), reverse("screening:list")),
            ],
        )
    ]


def register() -> None:
    register_nav(
        NavItem(
            "screening",
            gettext_lazy("Screenings"),
            "screening:list",
            (Cap.SCREENING_RUN,),
            order=90,
        )
    )
    register_cards("screening", screening_cards, order=150)
