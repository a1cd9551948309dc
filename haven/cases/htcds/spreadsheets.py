"""Reading and writing the two file formats as plain grids of cells, and the defence against
spreadsheet formula injection. Knows nothing about HTCDS columns (``mapping`` does).

Formula injection: every text cell goes through ``haven.core.spreadsheets.neutralise`` on
the way out and ``restore`` on the way in, so every value comes back unchanged.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from haven.cases.htcds.converters import Cell
from haven.core.spreadsheets import neutralise, restore

DATE_FORMAT = "yyyy-mm-dd"
DEFAULT_WIDTH = 18


class FileError(ValueError):
    """The file as a whole cannot be read; ``str()`` is the translated message."""


@dataclass(frozen=True)
class SheetOut:
    name: str
    header_rows: Sequence[Sequence[str]]  # codes (hidden in XLSX, as in IOM's template), labels
    rows: Iterable[Sequence[Any]]


@dataclass
class SheetIn:
    name: str
    rows: list[tuple[int, tuple[Cell, ...]]]  # (1-based row number as the user sees it, cells)


# --- Writing -------------------------------------------------------------------------------


def write_xlsx(sheets: Sequence[SheetOut], about: Sequence[str]) -> bytes:
    """A workbook in the layout of IOM's template: per sheet a hidden code row, a bold label
    row (wrapped, 84 pt high), then data with a running number in column A."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from haven.cases.htcds.template import LABEL_FONT, LABEL_ROW_HEIGHT

    workbook = Workbook(write_only=True)
    label_font = Font(name=LABEL_FONT[0], size=LABEL_FONT[1], bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")

    def clean(value: Any) -> Any:
        value = neutralise(value)
        return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value

    for sheet in sheets:
        ws = workbook.create_sheet(sheet.name)
        width = max(len(row) for row in sheet.header_rows)
        for index in range(2, width + 1):
            ws.column_dimensions[get_column_letter(index)].width = DEFAULT_WIDTH
        ws.column_dimensions["A"].width = 6
        ws.row_dimensions[1].hidden = True
        ws.row_dimensions[2].height = LABEL_ROW_HEIGHT
        ws.freeze_panes = "B3"
        codes, labels = sheet.header_rows
        ws.append([clean(v) or None for v in codes])
        label_cells = []
        for value in labels:
            cell = WriteOnlyCell(ws, value=clean(value) or None)
            cell.font, cell.alignment = label_font, wrap
            label_cells.append(cell)
        ws.append(label_cells)
        for row in sheet.rows:
            cells: list[Any] = []
            for value in row:
                if isinstance(value, datetime.date):
                    cell = WriteOnlyCell(ws, value=value)
                    cell.number_format = DATE_FORMAT
                    cells.append(cell)
                else:
                    cells.append(None if value == "" else clean(value))
            ws.append(cells)
    info = workbook.create_sheet("about")
    for line in about:
        info.append([clean(line)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads Chinese correctly), comma-separated."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(v) for v in header])
    for row in rows:
        writer.writerow(["" if v is None else neutralise(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# --- Reading -------------------------------------------------------------------------------


def _too_many(limit: int) -> FileError:
    return FileError(
        _("The file has more than {limit} rows; split it into smaller files.").format(limit=limit)
    )


def _unreadable(kind: str) -> FileError:
    return FileError(_("The file is not a readable {format} file.").format(format=kind))


def read_xlsx(data: bytes, limit: int) -> list[SheetIn]:
    """Every sheet's rows (cached values, never formulas); at most ``limit`` rows a sheet."""
    from openpyxl import load_workbook

    errors = (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, IndexError)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except errors as exc:
        raise _unreadable("XLSX") from exc
    try:
        sheets = []
        for ws in workbook.worksheets:
            rows = []
            for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
                if number > limit:
                    if any(v not in (None, "") for v in values[1:]):
                        raise _too_many(limit)
                    continue  # IOM's template numbers 1,000 empty rows in column A
                rows.append((number, tuple(restore(v) for v in values)))
            sheets.append(SheetIn(ws.title, rows))
        return sheets
    except errors as exc:
        raise _unreadable("XLSX") from exc
    finally:
        workbook.close()


def _delimiter(first_line: str) -> str:
    """``,`` normally; ``;`` when Excel in a comma-decimal locale wrote the file."""
    return ";" if first_line.count(";") > first_line.count(",") else ","


def read_csv(data: bytes, limit: int) -> list[SheetIn]:
    """The one table of a CSV file (comma- or semicolon-separated, UTF-8)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileError(
            _("The CSV file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")
        ) from exc
    if "\x00" in text:
        raise _unreadable("CSV")
    delimiter = _delimiter(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, tuple[Cell, ...]]] = []
    try:
        for number, values in enumerate(reader, start=1):
            if number > limit:
                raise _too_many(limit)
            rows.append((number, tuple(restore(v) for v in values)))
    except csv.Error as exc:
        raise _unreadable("CSV") from exc
    return [SheetIn("", rows)]
