"""A workshop's results as CSV or XLSX, safe against spreadsheet formula injection.

Formula injection: a text cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return
is written with a leading ``'`` so that spreadsheet programs show it as text instead of running
it (trainee names and workshop titles are typed by people).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _

from haven.core.spreadsheets import neutralise
from haven.training.cohort import Cohort

FORMATS = ("csv", "xlsx")


def _blank(value: Any) -> Any:
    return "" if value is None else value


def trainee_table(cohort: Cohort) -> tuple[list[str], list[list[Any]]]:
    header = [
        _("User name"),
        _("Name"),
        _("Pre-test (%)"),
        _("Post-test (%)"),
        _("Change (points)"),
        _("Exercises submitted"),
        _("Exercises assigned"),
        _("Mean exercise score (%)"),
        _("Outcomes matching the key"),
        _("Completed"),
    ]
    rows = [
        [
            row.trainee.username,
            row.trainee.full_name,
            _blank(row.pre.percent if row.pre else None),
            _blank(row.post.percent if row.post else None),
            _blank(row.change),
            row.done,
            row.assigned,
            _blank(row.mean_score),
            row.outcome_matches,
            _("yes") if row.completed else _("no"),
        ]
        for row in cohort.rows
    ]
    return header, rows


def indicator_table(cohort: Cohort) -> tuple[list[str], list[list[Any]]]:
    header = [_("Indicator"), _("Label"), _("Missed"), _("Wrongly marked")]
    missed = {i.id: i for i in cohort.missed}
    wrong = {i.id: i for i in cohort.wrong}
    ids = sorted(
        set(missed) | set(wrong), key=lambda i: (-(missed[i].count if i in missed else 0), i)
    )
    rows = [
        [
            item_id,
            (missed.get(item_id) or wrong[item_id]).label,
            missed[item_id].count if item_id in missed else 0,
            wrong[item_id].count if item_id in wrong else 0,
        ]
        for item_id in ids
    ]
    return header, rows


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 with a byte-order mark (so that Excel reads Chinese correctly)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(v) for v in header])
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    def clean(value: Any) -> Any:
        value = neutralise(value)
        return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value

    workbook = Workbook()
    for default in list(workbook.worksheets):
        workbook.remove(default)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title[:31])
        sheet.append([clean(v) for v in header])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([clean(v) for v in row])
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export(cohort: Cohort, kind: str) -> tuple[bytes, str, int]:
    """The file, its content type and the number of trainee rows."""
    header, rows = trainee_table(cohort)
    if kind == "csv":
        return write_csv(header, rows), "text/csv; charset=utf-8", len(rows)
    indicators = indicator_table(cohort)
    about = [
        [cohort.workshop.title],
        [
            _(
                "Scores come from the workshop's tests and from practice exercises on invented case studies."
            )
        ],
    ]
    data = write_xlsx(
        [
            (_("Trainees"), header, rows),
            (_("Indicators"), indicators[0], indicators[1]),
            (_("About"), [_("Workshop")], about),
        ]
    )
    return (
        data,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        len(rows),
    )
