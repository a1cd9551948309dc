"""The dashboard is a list of sections; each is a provider registered under a key.

Other apps register theirs in ``AppConfig.ready()``::

    from haven.stats.sections import register_section
    register_section("shelters", provider, title=gettext_lazy("Shelter occupancy"), order=900)

A provider takes a ``Context`` (actor, filters, small-cell threshold, the consenting cases in
reach) and returns a ``haven.stats.charts.Chart`` (or ``None`` when it has nothing to show
for this actor). Providers must apply the small-cell rule (``charts.count_cell`` / ``bars``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.utils.functional import Promise

from haven.accounts import policy
from haven.accounts.roles import ALL, Cap
from haven.cases.models import Case
from haven.stats import selectors
from haven.stats.charts import Chart


@dataclass
class Context:
    actor: Any
    filters: selectors.Filters
    k: int
    everything: bool = False
    memo: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def cases(self) -> QuerySet[Case]:
        return selectors.statistics_cases(
            actor=self.actor, filters=self.filters, everything=self.everything
        )

    @cached_property
    def organisation_ids(self) -> list[UUID] | None:
        """Organisations in view (``None``: all of them)."""
        if self.filters.organisation_id:
            return [self.filters.organisation_id]
        if self.everything:
            return None
        orgs = policy.organisations_for(self.actor, Cap.STATS_DASHBOARD)
        if orgs is ALL and not (self.filters.region or self.filters.country):
            return None
        qs = selectors.organisations(self.actor)
        if self.filters.region:
            qs = qs.filter(region__iexact=self.filters.region)
        if self.filters.country:
            qs = qs.filter(country=self.filters.country)
        return list(qs.values_list("pk", flat=True))


Provider = Callable[[Context], Chart | None]


@dataclass(frozen=True)
class Section:
    key: str
    title: Promise | str
    provider: Provider
    order: int = 100


SECTIONS: dict[str, Section] = {}


def register_section(
    key: str, provider: Provider, *, title: Promise | str, order: int = 100
) -> None:
    """Register (or replace, under the same key) a dashboard section."""
    SECTIONS[key] = Section(key=key, title=title, provider=provider, order=order)


def ordered() -> list[Section]:
    return sorted(SECTIONS.values(), key=lambda s: (s.order, s.key))


def build(context: Context, keys: list[str] | None = None) -> list[Chart]:
    charts = []
    for section in ordered():
        if keys is not None and section.key not in keys:
            continue
        chart = section.provider(context)
        if chart is not None:
            charts.append(chart)
    return charts


def build_one(context: Context, key: str) -> Chart | None:
    section = SECTIONS.get(key)
    return section.provider(context) if section else None
