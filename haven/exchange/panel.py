"""The "Cross-border cooperation" section of the case page (``haven.cases.panels``):
where the case came from if a partner referred it, its referrals abroad and match
queries, and the way to refer it abroad or ask a partner."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from haven.accounts import policy
from haven.accounts.roles import Cap
from haven.cases.models import Stage
from haven.cases.panels import Panel
from haven.exchange import selectors
from haven.exchange.models import Transfer
from haven.exchange.services import sharing_consent
from haven.exchange.vocab import Direction


def provider(request: HttpRequest, case: Any) -> Panel | None:
    user = request.user
    origin = (
        Transfer.objects.filter(case=case, direction=Direction.IN)
        .select_related("partner", "agreement")
        .defer("payload")
        .first()
    )
    refer = policy.can(user, Cap.EXCHANGE_REFER, case)
    if not refer and origin is None:
        return None
    context: dict[str, Any] = {"origin": origin, "refer": refer}
    if refer:
        agreements = selectors.agreements_for_case(actor=user, case=case)
        context.update(
            {
                "transfers": [
                    t
                    for t in selectors.transfers_for_case(actor=user, case=case)
                    if t.direction == Direction.OUT
                ],
                "queries": list(selectors.match_list(actor=user, case=case)[:5]),
                "agreements": agreements,
                "consent": sharing_consent(case) is not None,
                "can_act": bool(agreements) and case.stage != Stage.CLOSED,
                "can_match": any(a.allow_matching for a in agreements),
            }
        )
    return Panel(
        title=_("Cross-border cooperation"), template="exchange/panel.html", context=context
    )
