"""Scoped reads for statistics: the cases counted are those in the actor's reach whose
statistics consent is in force (newest statistics decision is "given", kept on
``Case.statistics_consent`` by ``consent_record``).

``everything=True`` is only for the command line run by the installation's operator without
``--user`` (the whole installation, still consent-filtered); web and API never pass it.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass
from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from haven.accounts import policy
from haven.accounts.models import Organisation
from haven.accounts.roles import ALL, Cap
from haven.cases.models import Case
from haven.core import config
from haven.stats.models import AnnualReport, CtdcExport, GlobalDataset

DEFAULT_SMALL_CELL = 5


def small_cell_threshold() -> int:
    """Counts from 1 to this minus one are shown as "< k" (``HAVEN_STATS_SMALL_CELL``)."""
    from django.conf import settings

    value = getattr(settings, "HAVEN_STATS_SMALL_CELL", None)
    if value is None:
        value = config.env_int("HAVEN_STATS_SMALL_CELL", DEFAULT_SMALL_CELL)
    return max(2, int(value))


@dataclass(frozen=True)
class Filters:
    year: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    region: str = ""
    organisation_id: UUID | None = None
    exploitation: str = ""
    country: str = ""  # the organisations' country (reports per country)

    def active(self) -> bool:
        return any(v not in (None, "") for v in asdict(self).values())

    def as_json(self) -> dict[str, str]:
        return {k: str(v) for k, v in asdict(self).items() if v not in (None, "")}

    def as_query(self) -> dict[str, str]:
        names = {"organisation_id": "organisation"}
        return {names.get(k, k): v for k, v in self.as_json().items()}


def reach(actor: Any, capability: Cap, *, everything: bool = False) -> Q | None:
    """A filter on organisations (``pk``) the actor reaches; ``Q()`` everywhere; ``None`` none."""
    if everything:
        return Q()
    orgs = policy.organisations_for(actor, capability)
    if orgs is ALL:
        return Q()
    if not orgs:
        return None
    return Q(pk__in=orgs)


def organisations(actor: Any, capability: Cap = Cap.STATS_DASHBOARD) -> QuerySet[Organisation]:
    condition = reach(actor, capability)
    if condition is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(condition, is_active=True).order_by("name")


def statistics_cases(
    *,
    actor: Any,
    filters: Filters | None = None,
    capability: Cap = Cap.STATS_DASHBOARD,
    everything: bool = False,
) -> QuerySet[Case]:
    """Cases counted in statistics for ``actor``: in reach, statistics consent in force."""
    filters = filters or Filters()
    qs = Case.objects.all() if everything else policy.scope(Case.objects.all(), actor, capability)
    qs = qs.filter(statistics_consent=True)
    if filters.year:
        qs = qs.filter(identified_on__year=filters.year)
    if filters.date_from:
        qs = qs.filter(identified_on__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(identified_on__lte=filters.date_to)
    if filters.region:
        qs = qs.filter(organisation__region__iexact=filters.region)
    if filters.organisation_id:
        qs = qs.filter(organisation_id=filters.organisation_id)
    if filters.country:
        qs = qs.filter(organisation__country=filters.country)
    if filters.exploitation:
        qs = qs.filter(exploitation_types__contains=f",{filters.exploitation},")
    return qs


def years(*, actor: Any, everything: bool = False) -> list[int]:
    qs = statistics_cases(actor=actor, everything=everything)
    dates = qs.dates("identified_on", "year", order="DESC")
    return [d.year for d in dates]


def regions(*, actor: Any) -> list[str]:
    values = organisations(actor).exclude(region="").values_list("region", flat=True)
    return sorted(set(values))


# ---------------------------------------------------------------------------------------------
# Stored exports, reports and global datasets: visible within the organisation (404 outside).


def exports(*, actor: Any) -> QuerySet[CtdcExport]:
    return policy.scope(CtdcExport.objects.all(), actor, Cap.STATS_EXPORT).defer("content")


def export_get(*, actor: Any, pk: UUID) -> CtdcExport:
    item = policy.scope(CtdcExport.objects.all(), actor, Cap.STATS_EXPORT).filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def reports(*, actor: Any) -> QuerySet[AnnualReport]:
    qs = policy.scope(AnnualReport.objects.all(), actor, Cap.STATS_DASHBOARD)
    return qs.defer("pdf", "xlsx").select_related("scope_organisation")


def report_get(*, actor: Any, pk: UUID) -> AnnualReport:
    item = reports(actor=actor).filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def datasets(*, actor: Any) -> QuerySet[GlobalDataset]:
    return policy.scope(GlobalDataset.objects.all(), actor, Cap.STATS_DASHBOARD).defer("upload")


def dataset_get(*, actor: Any, pk: UUID) -> GlobalDataset:
    item = datasets(actor=actor).filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def home_organisation(actor: Any, capability: Cap) -> Organisation | None:
    """The organisation a stored export or report belongs to: the first active one where the
    actor holds ``capability``."""
    orgs = policy.organisations_for(actor, capability)
    memberships = Organisation.objects.filter(
        memberships__user=actor, memberships__is_active=True, is_active=True
    ).order_by("name")
    if isinstance(orgs, frozenset):
        memberships = memberships.filter(pk__in=orgs)
    return memberships.first()
