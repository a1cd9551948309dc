"""Converters between HTCDS 2.0 cells and Python values, one per HTCDS field type.

``parse(raw)`` reads a cell as openpyxl or the CSV reader gives it (text, number, boolean,
date or ``None``) and returns the Python value, or raises ``CellError`` with a translated
message. ``to_cell(value, fmt)`` gives what the exporter writes: native dates, numbers and
booleans in XLSX, text in CSV. Empty cells parse to ``EMPTY`` values (``""``, ``None`` or
``[]``); ``is_empty`` tells them apart from data.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_countries import countries

from haven.cases.htcds.template import MULTI_SEPARATOR

XLSX, CSV = "xlsx", "csv"
Cell = str | int | float | bool | datetime.date | datetime.datetime | None

SEPARATORS = re.compile(r"\s*[;；]\s*")
NON_ALNUM = re.compile(r"[^0-9a-z]")
FIRST_DATE = datetime.date(1900, 1, 1)  # the range IOM's template validates dates against
LAST_DATE = datetime.date(2100, 12, 31)
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.]+Z?)?$")
YMD_DATE = re.compile(r"^(\d{4})\s*[/.年]\s*(\d{1,2})\s*[/.月]\s*(\d{1,2})\s*日?$")
TRUE_WORDS = {"true", "yes", "y", "1", "x", "是", "真"}
FALSE_WORDS = {"false", "no", "n", "0", "否", "假"}


class CellError(ValueError):
    """A cell whose content cannot be read; ``str()`` is the translated message."""


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def text_of(raw: Cell) -> str:
    """A cell as trimmed text (numbers without a spurious ``.0``)."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime.datetime | datetime.date):
        return raw.isoformat()
    return str(raw).strip()


def fold(text: str) -> str:
    """Key for forgiving picklist matching: ``Follow up`` == ``FollowUp`` == ``followup``."""
    return NON_ALNUM.sub("", text.casefold())


@dataclass(frozen=True)
class Text:
    """HTCDS Text and Long Text."""

    def parse(self, raw: Cell) -> str:
        return text_of(raw)

    def to_cell(self, value: Any, fmt: str) -> Cell:
        return "" if value is None else str(value)


@dataclass(frozen=True)
class TextList:
    """Several short texts in one Text cell, ``; ``-separated (identity document numbers)."""

    def parse(self, raw: Cell) -> list[str]:
        return [part for part in SEPARATORS.split(text_of(raw)) if part]

    def to_cell(self, value: Any, fmt: str) -> Cell:
        return MULTI_SEPARATOR.join(str(v) for v in value or [] if v)


@dataclass(frozen=True)
class Date:
    """HTCDS Date: ISO 8601 text (also ``2024/5/1`` and ``2024年5月1日``), Excel date cells
    and Excel serial numbers; within IOM's range, and not in the future if ``past``."""

    past: bool = False

    def parse(self, raw: Cell) -> datetime.date | None:
        if raw is None or raw == "":
            return None
        if isinstance(raw, datetime.datetime):
            value = raw.date()
        elif isinstance(raw, datetime.date):
            value = raw
        elif isinstance(raw, int | float) and not isinstance(raw, bool):
            value = self._from_serial(raw)
        else:
            value = self._from_text(text_of(raw))
        highest = min(LAST_DATE, timezone.localdate()) if self.past else LAST_DATE
        if not FIRST_DATE <= value <= highest:
            raise CellError(
                _("{value} is out of range ({low} to {high}).").format(
                    value=value.isoformat(), low=FIRST_DATE.isoformat(), high=highest.isoformat()
                )
            )
        return value

    @staticmethod
    def _from_serial(number: float) -> datetime.date:
        from openpyxl.utils.datetime import from_excel

        try:
            converted = from_excel(number)
        except (ValueError, OverflowError, TypeError):
            converted = None
        if not isinstance(converted, datetime.datetime):
            raise CellError(_("“{value}” is not a date. Use YYYY-MM-DD.").format(value=number))
        return converted.date()

    @staticmethod
    def _from_text(text: str) -> datetime.date:
        match = ISO_DATE.match(text) or YMD_DATE.match(text)
        try:
            if match is None:
                raise ValueError(text)
            year, month, day = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
        except ValueError:
            raise CellError(
                _("“{value}” is not a date. Use YYYY-MM-DD.").format(value=text)
            ) from None

    def to_cell(self, value: Any, fmt: str) -> Cell:
        if value is None:
            return None if fmt == XLSX else ""
        return value if fmt == XLSX else value.isoformat()


@dataclass(frozen=True)
class Number:
    """HTCDS Number (whole numbers within ``low``..``high``)."""

    low: int = 0
    high: int = 120

    def parse(self, raw: Cell) -> int | None:
        text = text_of(raw)
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            number = float("nan")
        if not number.is_integer():
            raise CellError(_("“{value}” is not a whole number.").format(value=text))
        if not self.low <= number <= self.high:
            raise CellError(
                _("{value} is out of range ({low} to {high}).").format(
                    value=text, low=self.low, high=self.high
                )
            )
        return int(number)

    def to_cell(self, value: Any, fmt: str) -> Cell:
        if value is None:
            return None if fmt == XLSX else ""
        return int(value) if fmt == XLSX else str(int(value))


