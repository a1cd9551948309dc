"""Charts drawn by our own code, on the server, as accessible SVG (``role="img"``, ``<title>``
and ``<desc>``), and the same data as CSV. No external assets, no scripts, no style
attributes (presentation attributes only, which the Content-Security-Policy allows)."""

from __future__ import annotations

import csv
import io
import unicodedata
from xml.sax.saxutils import escape, quoteattr

from django.utils.translation import gettext as _

from haven.core.spreadsheets import neutralise
from haven.stats.charts import Chart

# Okabe-Ito palette: distinguishable with colour-blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
FONT = "system-ui, -apple-system, 'Segoe UI', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif"
WIDTH = 680
LABEL_WIDTH = 230
FONT_SIZE = 13


def _text_width(text: str) -> float:
    return sum(
        FONT_SIZE if unicodedata.east_asian_width(ch) in "WF" else FONT_SIZE * 0.56 for ch in text
    )


def _fit(text: str, width: float) -> str:
    if _text_width(text) <= width:
        return text
    while text and _text_width(text + "…") > width:
        text = text[:-1]
    return text + "…"


def _text(
    x: float,
    y: float,
    text: str,
    *,
    anchor: str = "start",
    size: int = FONT_SIZE,
    weight: str = "normal",
    fill: str = "#0b0c0c",
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-weight="{weight}" '
        f'text-anchor="{anchor}" fill="{fill}">{escape(text)}</text>'
    )


def _frame(chart: Chart, height: float, body: list[str], uid: str, fluid: bool) -> str:
    title = escape(chart.title)
    desc = escape(chart.description)
    size = 'width="100%"' if fluid else f'width="{WIDTH}" height="{height:.0f}"'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" {size} '
        f'viewBox="0 0 {WIDTH} {height:.0f}" '
        f'aria-labelledby="{uid}-title {uid}-desc" font-family={quoteattr(FONT)}>'
        f'<title id="{uid}-title">{title}</title><desc id="{uid}-desc">{desc}</desc>'
        f'<rect width="100%" height="100%" fill="#ffffff"/>' + "".join(body) + "</svg>"
    )


def _legend(chart: Chart, y: float) -> tuple[list[str], float]:
    names = [chart.columns[i] for i in chart.plot] if chart.plot else chart.columns
    if len(names) < 2:
        return [], y
    body, x = [], 10.0
    for i, name in enumerate(names):
        width = _text_width(name) + 28
        if x + width > WIDTH - 10:
            x, y = 10.0, y + 20
        body.append(
            f'<rect x="{x:.1f}" y="{y - 11:.1f}" width="12" height="12" '
            f'fill="{PALETTE[i % len(PALETTE)]}"/>'
        )
        body.append(_text(x + 17, y, name))
        x += width
    return body, y + 18


def _bars(chart: Chart, uid: str, fluid: bool) -> str:
    columns = list(chart.plot or range(len(chart.columns)))
    body, top = _legend(chart, 22)
    top += 6
    values = [r.cells[i].value or 0 for r in chart.rows for i in columns]
    peak = max([*values, 1])
    plot = WIDTH - LABEL_WIDTH - 70
    bar, gap = 16, 10
    y = top
    for row in chart.rows:
        block = len(columns) * (bar + 2)
        body.append(
            _text(
                LABEL_WIDTH - 8, y + block / 2 + 4, _fit(row.label, LABEL_WIDTH - 14), anchor="end"
            )
        )
        for n, i in enumerate(columns):
            cell = row.cells[i]
            length = (cell.value or 0) / peak * plot
            colour = PALETTE[n % len(PALETTE)]
            if cell.value:
                body.append(
                    f'<rect x="{LABEL_WIDTH}" y="{y:.1f}" width="{max(length, 1):.1f}" '
                    f'height="{bar}" fill="{colour}"/>'
                )
            elif cell.suppressed:
                body.append(
                    f'<rect x="{LABEL_WIDTH}" y="{y:.1f}" width="6" height="{bar}" '
                    f'fill="none" stroke="{colour}" stroke-dasharray="2,2"/>'
                )
            body.append(_text(LABEL_WIDTH + max(length, 6) + 5, y + bar - 3, cell.display, size=12))
            y += bar + 2
        y += gap
    if not chart.rows:
        body.append(_text(10, y + 14, _("No data for these filters.")))
        y += 24
    return _frame(chart, y + 8, body, uid, fluid)


def _columns(chart: Chart, uid: str, fluid: bool) -> str:
    body, top = _legend(chart, 22)
    top += 10
    plot_h, base_x = 220.0, 50.0
    n = max(len(chart.rows), 1)
    slot = (WIDTH - base_x - 10) / n
    width = min(48.0, slot * 0.7)
    stacks = [sum(c.value or 0 for c in r.cells) for r in chart.rows]
    peak = max([*stacks, 1])
    bottom = top + plot_h
    body.append(
        f'<line x1="{base_x}" y1="{bottom}" x2="{WIDTH - 10}" y2="{bottom}" stroke="#505a5f"/>'
    )
    body.append(_text(base_x - 6, top + 10, str(int(peak)), anchor="end", size=11))
    body.append(_text(base_x - 6, bottom, "0", anchor="end", size=11))
    for index, row in enumerate(chart.rows):
        x = base_x + index * slot + (slot - width) / 2
        y = bottom
        hidden = False
        for i, cell in enumerate(row.cells):
            if cell.suppressed:
                hidden = True
            if not cell.value:
                continue
            h = cell.value / peak * plot_h
            y -= h
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{h:.1f}" '
                f'fill="{PALETTE[i % len(PALETTE)]}"/>'
            )
        label = str(int(stacks[index])) if stacks[index] else ""
        if hidden:
            label = (label + " +" if label else "") + f"<{chart.k}"
        body.append(_text(x + width / 2, y - 4, label, anchor="middle", size=11))
        body.append(
            _text(x + width / 2, bottom + 16, _fit(row.label, slot), anchor="middle", size=11)
        )
    return _frame(chart, bottom + 28, body, uid, fluid)


def svg(chart: Chart, uid: str = "", *, fluid: bool = False) -> str:
    """The chart as SVG; ``fluid``: scales to its container (inline in a page)."""
    uid = uid or f"chart-{chart.key}"
    if chart.kind == "columns":
        return _columns(chart, uid, fluid)
    return _bars(chart, uid, fluid)


def csv_bytes(chart: Chart) -> bytes:
    """The chart's table as CSV (withheld cells as "< k"); text cells cannot start a formula."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Category"), *chart.columns])
    for row in chart.rows:
        writer.writerow([neutralise(row.label), *[c.display for c in row.cells]])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
