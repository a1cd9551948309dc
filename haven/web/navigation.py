"""The navigation menu and the home page's work queues. Apps register their entries in
``AppConfig.ready()``; what a user sees depends on the policy."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise

from haven.accounts import policy
from haven.accounts.roles import Cap


@dataclass(frozen=True)
class NavItem:
    key: str
    label: Promise | str
    url_name: str
    capabilities: tuple[Cap, ...] = ()
    order: int = 100


@dataclass
class Card:
    """One box of the home page: a work queue or a status."""

    title: str
    lines: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, url)
    count: int | None = None
    tone: str = ""  # "", "warning", "empty"
    items: list[dict[str, Any]] = field(default_factory=list)


CardProvider = Callable[[HttpRequest], list[Card]]

NAV: dict[str, NavItem] = {}
CARDS: dict[str, tuple[int, CardProvider]] = {}


def register_nav(item: NavItem) -> None:
    NAV[item.key] = item


def register_cards(key: str, provider: CardProvider, order: int = 100) -> None:
    """Register (or replace, under the same key) a provider of home page cards."""
    CARDS[key] = (order, provider)


def menu(request: HttpRequest) -> list[dict[str, Any]]:
    user = request.user
    entries = []
    for item in sorted(NAV.values(), key=lambda i: i.order):
        if item.capabilities and not policy.has_any(user, *item.capabilities):
            continue
        url = reverse(item.url_name)
        current = request.path == url if url == "/" else request.path.startswith(url)
        entries.append({"label": item.label, "url": url, "current": current})
    return entries


def cards(request: HttpRequest) -> list[Card]:
    result: list[Card] = []
    for _order, provider in sorted(CARDS.values(), key=lambda entry: entry[0]):
        result.extend(provider(request))
    return result
