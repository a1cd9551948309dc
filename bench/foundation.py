"""Foundation pages at national scale: the audit trail and user list with many events.

``python bench/run.py foundation [--events N]`` (default 1,000,000 audit events: the DESIGN's
national deployment). Reports p50/p95 of each page next to a minimal view on the same
server (``/health/live``) and the ratio, to ``bench/results/foundation-<db>.json``.
"""

from __future__ import annotations

import io
import sys
from functools import partial
from typing import Any

from bench.common import setup_django, timings, write


def _arg(flags: list[str], name: str, default: int) -> int:
    for flag in flags:
        if flag.startswith(f"--{name}="):
            return int(flag.split("=", 1)[1])
    return default


def main(flags: list[str]) -> dict[str, Any]:
    vendor = setup_django()
    from django.core.management import call_command
    from django.test import Client

    from haven.audit.models import AuditEvent

    events = _arg(flags, "events", 1_000_000)
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("demo", stdout=io.StringIO())
    have = AuditEvent.objects.count()
    if have < events:
        print(f"generating about {events - have} audit events ...", file=sys.stderr)
        call_command("demo", "--scale", str(max(1, (events - have) // 10)), stdout=sys.stderr)
    total = AuditEvent.objects.count()

    results: dict[str, Any] = {"audit_events": total}
    client = Client(HTTP_HOST="127.0.0.1")
    results["minimal_view"] = timings(lambda: client.get("/health/live"), 300)
    base = results["minimal_view"]["p95_ms"]
    pages = {
        "sysadmin": [
            "/audit/",
            "/audit/?action=auth.login",
            "/users/",
            "/api/v1/audit-events/",
        ],
        "org_admin": ["/audit/", "/users/", "/"],
    }
    for username, urls in pages.items():
        client = Client(HTTP_HOST="127.0.0.1")
        client.post("/account/login/", {"username": username, "password": "haven-demo"})
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            row = timings(partial(client.get, url), 100)
            row["ratio_to_minimal_p95"] = round(row["p95_ms"] / max(base, 0.01), 1)
            results[f"{username} {url}"] = row
    path = write("foundation", vendor, {"results": results})
    print(f"{'page':45} {'p50 ms':>8} {'p95 ms':>8} {'x minimal':>10}")
    for key, row in results.items():
        if isinstance(row, dict):
            print(
                f"{key:45} {row['p50_ms']:8} {row['p95_ms']:8} "
                f"{row.get('ratio_to_minimal_p95', 1.0):10}"
            )
    print(f"audit events: {total}; written to {path}")
    return results
