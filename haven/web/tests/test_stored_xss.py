"""Stored hostile text is inert wherever it is shown (issue 9).

A world with objects of every kind is made through the real services; then every free-text
field of every row of every Haven model is overwritten with markup, template probes and
spreadsheet formulas carrying a marker of the field (``xss_world``). Every page, chart, API
endpoint and export a GET reaches (the URL matrix names them all) is fetched as the first
organisation-A user allowed to, and:

- no element or attribute came from a payload: no ``<script>`` or ``on…`` attribute holding
  a marker, no ``javascript:`` link, no text that starts with a marker (the markup before it
  was taken as markup); no template probe was evaluated (``{{7*7}}``, ``{%if 1%}``);
- every swept field's marker is seen, escaped, on some page, unless the field is listed in
  ``NOT_SHOWN`` with the reason: the payloads really reached the pages;
- API answers are JSON and every answer says ``X-Content-Type-Options: nosniff``;
- no CSV or XLSX cell starts with a formula character, and no XLSX cell is a formula.

Routes that a GET does not reach as a page (``NOT_PAGES``: POST-only routes, and routes that
only redirect until a form is posted) are not crawled.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import openpyxl
from django.urls import reverse

from conftest import build_world
from haven.accounts import policy
from haven.accounts.roles import Role
from haven.web.tests import xss_fields, xss_world
from haven.web.tests.matrix import PUBLIC, SIGNED_IN, Spec
from haven.web.tests.test_url_matrix import TABLE

MARKER = re.compile(r"xss_[0-9a-z]{2}")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
# Pages are read by the first of these organisation-A users allowed to (anonymous for public
# routes): the system administrator reaches every organisation's users, partners and audit.
ROLES = (
    Role.SYSADMIN,
    Role.COORDINATOR,
    Role.CASEWORKER,
    Role.SCREENER,
    Role.SHELTER_MANAGER,
    Role.ANALYST,
    Role.TRAINER,
    Role.TRAINEE,
    Role.ORG_ADMIN,
)

# Routes that answer with a file (CSV, XLSX, PDF, SVG, an envelope).
FILES = {
    "api:case_export",
    "exchange:download",
    "shelters:capacity_export",
    "stats:chart_csv",
    "stats:chart_svg",
    "stats:export_download",
    "stats:report_file",
    "training:cohort_export",
}
# Routes a GET does not reach as a page: POST-only, or only a redirect until a form is posted
# (accounts:login, accounts:login_verify, screening:resume, shelters:admit_referral, ...).
NOT_PAGES = {name for name, spec in TABLE.items() if spec.method != "get" or 200 not in spec.ok}
PAGES = {n for n, s in TABLE.items() if not s.api and n not in NOT_PAGES | FILES}
API = {n for n, s in TABLE.items() if s.api and n not in NOT_PAGES | FILES}
# API routes that do not answer JSON.
NOT_JSON = {
    "api:case_document": "application/pdf",
    "api:docs": "text/html",
    "api:schema": "application/vnd.oai.openapi",
}

# Swept fields that no page shows, and why. A field listed here that a page does show fails
# the sweep (take it off the list: the sweep then checks it).
NOT_SHOWN: dict[str, str] = {
    "cases.Consent.guardian": "the consent table shows purpose and state (API only)",
    "cases.Consent.language": "the consent table shows purpose and state (API only)",
    "cases.Consent.witness": "the consent table shows purpose and state (API only)",
    "cases.Proceeding.notes": "the case shows kind, status and authority (API only)",
    "cases.TraffickingEvent.street": "the case shows city and country (API only)",
    "exchange.Transfer.remote_organisation": "the partner's organisation id; its name is shown",
    "screening.Screening.interview_language": "copied into the consent at registration (API)",
    "screening.Screening.no_referral_reason": "the result says no referral was made (API)",
    "stats.GlobalRecord.age_band": "compared with fixed bands, never shown",
    "stats.GlobalRecord.datasource": "kept from the file, never shown",
    "stats.GlobalRecord.majority": "kept from the file, never shown",
}


# ---------------------------------------------------------------------------------- checks


class Inspector(HTMLParser):
    """Finds markup that came from a payload in an HTML (or SVG) document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._raw: str | None = None  # inside <script> or <style>
        self._opened: str | None = None  # the start tag just before the next text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and "xss_" in value:
                self.problems.append(f"<{tag} {name}={value[:60]!r}>")
            if name in URL_ATTRIBUTES and value.strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value[:60]!r}>")
        if tag in ("script", "style"):
            self._raw = tag
        self._opened = tag

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._opened = None

    def handle_endtag(self, tag: str) -> None:
        if tag == self._raw:
            self._raw = None
        self._opened = None

    def handle_data(self, data: str) -> None:
        if self._raw and "xss_" in data:
            self.problems.append(f"<{self._raw}> holding {data[:60]!r}")
        elif self._opened and MARKER.match(data):
            # No payload starts with its marker: the markup before it was parsed.
            self.problems.append(f"<{self._opened}> opened by a payload: {data[:60]!r}")
        self._opened = None


