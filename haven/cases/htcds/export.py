"""HTCDS 2.0 export of cases, to IOM's Excel template layout or to CSV.

This is the *identifying* HTCDS export for caseworkers (DESIGN section 6, "HTCDS export
(identifying)": caseworkers and coordinators of the case's organisation only). It carries
names, birth dates, contacts and identity numbers because the people who hold the capability
``cases.export_htcds`` need them to continue the person's assistance in another system;
anonymised statistics are the ``stats`` app's business and never come from here.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from haven.accounts import policy
from haven.accounts.roles import Cap
from haven.audit.services import record
from haven.cases import actions, selectors
from haven.cases.htcds.converters import CSV, XLSX
from haven.cases.htcds.mapping import (
    REFERENCE_COLUMN,
    SHEET_NAMES,
    Entity,
    Sheet,
    Slot,
    csv_layout,
    layout,
)
from haven.cases.htcds.spreadsheets import SheetOut, write_csv, write_xlsx
from haven.cases.models import Case, Consent, Purpose, SupportPlan, TraffickingEvent

FORMATS = (XLSX, CSV)
CONTENT_TYPES = {
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    CSV: "text/csv; charset=utf-8",
}
CHUNK = 500
ABOUT = (
    "HTCDS 2.0 case export from Haven",
    "Human Trafficking Case Data Standard (HTCDS) by IOM, CC BY 4.0 "
    "(https://github.com/UNMigration/HTCDS); no endorsement by IOM is implied.",
    "This file identifies victims of trafficking. Keep it encrypted, share it only with "
    "people entitled to it, and delete it when it is no longer needed.",
    "Multi-select values are separated by '; '. Events and support plans are on their own "
    "sheets, linked to the case by hvn_CaseReference.",
)


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    filename: str
    content_type: str
    count: int


def export_filename(fmt: str, day: datetime.date | None = None) -> str:
    return f"htcds-cases-{(day or timezone.localdate()).isoformat()}.{fmt}"


def exportable_cases(actor: Any, **filters: Any) -> QuerySet[Case]:
    """Cases the actor may see *and* export: ``case_list`` narrowed to the organisations
    where the actor holds ``cases.export_htcds``."""
    cases = selectors.case_list(actor=actor, sort="reference", **filters)
    return (
        policy.scope(cases, actor, Cap.CASE_EXPORT_HTCDS)
        .select_related("person")
        .prefetch_related(
            Prefetch(
                "consents",
                queryset=Consent.objects.filter(purpose=Purpose.ASSISTANCE).order_by(
                    "-created_at", "-id"
                ),
                to_attr="assistance_consents",
            ),
            Prefetch("events", queryset=TraffickingEvent.objects.order_by("date", "created_at")),
            Prefetch("plans", queryset=SupportPlan.objects.order_by("created_at")),
        )
    )


def _sources(case: Case) -> dict[Entity, Any]:
    newest = next(iter(case.assistance_consents), None)  # type: ignore[attr-defined]
    return {
        Entity.PERSON: case.person,
        Entity.CASE: case,
        Entity.CONSENT: newest if newest is not None and newest.given else None,
    }


def _cells(slots: tuple[Slot, ...], sources: dict[Entity, Any], fmt: str) -> list[Any]:
    return [
        s.column.converter.to_cell(s.column.get(sources), fmt) if s.column else "" for s in slots
    ]


def _rows_xlsx(cases: list[Case]) -> dict[Sheet, list[list[Any]]]:
    rows: dict[Sheet, list[list[Any]]] = {sheet: [] for sheet in Sheet}
    slots = {sheet: layout(sheet) for sheet in Sheet}
    for case in cases:
        sources = _sources(case)
        rows[Sheet.CASES].append(_cells(slots[Sheet.CASES], sources, XLSX))
        for sheet, entity, items in (
            (Sheet.EVENTS, Entity.EVENT, case.events.all()),
            (Sheet.PLANS, Entity.PLAN, case.plans.all()),
        ):
            for item in items:
                rows[sheet].append(_cells(slots[sheet], {**sources, entity: item}, XLSX))
    for sheet_rows in rows.values():
        for number, row in enumerate(sheet_rows, start=1):
            row[0] = number
    return rows


def _rows_csv(cases: list[Case]) -> Iterator[list[Any]]:
    """One row per case; its second and later events and plans on continuation rows that
    repeat only the reference."""
    slots = csv_layout()
    width = len(layout(Sheet.CASES))
    reference = next(i for i, s in enumerate(slots) if s.column is REFERENCE_COLUMN)
    for number, case in enumerate(cases, start=1):
        sources = _sources(case)
        events, plans = list(case.events.all()), list(case.plans.all())
        for index in range(max(1, len(events), len(plans))):
            extra = {
                **({Entity.EVENT: events[index]} if index < len(events) else {}),
                **({Entity.PLAN: plans[index]} if index < len(plans) else {}),
            }
            row = _cells(slots, {**sources, **extra}, CSV)
            if index == 0:
                row[0] = number
            else:
                row[:width] = [row[i] if i == reference else "" for i in range(width)]
            yield row


@transaction.atomic
def build_export(
    actor: Any, fmt: str, *, request: HttpRequest | None = None, **filters: Any
) -> ExportFile:
    """The export file and how many cases it holds; one ``case.exported`` audit event."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}.")
    if not policy.can(actor, Cap.CASE_EXPORT_HTCDS):
        raise PermissionDenied
    cases = list(exportable_cases(actor, **filters).iterator(chunk_size=CHUNK))
    if fmt == XLSX:
        rows = _rows_xlsx(cases)
        content = write_xlsx(
            [
                SheetOut(
                    SHEET_NAMES[sheet],
                    [[s.code for s in layout(sheet)], [s.label for s in layout(sheet)]],
                    rows[sheet],
                )
                for sheet in Sheet
            ],
            about=ABOUT,
        )
    else:
        content = write_csv([s.code for s in csv_layout()], _rows_csv(cases))
    orgs = policy.organisations_for(actor, Cap.CASE_EXPORT_HTCDS)
    record(
        actor=actor,
        action=actions.CASE_EXPORTED,
        request=request,
        organisation=next(iter(orgs)) if isinstance(orgs, frozenset) and len(orgs) == 1 else None,
        details={"format": fmt, "count": len(cases), "standard": "htcds-2.0"},
    )
    return ExportFile(content, export_filename(fmt), CONTENT_TYPES[fmt], len(cases))


def export_cases(
    actor: Any, fmt: str, *, request: HttpRequest | None = None, **filters: Any
) -> bytes:
    """The cases ``actor`` may export as an HTCDS 2.0 file (``fmt``: ``xlsx`` or ``csv``).

    The file identifies people (names, birth dates, contacts, identity numbers): this is the
    identifying HTCDS export that DESIGN section 6 grants caseworkers and coordinators for
    their own organisation's cases, and nobody else. Raises ``PermissionDenied`` without ``cases.export_htcds``. ``filters`` are those of
    ``selectors.case_list`` (search, stage, ...). Name the file with ``export_filename``.
    """
    return build_export(actor, fmt, request=request, **filters).content
