"""Navigation entries and home page cards of the foundation (accounts, audit), and honest
placeholders for capabilities whose apps are not in this version yet: those apps replace
them by registering cards under the same key."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from haven.accounts import policy, selectors, twofactor
from haven.accounts.roles import Cap
from haven.audit import selectors as audit_selectors
from haven.audit.actions import label as action_label
from haven.web.navigation import CARDS, Card, CardProvider, NavItem, register_cards, register_nav

NOT_YET = {
    "screening": ((Cap.SCREENING_RUN,), gettext_lazy("Screening interviews")),
    "cases": ((Cap.CASE_READ, Cap.CASE_READ_SCREENED), gettext_lazy("Cases and tasks")),
    "referrals": ((Cap.REFERRAL_ANSWER,), gettext_lazy("Referrals received")),
    "shelters": ((Cap.SHELTER_MANAGE, Cap.SHELTER_CAPACITY), gettext_lazy("Shelter beds")),
    "exchange": (
        (Cap.EXCHANGE_REFER, Cap.EXCHANGE_PARTNERS),
        gettext_lazy("Cross-border cooperation"),
    ),
    "stats": ((Cap.STATS_DASHBOARD,), gettext_lazy("Statistics")),
    "training": ((Cap.TRAINING_MANAGE, Cap.TRAINING_EXERCISE), gettext_lazy("Training")),
}


def account_cards(request: HttpRequest) -> list[Card]:
    user = request.user
    if twofactor.has_device(user):  # type: ignore[arg-type]
        return []
    return [
        Card(
            title=_("Protect your account"),
            lines=[
                _(
                    "Two-factor authentication is off. Turn it on so that a stolen password "
                    "is not enough to reach the people in Haven."
                )
            ],
            links=[(_("Set up two-factor authentication"), reverse("accounts:two_factor"))],
            tone="warning",
        )
    ]


def user_cards(request: HttpRequest) -> list[Card]:
    if not policy.can(request.user, Cap.USERS_MANAGE):
        return []
    users = selectors.user_list(actor=request.user, status="active")
    totals = users.aggregate(
        total=Count("pk", distinct=True),
        without_2fa=Count("pk", distinct=True, filter=Q(totpdevice__isnull=True)),
    )
    lines = [_("{count} active users.").format(count=totals["total"])]
    if totals["without_2fa"]:
        lines.append(
            _("{count} without two-factor authentication.").format(count=totals["without_2fa"])
        )
    return [
        Card(
            title=_("Users"),
            count=totals["total"],
            lines=lines,
            links=[
                (_("Add a user"), reverse("accounts:user_create")),
                (_("All users"), reverse("accounts:user_list")),
            ],
        )
    ]


def audit_cards(request: HttpRequest) -> list[Card]:
    if not policy.can(request.user, Cap.AUDIT_READ):
        return []
    events = list(audit_selectors.audit_event_list(actor=request.user)[:5])
    items = [
        {
            "when": e.created_at,
            "text": action_label(e.action),
            "who": e.actor.username if e.actor else _("unknown"),
        }
        for e in events
    ]
    return [
        Card(
            title=_("Recent activity"),
            items=items,
            lines=[] if items else [_("Nothing has been recorded yet.")],
            links=[(_("Audit trail"), reverse("audit:event_list"))],
            tone="" if items else "empty",
        )
    ]


def organisation_cards(request: HttpRequest) -> list[Card]:
    if not policy.can(request.user, Cap.ORGS_MANAGE):
        return []
    count = selectors.organisation_list(actor=request.user).filter(is_active=True).count()
    return [
        Card(
            title=_("Organisations"),
            count=count,
            lines=[_("{count} active organisations.").format(count=count)],
            links=[
                (_("Add an organisation"), reverse("accounts:organisation_create")),
                (_("All organisations"), reverse("accounts:organisation_list")),
            ],
        )
    ]


def not_yet_provider(key: str) -> CardProvider:
    caps, title = NOT_YET[key]

    def provider(request: HttpRequest) -> list[Card]:
        if not policy.has_any(request.user, *caps):
            return []
        return [
            Card(
                title=str(title),
                tone="empty",
                lines=[_("Not available in this version of Haven yet.")],
            )
        ]

    return provider


def register() -> None:
    register_nav(NavItem("home", gettext_lazy("Home"), "web:home", order=0))
    register_nav(
        NavItem(
            "users", gettext_lazy("Users"), "accounts:user_list", (Cap.USERS_MANAGE,), order=800
        )
    )
    register_nav(
        NavItem(
            "organisations",
            gettext_lazy("Organisations"),
            "accounts:organisation_list",
            (Cap.ORGS_MANAGE,),
            order=810,
        )
    )
    register_nav(
        NavItem(
            "audit", gettext_lazy("Audit trail"), "audit:event_list", (Cap.AUDIT_READ,), order=820
        )
    )
    register_cards("account", account_cards, order=0)
    register_cards("users", user_cards, order=800)
    register_cards("organisations", organisation_cards, order=810)
    register_cards("audit", audit_cards, order=820)
    for order, key in enumerate(NOT_YET, start=1):
        if key not in CARDS:  # an app that exists registered its real cards already
            register_cards(key, not_yet_provider(key), order=order * 100)