def html_problems(body: str) -> list[str]:
    inspector = Inspector()
    inspector.feed(body)
    inspector.close()
    problems = inspector.problems
    text = html.unescape(body)
    for marker in sorted(set(MARKER.findall(text))):
        if marker + "49" in text or marker + "EV" in text:
            problems.append(f"template probe evaluated after {marker}")
    return problems


def _numeric(text: str) -> bool:
    return bool(re.fullmatch(r"[+-]?\d+([.,]\d+)?%?", text.strip()))


def _xlsx_cells(content: bytes) -> Iterator[Any]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            yield from row


def formula_problems(content: bytes, kind: str) -> tuple[list[str], set[str]]:
    """Cells a spreadsheet would take as a formula, and the markers seen."""
    problems, seen = [], set()
    cells: Iterator[tuple[str, Any, bool]]
    if kind == "xlsx":
        cells = ((c.coordinate, c.value, c.data_type == "f") for c in _xlsx_cells(content))
    else:
        rows = csv.reader(io.StringIO(content.decode("utf-8-sig")))
        cells = ((f"{r}:{c}", v, False) for r, row in enumerate(rows) for c, v in enumerate(row))
    for where, value, formula in cells:
        if formula:
            problems.append(f"{where}: formula {value[:60]!r}")
        elif isinstance(value, str):
            seen |= set(MARKER.findall(value))
            if value.startswith(xss_fields.FORMULA_STARTS) and not _numeric(value):
                problems.append(f"{where}: {value[:60]!r}")
    return problems, seen


# ---------------------------------------------------------------------------------- crawl


@dataclass
class Hostile:
    world: Any
    swept: xss_fields.Swept
    pages: list[xss_world.Page]


def hostile_world(on_commit: Any, *, files: bool = False) -> Hostile:
    """``on_commit``: pytest-django's ``django_capture_on_commit_callbacks`` (imports and
    deliveries run when the transaction commits)."""
    world = build_world()
    with on_commit(execute=True):
        pages = xss_world.populate(world)
    swept = xss_fields.sweep()
    xss_fields.hostile_audit_events(world, swept)
    if files:
        pages += xss_world.files_after_sweep(world)
    return Hostile(world=world, swept=swept, pages=pages)


@dataclass
class Crawl:
    problems: list[str] = field(default_factory=list)
    seen_html: set[str] = field(default_factory=set)
    seen_api: set[str] = field(default_factory=set)
    seen_files: set[str] = field(default_factory=set)
    files: list[str] = field(default_factory=list)
    visited: set[str] = field(default_factory=set)
    content_types: dict[str, set[str]] = field(default_factory=dict)


def _allowed(spec: Spec, user: Any) -> bool:
    if spec.access in (PUBLIC, SIGNED_IN):
        return True
    return policy.has_any(user, *spec.access)


def _reader(world: Any, spec: Spec) -> Any:
    """The first organisation-A user in ``ROLES`` allowed to GET the route; None (anonymous)
    for a public route."""
    if spec.access == PUBLIC:
        return None
    return next(u for u in (world.user(r) for r in ROLES) if _allowed(spec, u))


