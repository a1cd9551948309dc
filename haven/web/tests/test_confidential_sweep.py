"""Confidential values reach only the users who may see them.

``confidential_world`` makes records whose identity fields, notes, shelter address and
documents are unique markers, each with the (capability, object) pairs that may read it.
Then an anonymous visitor, every role of org A and of org B (each has a system
administrator and a coordinator) and a third organisation's coordinator request every URL
pattern of the URL matrix with its row's kwargs (web and API, on org A's objects; for users
outside org A the case rows on org B's case too), the scene's own pages and the downloads
(documents, HTCDS export, statistics exports, annual report PDF and XLSX, the key set,
metrics with their token). Each body (and what it packs: XLSX members, PDF streams and the
text they show, base64), each header and each URL is searched for the markers in every
spelling; a marker found for a user ``policy.can`` does not admit is a leak. Caseworkers
also search for org A's person by name. The log records of the whole test (DEBUG) and the
audit trail may hold no marker at all.

The search can fail: every marker shown to its owners is found for one of them, every
category reaches a user who may see it, and the search finds every spelling and packing
(``test_the_search_finds_markers_in_every_spelling_and_packing``). The users are split in
four groups so that ``pytest -n`` runs them side by side.
"""

from __future__ import annotations

import base64
import io
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from haven.accounts.roles import Role, capabilities_of
from haven.audit.models import AuditEvent
from haven.exchange import transport
from haven.exchange.tests import url_matrix as exchange_matrix
from haven.referrals.tests.factories import third
from haven.stats.tests import url_matrix as stats_matrix
from haven.web.tests import confidential_markers as cm
from haven.web.tests import confidential_search as cs
from haven.web.tests import confidential_world as cw
from haven.web.tests import test_url_matrix as url_matrix
from haven.web.tests.test_url_matrix import TABLE

pytestmark = pytest.mark.django_db

METRICS_TOKEN = "sweep-metrics-token"
GROUPS = ("org_a_readers", "org_a_others", "org_b", "outsiders")
SOUGHT = "Vorzelkind"  # the family name of org A's person, typed into searches


@dataclass(frozen=True)
class Target:
    name: str
    url: str
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Finding:
    user: str
    name: str
    url: str
    category: str
    where: str
    part: str

    def __str__(self) -> str:
        return f"{self.user} | {self.name} {self.url} | {self.category}: {self.where} ({self.part})"


def _users(world: Any, group: str) -> list[tuple[str, Any]]:
    """(label, user) of a group; ``None`` is the anonymous visitor. Org A's roles are split
    by whether ``roles.py`` gives them a capability that reads some marker."""
    if group.startswith("org_a"):
        readers = group == "org_a_readers"
        return [
            (f"{role.value} A", world.user(role))
            for role in Role
            if bool(set(capabilities_of(role)) & cm.READING) == readers
        ]
    if group == "org_b":
        return [(f"{role.value} B", world.user(role, other=True)) for role in Role]
    return [("anonymous", None), ("coordinator C", third(world).user(Role.COORDINATOR))]


# Rows about a case: for users outside org A they are also requested on org B's case (the
# case org B referred to org A, whose person stays in org A's shelter).
CASE_ROWS = {
    url_matrix.case_kwargs,
    url_matrix.case_document_kwargs,
    url_matrix.case_item_kwargs,
    url_matrix.case_task_kwargs,
    url_matrix.referral_case_kwargs,
    exchange_matrix.case_kwargs,
}
# The OpenAPI schema is made from the code alone: one signed-in user of each group reads it.
STATIC = {"api:schema", "api:docs"}


def _targets(
    world: Any, scene: cm.Scene, user: Any, other_side: bool, static: bool
) -> Iterator[Target]:
    """Every URL pattern of the matrix on org A's objects (and the case rows on org B's case
    if ``other_side``), the scene's own pages and the downloads."""
    actor = user or world.user(Role.ORG_ADMIN)
    for name, spec in sorted(TABLE.items()):
        if name in STATIC and not static:
            continue
        for other in (False, True) if spec.kwargs in CASE_ROWS and other_side else (False,):
            kwargs = spec.kwargs(world, actor, other) if spec.kwargs else None
            yield Target(name, reverse(name, kwargs=kwargs))
    for name, kwargs, query in scene.extra:
        yield Target(name, reverse(name, kwargs=kwargs) + query)
    report = stats_matrix.report_kwargs(world, actor, False)
    yield Target(
        "stats:report_file", reverse("stats:report_file", kwargs={**report, "kind": "xlsx"})
    )
    yield Target("api:case_export", reverse("api:case_export") + "?output=csv")
    yield Target("stats:chart_csv", reverse("stats:chart_csv", kwargs={"key": "age"}))
    yield Target(
        "ops:metrics", reverse("ops:metrics"), (("HTTP_AUTHORIZATION", f"Bearer {METRICS_TOKEN}"),)
    )


