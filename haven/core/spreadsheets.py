"""The defence against spreadsheet formula injection, for every CSV and XLSX Haven writes.

A text cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return is written with a
leading ``'`` so that Excel, LibreOffice and Google Sheets show it as text instead of running
it. Text already starting with ``'`` followed by one of those gets one more ``'``, so
``restore`` strips exactly one and every value read back comes back unchanged.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def neutralise(value: Any) -> Any:
    """``value`` safe to put in a spreadsheet cell (only text is ever changed)."""
    if not isinstance(value, str) or not value:
        return value
    if value.startswith(FORMULA_STARTS) or (
        value.startswith(QUOTE) and value[1:].startswith(FORMULA_STARTS)
    ):
        return QUOTE + value
    return value


def restore(value: Any) -> Any:
    """Undo ``neutralise`` on a cell read back."""
    if (
        isinstance(value, str)
        and value.startswith(QUOTE)
        and value[1:].startswith((*FORMULA_STARTS, QUOTE))
    ):
        return value[1:]
    return value
