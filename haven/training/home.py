"""Navigation entries and home page cards of the training app (registered in ready())."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from haven.accounts import policy
from haven.accounts.roles import Cap
from haven.training import selectors
from haven.web.navigation import Card, NavItem, register_cards, register_nav

ITEMS = 3


def _trainees(workshop: Any) -> int:
    return int(getattr(workshop, "trainee_count", 0))


def _trainer_card(request: HttpRequest) -> Card:
    upcoming = selectors.workshop_list(actor=request.user, period="upcoming")
    count = upcoming.count()
    items = [
        {
            "due": workshop.starts_on,
            "who": workshop.display_title,
            "url": reverse("training:workshop_detail", kwargs={"pk": workshop.pk}),
            "text": ngettext(
                "{place}, {count} trainee", "{place}, {count} trainees", _trainees(workshop)
            ).format(place=workshop.place, count=_trainees(workshop)),
        }
        for workshop in upcoming.order_by("starts_on")[:ITEMS]
    ]
    return Card(
        title=_("Workshops"),
        count=count,
        lines=[
            ngettext(
                "{count} workshop now or coming up.", "{count} workshops now or coming up.", count
            ).format(count=count)
            if count
            else _("No workshop is planned. Create one and assign case studies to practise on.")
        ],
        items=items,
        links=[
            (_("All workshops"), reverse("training:workshop_list")),
            (_("Create a workshop"), reverse("training:workshop_create")),
            (_("Case studies and their keys"), reverse("training:case_study_list")),
        ],
        tone="" if count else "empty",
    )


def _trainee_card(request: HttpRequest) -> Card:
    workshops, drafts = selectors.to_do_counts(actor=request.user)
    lines = []
    if workshops:
        lines.append(
            ngettext(
                "You are enrolled in {count} workshop.",
                "You are enrolled in {count} workshops.",
                workshops,
            ).format(count=workshops)
        )
    if drafts:
        lines.append(
            ngettext(
                "{count} exercise is in progress.", "{count} exercises are in progress.", drafts
            ).format(count=drafts)
        )
    if not lines:
        lines.append(_("Practise the screening interview on a case study: nothing becomes a case."))
    return Card(
        title=_("Your training"),
        count=workshops or None,
        lines=lines,
        links=[
            (_("Your workshops"), reverse("training:workshop_list")),
            (_("Case studies"), reverse("training:case_study_list")),
            (_("Your exercises"), reverse("training:exercise_list")),
            (_("Legal library"), reverse("training:library")),
        ],
    )


def training_cards(request: HttpRequest) -> list[Card]:
    cards = []
    if policy.can(request.user, Cap.TRAINING_MANAGE):
        cards.append(_trainer_card(request))
    if policy.can(request.user, Cap.TRAINING_EXERCISE):
        cards.append(_trainee_card(request))
    return cards


def register() -> None:
    register_nav(
        NavItem(
            "training",
            gettext_lazy("Training"),
            "training:workshop_list",
            (Cap.TRAINING_MANAGE, Cap.TRAINING_EXERCISE),
            order=700,
        )
    )
    register_nav(NavItem("library", gettext_lazy("Legal library"), "training:library", order=710))
    register_cards("training", training_cards, order=700)