def _body(response: Any) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return bytes(response.content)


def _headers(response: Any, url: str) -> bytes:
    lines = [url, *(f"{key}: {value}" for key, value in response.items())]
    lines.append(response.cookies.output())
    return "\n".join(lines).encode()


class Sweep:
    """Requests and what they showed: leaks, and the markers each reader did receive."""

    def __init__(self, scene: cm.Scene) -> None:
        self.scene = scene
        self.needles = cs.Needles.of(scene.markers)
        self.leaks: list[Finding] = []
        self.seen: set[int] = set()  # found for a user who may see it
        self.seen_by_owner: set[int] = set()  # found for one of its owners
        self.requests = 0
        self._bodies: dict[bytes, set[int]] = {}

    def check(
        self, label: str, allowed: set[int], owned: set[int], name: str, url: str, response: Any
    ) -> None:
        self.requests += 1
        body = _body(response)
        if body not in self._bodies:
            self._bodies[body] = cs.search(self.needles, body)
        for part, found in (
            ("body", self._bodies[body]),
            ("headers", self.needles.find(_headers(response, url))),
        ):
            self.seen |= found & allowed
            self.seen_by_owner |= found & owned
            for index in sorted(found - allowed):
                marker = self.scene.markers[index]
                self.leaks.append(Finding(label, name, url, marker.category, marker.where, part))


def _crawl(world: Any, client: Any, scene: cm.Scene, group: str) -> Sweep:
    sweep = Sweep(scene)
    static = True
    for label, user in _users(world, group):
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        allowed = {i for i, m in enumerate(scene.markers) if user and m.may_see(user)}
        owned = {i for i, m in enumerate(scene.markers) if user and m.owned_by(user)}
        urls = set()
        other_side = not group.startswith("org_a")
        targets = _targets(world, scene, user, other_side=other_side, static=static)
        static = static and user is None
        for target in targets:
            if target.url in urls and not target.headers:
                continue
            urls.add(target.url)
            response = client.get(target.url, **dict(target.headers))
            sweep.check(label, allowed, owned, target.name, target.url, response)
        if user is not None and user.username.startswith("caseworker"):
            reads = any(m.text == SOUGHT and i in allowed for i, m in enumerate(scene.markers))
            _search_by_name(client, sweep, label, allowed, owned, reads_person=reads)
        client.logout()
    return sweep


def _search_by_name(
    client: Any, sweep: Sweep, label: str, allowed: set[int], owned: set[int], reads_person: bool
) -> None:
    """A caseworker looks for org A's person by name: the results show only what they may
    see, and the names typed stay out of URLs, logs and the audit trail. The case list
    shows the name typed back in its form, so only a reader of the person uses it."""
    if reads_person:
        url = reverse("cases:list")
        response = client.post(url, {"q": SOUGHT})
        sweep.check(label, allowed, owned, "cases:list (search)", url, response)
        assert response.status_code == 302, (label, response.status_code)
        location = response["Location"]
        response = client.get(location)
        sweep.check(label, allowed, owned, "cases:list (search)", location, response)
        assert response.status_code == 200
    for name, data in (
        ("api:case_search", {"search": "篁翊飏"}),
        ("api:case_search", {"search": "Quillabeth Vorzelkind"}),
        ("api:case_duplicate_check", {"family_name": "Vorzelkind", "given_names": "Quillabeth"}),
    ):
        response = client.post(reverse(name), data, content_type="application/json")
        assert response.status_code == 200, (label, name, response.status_code)
        answer = json.loads(response.content)
        found = answer.get("results", answer.get("candidates"))
        assert bool(found) == reads_person, (label, name, found)
        sweep.check(label, allowed, owned, name, reverse(name), response)