def _urls(name: str, kwargs: dict[str, Any] | None) -> list[str]:
    """Some routes have several URLs: every chart section, every file format."""
    from haven.stats import sections

    if name in ("stats:chart_svg", "stats:chart_csv", "api:stats_section"):
        return [reverse(name, kwargs={"key": s.key}) for s in sections.ordered()]
    url = reverse(name, kwargs=kwargs)
    if name == "training:cohort_export":
        return [f"{url}?format=csv", f"{url}?format=xlsx"]
    if name == "api:case_export":
        return [f"{url}?output=csv", f"{url}?output=xlsx"]
    return [url]


def inspect(found: Crawl, name: str, where: str, response: Any) -> None:
    kind = response.get("Content-Type", "")
    found.content_types.setdefault(name, set()).add(kind.split(";")[0])
    if response.get("X-Content-Type-Options") != "nosniff":
        found.problems.append(f"{where}: no X-Content-Type-Options: nosniff")
    body = response.content
    if kind.startswith(("text/html", "image/svg+xml")):
        text = body.decode("utf-8")
        found.problems += [f"{where}: {p}" for p in dict.fromkeys(html_problems(text))]
        found.seen_html |= set(MARKER.findall(html.unescape(text)))
    elif kind.startswith("application/json"):
        found.seen_api |= set(MARKER.findall(body.decode("utf-8")))
    elif kind.startswith("text/csv") or "spreadsheetml" in kind:
        problems, seen = formula_problems(body, "csv" if "csv" in kind else "xlsx")
        found.problems += [f"{where}: {p}" for p in problems]
        found.seen_files |= seen
        found.files.append(where)


def _fetch(found: Crawl, client: Any, name: str, user: Any, urls: list[str]) -> None:
    if user is None:
        client.logout()
    else:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    for url in urls:
        response = client.get(url)
        where = f"{name} as {user.username if user else 'anonymous'} ({url})"
        if response.status_code >= 500:
            found.problems.append(f"{where}: {response.status_code}")
        elif response.status_code == 200:
            found.visited.add(name)
            inspect(found, name, where, response)


def crawl(hostile: Hostile, client: Any, names: set[str]) -> Crawl:
    """GET every route in ``names`` (with the URL matrix's objects of org A), then the extra
    pages ``xss_world`` made for objects in other states."""
    world, found = hostile.world, Crawl()
    for name in sorted(names):
        spec = TABLE[name]
        user = _reader(world, spec)
        kwargs = spec.kwargs(world, user, False) if spec.kwargs else None
        _fetch(found, client, name, user, _urls(name, kwargs))
    for page in hostile.pages:
        if page.name in names:
            url = reverse(page.name, kwargs=page.kwargs) + page.query
            _fetch(found, client, page.name, _reader(world, TABLE[page.name]), [url])
    return found


# ---------------------------------------------------------------------------------- tests


def test_every_text_field_is_swept_or_exempt():
    """A new JSON field or blind index must be classified; a new text field is swept (and
    must then be shown on some page, or be listed in NOT_SHOWN with the reason)."""
    assert xss_fields.unclassified() == []
    assert xss_fields.stale() == []
    assert set(NOT_SHOWN) <= set(xss_fields.swept_labels())


def test_the_checks_find_live_markup_and_formulas():
    """The checks themselves: live markup, evaluated probes and formulas are found; the same
    text escaped is not."""
    live = [
        "<td><script>xss_0a()</script></td>",
        '<td>"><img src=x onerror=xss_0b()></td>',
        "<td>'><svg onload=xss_0c()></td>",
        '<a href=" JavaScript:xss_0d()">x</a>',
        "<td>+<i>xss_0e</i></td>",
        "<td>= xss_0f49</td>",
        "<td>= xss_0gEV</td>",
    ]
    for body in live:
        assert html_problems(body), body
    escaped = [html.escape(xss_fields.payload_text(f"xss_0{n}", n)) for n in range(4)]
    assert html_problems("".join(f"<td>{e}</td>" for e in escaped)) == []
    assert html_problems(f'<input value="{escaped[1]}">') == []

    assert formula_problems(b"a,b\r\n-3,=1+1\r\n", "csv")[0] == ["1:1: '=1+1'"]
    assert formula_problems("\ufeff'=xss_0a,-2.5\r\n".encode(), "csv") == ([], {"xss_0a"})


