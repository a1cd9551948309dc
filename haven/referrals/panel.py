"""The "Referrals" section of the case page (registered with ``haven.cases.panels``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from haven.accounts import policy
from haven.accounts.roles import Cap
from haven.cases.models import Stage
from haven.cases.panels import Panel
from haven.referrals import selectors


def provider(request: HttpRequest, case: Any) -> Panel | None:
    """The case's referrals for users who may refer it; nothing for anyone else."""
    if not policy.can(request.user, Cap.REFERRAL_SEND, case):
        return None
    referrals = selectors.summarise(selectors.outgoing_for_case(actor=request.user, case=case))
    can_refer = case.stage != Stage.CLOSED
    return Panel(
        title=_("Referrals"),
        template="referrals/panel.html",
        context={
            "referrals": referrals,
            "can_refer": can_refer,
            "refer_url": reverse("referrals:refer", kwargs={"case": case.pk}) if can_refer else "",
        },
    )
