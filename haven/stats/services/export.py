"""CTDC-format anonymised export of the cases a user may export (statistics consent in force),
made k-anonymous by ``haven.stats.anonymise`` and audited."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Min, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_countries import countries

from haven.accounts import policy
from haven.accounts.roles import Cap
from haven.audit.services import record
from haven.cases.models import Case
from haven.stats import actions, selectors
from haven.stats.anonymise import (
    CTDC_VARIABLES,
    DEFAULT_K,
    DEFAULT_QUASI_IDENTIFIERS,
    FACT_COLUMNS,
    anonymise,
    smallest_class,
    to_ctdc,
)
from haven.stats.anonymise.ctdc import to_csv_bytes
from haven.stats.models import CtdcExport

MIN_K, MAX_K = 2, 100


@dataclass(frozen=True)
class CtdcFile:
    content: bytes
    report: dict[str, Any]


def _alpha3(code: str) -> str:
    return countries.alpha3(code) or "" if code else ""


def _marker(codes: Any) -> str:
    items = codes if isinstance(codes, list) else [c for c in str(codes or "").split(",") if c]
    return f",{','.join(items)}," if items else ""


def _months(first: datetime.date | None, identified: datetime.date) -> float:
    if first is None or first > identified:
        return float("nan")
    return float((identified.year - first.year) * 12 + identified.month - first.month)


def case_facts(cases: QuerySet[Case]) -> pd.DataFrame:
    """The case facts the CTDC mapping reads, one row per case (no identity is read)."""
    rows = (
        cases.order_by()
        .annotate(first_event=Min("events__date"))
        .values_list(
            "identified_on",
            "person__sex",
            "person__estimated_age",
            "person__citizenship",
            "exploitation_country",
            "first_event",
            "exploitation_types",
            "methods_of_control",
            "forced_labour_industry",
            "sex_exploitation_types",
            "relationship_to_trafficker",
        )
    )
    data = []
    for identified, sex, age, cit, country, first, types, control, industry, sexual, rel in rows:
        cit_codes = cit if isinstance(cit, list) else [c for c in str(cit or "").split(",") if c]
        data.append(
            (
                identified.year,
                sex,
                float("nan") if age is None else float(age),
                _alpha3(str(cit_codes[0])) if cit_codes else "",
                _alpha3(str(country or "")),
                _months(first, identified),
                _marker(types),
                _marker(control),
                industry or "",
                _marker(sexual),
                rel or "",
            )
        )
    return pd.DataFrame(data, columns=FACT_COLUMNS)


def build_ctdc(facts: pd.DataFrame, *, k: int = DEFAULT_K) -> CtdcFile:
    """Map, anonymise, check and write the CSV (the 27 codebook variables)."""
    result = anonymise(to_ctdc(facts), k=k, quasi_identifiers=DEFAULT_QUASI_IDENTIFIERS)
    table = result.table[CTDC_VARIABLES]
    if len(table) and smallest_class(table, DEFAULT_QUASI_IDENTIFIERS) < k:
        raise RuntimeError("anonymisation failed its own k-anonymity check")
    return CtdcFile(content=to_csv_bytes(table), report=result.report)


def _check_k(k: int) -> None:
    if not MIN_K <= k <= MAX_K:
        raise ValidationError(
            {"k": _("k must be between {low} and {high}.").format(low=MIN_K, high=MAX_K)}
        )


def ctdc_file(
    *,
    actor: Any,
    k: int = DEFAULT_K,
    filters: selectors.Filters | None = None,
    everything: bool = False,
) -> CtdcFile:
    """The export as bytes (for the command line), audited; ``everything`` only when the
    command runs without a user."""
    _check_k(k)
    if not everything and not policy.can(actor, Cap.STATS_EXPORT):
        raise PermissionDenied
    filters = filters or selectors.Filters()
    cases = selectors.statistics_cases(
        actor=actor, filters=filters, capability=Cap.STATS_EXPORT, everything=everything
    )
    result = build_ctdc(case_facts(cases), k=k)
    with transaction.atomic():
        record(
            actor=actor,
            action=actions.CTDC_EXPORTED,
            organisation=None
            if everything
            else selectors.home_organisation(actor, Cap.STATS_EXPORT),
            details={
                "k": k,
                "records_count": result.report["records_in"],
                "retained_count": result.report["records_out"],
                "command_line": True,
            },
        )
    return result


@transaction.atomic
def export_create(
    *,
    actor: Any,
    k: int = DEFAULT_K,
    filters: selectors.Filters | None = None,
    request: HttpRequest | None = None,
) -> CtdcExport:
    """Make and keep an export (its CSV and report) for the actor's organisation."""
    _check_k(k)
    organisation = selectors.home_organisation(actor, Cap.STATS_EXPORT)
    if organisation is None:
        raise PermissionDenied
    filters = filters or selectors.Filters()
    cases = selectors.statistics_cases(actor=actor, filters=filters, capability=Cap.STATS_EXPORT)
    result = build_ctdc(case_facts(cases), k=k)
    export = CtdcExport.objects.create(
        organisation=organisation,
        requested_by=actor,
        k=k,
        filters=filters.as_json(),
        records_in=result.report["records_in"],
        records_out=result.report["records_out"],
        report=result.report,
        content=result.content,
    )
    record(
        actor=actor,
        action=actions.CTDC_EXPORTED,
        obj=export,
        request=request,
        details={
            "k": k,
            "records_count": export.records_in,
            "retained_count": export.records_out,
        },
    )
    return export


@transaction.atomic
def export_download(*, actor: Any, export: CtdcExport, request: HttpRequest | None = None) -> bytes:
    if not policy.can(actor, Cap.STATS_EXPORT, export):
        raise PermissionDenied
    record(actor=actor, action=actions.CTDC_DOWNLOADED, obj=export, request=request)
    return bytes(CtdcExport.objects.values_list("content", flat=True).get(pk=export.pk))
