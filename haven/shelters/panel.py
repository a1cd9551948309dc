"""The "Shelter" section of the case page (registered with ``haven.cases.panels``): where
the person stays or stayed, with dates, destination and follow-ups; never the address."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from haven.accounts import policy
from haven.accounts.roles import Cap
from haven.cases.panels import Panel
from haven.shelters import selectors


def provider(request: HttpRequest, case: Any) -> Panel | None:
    """Shown to readers of the case when the person has (had) a shelter stay."""
    if not policy.has_any(request.user, Cap.CASE_READ, Cap.CASE_READ_SCREENED):
        return None
    stays = selectors.case_stays(actor=request.user, case=case)
    if not stays:
        return None
    return Panel(title=_("Shelter"), template="shelters/panel.html", context={"stays": stays})