def test_pages_show_stored_payloads_inert(db, client, django_capture_on_commit_callbacks):
    hostile = hostile_world(django_capture_on_commit_callbacks)
    swept = hostile.swept
    assert set(swept.rows) == set(swept.marker_of), "a swept field has no row: make one"

    found = crawl(hostile, client, PAGES | {"stats:chart_svg"})

    assert found.problems == []
    assert PAGES - found.visited == set()
    unseen = {
        name
        for name, marker in swept.marker_of.items()
        if marker not in found.seen_html and name not in NOT_SHOWN
    }
    assert unseen == set(), "swept but never shown: show it, or list it in NOT_SHOWN"
    shown = {name for name in NOT_SHOWN if swept.marker_of[name] in found.seen_html}
    assert shown == set(), "listed in NOT_SHOWN but shown: take it off the list"


def test_api_answers_json_with_nosniff(db, client, django_capture_on_commit_callbacks):
    hostile = hostile_world(django_capture_on_commit_callbacks)
    found = crawl(hostile, client, API)

    assert found.problems == []
    assert API - found.visited == set()
    types = {name: kinds for name, kinds in found.content_types.items() if name not in NOT_JSON}
    assert {name for name, kinds in types.items() if kinds != {"application/json"}} == set()
    assert {n: found.content_types[n] for n in NOT_JSON} == {n: {t} for n, t in NOT_JSON.items()}
    assert len(found.seen_api) > len(hostile.swept.marker_of) // 2


def test_exports_neutralise_formulas(db, client, django_capture_on_commit_callbacks):
    hostile = hostile_world(django_capture_on_commit_callbacks, files=True)
    spreadsheets = FILES - {"stats:chart_svg", "exchange:download"}
    found = crawl(hostile, client, spreadsheets)
    client.force_login(
        hostile.world.user(Role.COORDINATOR), backend="django.contrib.auth.backends.ModelBackend"
    )
    for fmt in ("csv", "xlsx"):
        response = client.post(reverse("cases:export"), {"format": fmt})
        assert response.status_code == 200
        inspect(found, "cases:export", f"cases:export ({fmt})", response)

    assert found.problems == []
    assert {where.split(" ")[0] for where in found.files} == spreadsheets | {"cases:export"}
    kinds = {kind for name, kinds in found.content_types.items() for kind in kinds}
    assert {
        "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    } <= kinds
    marker_of = hostile.swept.marker_of
    exported = {
        "accounts.Organisation.name": "annual report, shelter capacity",
        "accounts.User.full_name": "training cohort",
        "accounts.User.username": "training cohort",
        "cases.Person.family_name": "HTCDS",
        "cases.TraffickingEvent.description": "HTCDS",
        "shelters.Shelter.name": "shelter capacity",
        "training.Workshop.title": "training cohort",
    }
    assert {n for n in exported if marker_of[n] not in found.seen_files} == set()


def test_charts_escape_hostile_labels():
    """Charts are drawn by our own code and inlined in the dashboard as they are (``|safe``):
    a hostile title and row labels (the referrals chart names organisations) stay inert."""
    from haven.stats import render
    from haven.stats.charts import Cell, Chart, Row

    payloads = [xss_fields.payload_text(f"xss_1{n}", n) for n in range(4)]
    rows = [
        Row(key=str(n), label=p, cells=[Cell(n + 1, str(n + 1))]) for n, p in enumerate(payloads)
    ]
    for kind in ("bars", "columns"):
        chart = Chart(key="x", title=payloads[0], kind=kind, columns=["n"], rows=rows, k=1)
        svg = render.svg(chart)
        assert html_problems(svg) == []
        assert {f"xss_1{n}" for n in range(4)} <= set(MARKER.findall(html.unescape(svg)))
        assert formula_problems(render.csv_bytes(chart), "csv")[0] == []
