"""The annual report's documents: a bilingual PDF (English, then Simplified Chinese; weasyprint)
and a bilingual XLSX (one sheet per section, both languages side by side; openpyxl). Both are
built from the dashboard sections, with the small-cell rule applied."""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from haven.core.spreadsheets import neutralise
from haven.stats import render, sections
from haven.stats.aggregates import total
from haven.stats.charts import Cell, Chart
from haven.stats.selectors import Filters

LANGUAGES = ("en", "zh-hans")


@dataclass
class Edition:
    language: str
    title: str
    scope: str
    total: Cell
    charts: list[Chart]
    k: int


def _svg_uri(chart: Chart, language: str) -> str:
    data = render.svg(chart, uid=f"{language}-{chart.key}").encode("utf-8")
    return "data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii")


def editions(
    *,
    actor: Any,
    year: int,
    filters: Filters,
    scope_label: Callable[[], str],
    k: int,
    everything: bool = False,
    progress: Callable[[int, str], None] | None = None,
) -> list[Edition]:
    """The report's content in each language (charts computed once per language)."""
    result = []
    for index, language in enumerate(LANGUAGES):
        with translation.override(language):
            context = sections.Context(actor=actor, filters=filters, k=k, everything=everything)
            result.append(
                Edition(
                    language=language,
                    title=_("Annual statistics report {year}").format(year=year),
                    scope=scope_label(),
                    total=total(context),
                    charts=sections.build(context),
                    k=k,
                )
            )
        if progress:
            progress(10 + 40 * (index + 1) // len(LANGUAGES), "sections")
    return result


def pdf(items: list[Edition]) -> bytes:
    from weasyprint import HTML

    parts = []
    for edition in items:
        with translation.override(edition.language):
            parts.append(
                render_to_string(
                    "stats/report_pdf_part.html",
                    {
                        "e": edition,
                        "charts": [(c, _svg_uri(c, edition.language)) for c in edition.charts],
                        "made": timezone.now(),
                    },
                )
            )
    html = render_to_string("stats/report_pdf.html", {"parts": parts, "title": items[0].title})
    return bytes(HTML(string=html).write_pdf())


def xlsx(items: list[Edition]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101  (a new workbook has one sheet)
    sheet.title = "Summary"
    bold = Font(bold=True)
    for edition in items:
        sheet.append([neutralise(edition.title)])
        sheet.append([neutralise(edition.scope)])  # an organisation's name, typed by people
        sheet.append([_label_total(edition), edition.total.display])
        sheet.append([])
    for row in sheet.iter_rows(min_row=1, max_row=1):
        for cell in row:
            cell.font = bold
    english, *others = items
    for index, chart in enumerate(english.charts):
        ws = workbook.create_sheet(title=f"{index + 1} {chart.key}"[:31])
        translated = [next((c for c in o.charts if c.key == chart.key), chart) for o in others]
        ws.append([" / ".join([chart.title, *[t.title for t in translated]])])
        ws.append(
            [
                "Category",
                *["类别" for _o in others],
                *[
                    " / ".join([name, *[t.columns[i] for t in translated if i < len(t.columns)]])
                    for i, name in enumerate(chart.columns)
                ],
            ]
        )
        for cell in ws[1] + ws[2]:
            cell.font = bold
        for r, row in enumerate(chart.rows):
            labels = [neutralise(t.rows[r].label) if r < len(t.rows) else "" for t in translated]
            values: list[Any] = [
                c.value if c.value is not None and not c.suppressed else c.display
                for c in row.cells
            ]
            ws.append([neutralise(row.label), *labels, *values])
        if chart.note:
            ws.append([])
            ws.append([chart.note])
        ws.append(
            [f"< {chart.k}: " + f"fewer than {chart.k} (withheld) / 少于{chart.k}（不予公开）"]
        )
        ws.column_dimensions["A"].width = 40
        ws.column_dimensions["B"].width = 30
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _label_total(edition: Edition) -> str:
    with translation.override(edition.language):
        return _("People counted (statistics consent in force)")