def _log_text(caplog: Any) -> bytes:
    parts = []
    for record in caplog.records:
        parts.append(record.getMessage())
        parts.append(repr(record.__dict__))
    return "\n".join(parts).encode()


def _audit_text() -> bytes:
    rows = list(AuditEvent.objects.values())
    return json.dumps(rows, default=str, ensure_ascii=False).encode()


def _refuse(url: str, token: str) -> transport.Reply:
    """The network, as this test sees it: the partner is not reachable."""
    return transport.Reply(503, {})


@pytest.mark.parametrize("group", GROUPS)
def test_confidential_values_reach_only_those_who_may_see_them(
    world, client, caplog, settings, monkeypatch, group
):
    monkeypatch.setattr(transport, "post", _refuse)
    settings.HAVEN_METRICS_TOKEN = METRICS_TOKEN
    for logger in ("haven", "django", "django.request", "django.security"):
        caplog.set_level(logging.DEBUG, logger=logger)
    scene = cw.build(world)

    sweep = _crawl(world, client, scene, group)

    assert not sweep.leaks, "\n".join(str(leak) for leak in sweep.leaks)
    everything = [("log records", _log_text(caplog)), ("audit trail", _audit_text())]
    for where, text in everything:
        found = sorted(scene.markers[i].where for i in cs.search(sweep.needles, text))
        assert not found, (where, found)

    # The search finds what is there: every marker shown to its owners (the case's
    # organisation, the shelter's staff) was found for one of them when the group has one,
    # and every category reaches someone of the group who may see it.
    users = [user for _label, user in _users(world, group) if user is not None]
    owned = {
        i for i, m in enumerate(scene.markers) if m.shown and any(m.owned_by(u) for u in users)
    }
    missing = sorted(scene.markers[i].where for i in owned - sweep.seen_by_owner)
    assert not missing, f"never shown to an owner in {group}: {missing}"
    categories = {scene.markers[i].category for i in sweep.seen}
    wanted = {
        "org_a_readers": set(cm.CATEGORIES),
        "org_b": {cm.IDENTITY, cm.NOTES, cm.DOCUMENT},
    }
    assert categories >= wanted.get(group, set()), (group, categories)
    assert sweep.requests > 250 * len(users or [None]), sweep.requests


def test_the_search_finds_markers_in_every_spelling_and_packing():
    """The search itself can fail: a marker written plainly, upper-cased, JSON-escaped,
    percent-encoded, as character references, anywhere inside base64 data, inside an XLSX file
    or shown by a PDF (glyph codes of an embedded font) is found; other text is not."""
    from openpyxl import Workbook
    from weasyprint import HTML

    markers = [
        cm.Marker("Vorzelkind", cm.IDENTITY, "name", ()),
        cm.Marker("篁翊飏", cm.IDENTITY, "alias", ()),
        cm.Marker("Cinderpath Row", cm.SHELTER, "address", ()),
    ]
    needles = cs.Needles.of(markers)
    book = Workbook()
    book.active.append(["HV-2026-000001", "Cinderpath Row 612"])
    xlsx = io.BytesIO()
    book.save(xlsx)
    bodies = {
        "plain": b"<td>VORZELKIND</td>",
        "json": json.dumps({"alias": "篁翊飏"}).encode(),
        "percent": b"/cases/?q=Cinderpath%20Row",
        "references": b"<p>&#31681;&#32714;&#39119;</p>",
        "hex references": b"<p>&#x7BC1;&#x7FCA;&#x98CF;</p>",
        "base64": base64.b64encode(b"xx" + "name: 篁翊飏".encode()),
        "base64url": base64.urlsafe_b64encode(b'{"n":"Vorzelkind"}').rstrip(b"="),
        "xlsx": xlsx.getvalue(),
        "pdf": HTML(string="<p>Cinderpath Row 612</p>").write_pdf(),
    }
    found = {
        kind: {markers[i].where for i in cs.search(needles, body)} for kind, body in bodies.items()
    }
    assert found == {
        "plain": {"name"},
        "json": {"alias"},
        "percent": {"address"},
        "references": {"alias"},
        "hex references": {"alias"},
        "base64": {"alias"},
        "base64url": {"name"},
        "xlsx": {"address"},
        "pdf": {"address"},
    }
    assert not cs.search(needles, b"<p>Vorzel kind, Cinder path</p>" + xlsx.getvalue()[:40])
