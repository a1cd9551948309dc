"""Navigation entries and home page cards of the referrals app (registered in ready())."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from haven.accounts import policy
from haven.accounts.roles import Cap
from haven.referrals import selectors
from haven.referrals.vocab import Status
from haven.web.navigation import Card, NavItem, register_cards, register_nav

MANAGE = (Cap.REFERRAL_ANSWER, Cap.USERS_MANAGE)
ITEMS = 5


def _inbox_card(request: HttpRequest) -> Card:
    waiting, overdue = selectors.waiting_counts(actor=request.user)
    lines = (
        [
            ngettext(
                "{count} referral is waiting for your answer.",
                "{count} referrals are waiting for your answer.",
                waiting,
            ).format(count=waiting)
        ]
        if waiting
        else [_("No referrals are waiting for an answer.")]
    )
    if overdue:
        lines.append(
            ngettext(
                "{count} is past its answer date.", "{count} are past their answer date.", overdue
            ).format(count=overdue)
        )
    nearest = selectors.summarise(selectors.inbox(actor=request.user, status=Status.SENT)[:ITEMS])
    items = [
        {
            "when": row.respond_by,
            "due": row.respond_by,
            "overdue": row.overdue,
            "who": row.reference,
            "url": reverse("referrals:detail", kwargs={"pk": row.id}),
            "text": _("{organisation}: {services}").format(
                organisation=row.from_organisation,
                services=", ".join(s.category_label for s in row.services),
            ),
        }
        for row in nearest
    ]
    links = [(_("Referrals received"), reverse("referrals:inbox"))]
    if overdue:
        links.insert(0, (_("Overdue referrals"), reverse("referrals:inbox") + "?overdue=on"))
    return Card(
        title=_("Referrals received"),
        count=waiting,
        lines=lines,
        items=items,
        links=links,
        tone="warning" if overdue else ("" if waiting else "empty"),
    )


def referral_cards(request: HttpRequest) -> list[Card]:
    user = request.user
    cards = []
    if policy.can(user, Cap.REFERRAL_ANSWER):
        cards.append(_inbox_card(request))
    if policy.has_any(user, *MANAGE):
        published = selectors.managed_services(actor=user).filter(is_active=True).count()
        links = [(_("Your organisation's services"), reverse("referrals:service_list"))]
        if policy.can(user, Cap.REFERRAL_SEND):
            links.append((_("Service directory"), reverse("referrals:directory")))
        cards.append(
            Card(
                title=_("Service directory"),
                count=published,
                lines=[
                    ngettext(
                        "{count} service of your organisation is published.",
                        "{count} services of your organisation are published.",
                        published,
                    ).format(count=published)
                    if published
                    else _(
                        "Your organisation has no services in the directory yet. Publish "
                        "them so that others can refer people to you."
                    )
                ],
                links=links,
                tone="" if published else "empty",
            )
        )
    return cards


def register() -> None:
    register_nav(
        NavItem(
            "referrals",
            gettext_lazy("Referrals"),
            "referrals:inbox",
            (Cap.REFERRAL_ANSWER,),
            order=300,
        )
    )
    register_nav(
        NavItem(
            "directory",
            gettext_lazy("Service directory"),
            "referrals:directory",
            (Cap.REFERRAL_SEND,),
            order=310,
        )
    )
    register_cards("referrals", referral_cards, order=300)
