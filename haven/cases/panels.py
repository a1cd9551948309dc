"""Sections other apps add to the case page (referrals, shelter stays, exchange...).

An app registers ``register(key, provider, order)`` in its ``AppConfig.ready()``; a provider
takes ``(request, case)`` and returns ``None`` (nothing to show to this user) or a
``Panel(title, template, context)`` rendered inside the case page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest


@dataclass
class Panel:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)


PanelProvider = Callable[[HttpRequest, Any], "Panel | None"]
PANELS: dict[str, tuple[int, PanelProvider]] = {}


def register(key: str, provider: PanelProvider, order: int = 100) -> None:
    PANELS[key] = (order, provider)


def panels_for(request: HttpRequest, case: Any) -> list[Panel]:
    result = []
    for _order, provider in sorted(PANELS.values(), key=lambda item: item[0]):
        panel = provider(request, case)
        if panel is not None:
            result.append(panel)
    return result