@dataclass(frozen=True)
class Checkbox:
    """HTCDS Checkbox: TRUE/FALSE (Excel booleans in XLSX)."""

    def parse(self, raw: Cell) -> bool | None:
        if isinstance(raw, bool):
            return raw
        text = text_of(raw).casefold()
        if not text:
            return None
        if text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
        raise CellError(_("“{value}” is not TRUE or FALSE.").format(value=text_of(raw)))

    def to_cell(self, value: Any, fmt: str) -> Cell:
        flag = bool(value)
        if fmt == XLSX:
            return flag
        return "TRUE" if flag else "FALSE"


@dataclass(frozen=True)
class Picklist:
    """HTCDS Picklist: one of ``choices`` (the standard's value names). Reads the value names
    in any case and spacing, and the display labels of IOM's template lists (``labels``)."""

    choices: tuple[str, ...]
    labels: tuple[str, ...] = ()
    lookup: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        table: dict[str, str] = {}
        for code in self.choices:
            table[fold(code)] = code
        for code, label in zip(self.choices, self.labels, strict=False):
            table.setdefault(fold(label), code)
        object.__setattr__(self, "lookup", table)

    def code(self, text: str) -> str:
        code = self.lookup.get(fold(text))
        if code is None:
            raise CellError(
                _("“{value}” is not allowed. Allowed values: {allowed}.").format(
                    value=text, allowed=", ".join(self.choices)
                )
            )
        return code

    def parse(self, raw: Cell) -> str:
        text = text_of(raw)
        if not text:
            return ""
        if fold(text) in self.lookup:  # also labels that contain ";"
            return self.lookup[fold(text)]
        parts = [p for p in SEPARATORS.split(text) if p]
        if len(parts) > 1:
            raise CellError(_("This column takes one value only."))
        return self.code(text)

    def to_cell(self, value: Any, fmt: str) -> Cell:
        return str(value or "")


@dataclass(frozen=True)
class Multiselect(Picklist):
    """HTCDS Multiselect Picklist: choices separated by ``;`` (IOM's template writes ``; ``)."""

    def parse(self, raw: Cell) -> list[str]:  # type: ignore[override]
        text = text_of(raw)
        if not text:
            return []
        codes: list[str] = []
        for part in SEPARATORS.split(text):
            if part:
                code = self.code(part)
                if code not in codes:
                    codes.append(code)
        return codes

    def to_cell(self, value: Any, fmt: str) -> Cell:
        return MULTI_SEPARATOR.join(str(v) for v in value or [])


def _country_code(text: str) -> str:
    code = countries.alpha2(text) if len(text) in (2, 3) or text.isdigit() else ""
    if not code:
        for language in dict.fromkeys(("en", get_language() or "en")):
            found = countries.by_name(text, language=language)
            if isinstance(found, str) and found:
                code = found
                break
    if not code:
        raise CellError(
            _("“{value}” is not a country (ISO 3166-1 code or English name).").format(value=text)
        )
    return str(code)


def _codes(values: Iterable[Any]) -> list[str]:
    return [str(getattr(v, "code", v)) for v in values if str(getattr(v, "code", v))]


@dataclass(frozen=True)
class Countries:
    """ISO 3166-1 alpha-2 codes, ``; ``-separated (reads alpha-3, numeric and names too)."""

    def parse(self, raw: Cell) -> list[str]:
        codes: list[str] = []
        for part in SEPARATORS.split(text_of(raw)):
            if part and (code := _country_code(part)) not in codes:
                codes.append(code)
        return codes

    def to_cell(self, value: Any, fmt: str) -> Cell:
        return MULTI_SEPARATOR.join(_codes(value or []))


@dataclass(frozen=True)
class Country:
    """One ISO 3166-1 alpha-2 code (HTCDS event countries are Text; we keep them codes)."""

    def parse(self, raw: Cell) -> str:
        text = text_of(raw)
        return _country_code(text) if text else ""

    def to_cell(self, value: Any, fmt: str) -> Cell:
        return str(getattr(value, "code", value) or "")


@dataclass(frozen=True)
class Language:
    """HTCDS language picklists: ISO 639-2 codes (two-letter ISO 639-1 codes also accepted).

    Haven stores its own codes (``zh-hans``, ``en``, ...); ``haven_to_iso`` maps them to the
    three-letter codes written on export, ``iso_to_haven`` the codes read back.
    """

    haven_to_iso: Mapping[str, str]
    iso_to_haven: Mapping[str, str]
    known: Sequence[str]

    def parse(self, raw: Cell) -> str:
        text = text_of(raw).casefold().replace("_", "-")
        if not text:
            return ""
        if text in self.iso_to_haven:
            return self.iso_to_haven[text]
        if text in self.known:
            return text
        raise CellError(_("“{value}” is not a language code (ISO 639).").format(value=text))

    def to_cell(self, value: Any, fmt: str) -> Cell:
        text = str(value or "")
        return self.haven_to_iso.get(text, text)


Converter = Text | TextList | Date | Number | Checkbox | Picklist | Countries | Country | Language
