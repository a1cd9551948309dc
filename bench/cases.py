"""Case list, name search and case page at national scale (DESIGN section 5).

``python bench/run.py cases [--cases N]`` (default 100,000) on the configured database.
Reports p50/p95 next to a minimal view on the same server, to ``bench/results/cases-<db>.json``.
Target: p95 under 150 ms and within 5x of the minimal view, on PostgreSQL.
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

    from haven.cases.models import Case

    wanted = _arg(flags, "cases", 100_000)
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("demo", stdout=io.StringIO())
    if Case.objects.count() < wanted:
        print(f"generating {wanted} cases ...", file=sys.stderr)
        call_command("demo", "--scale", str(wanted), stdout=sys.stderr)
    from django.db import connection

    if connection.vendor == "postgresql":  # fresh statistics after the bulk load
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    total = Case.objects.count()
    sample = Case.objects.filter(reference__startswith="HV-1999-").order_by("reference")[total // 2]
    client = Client(HTTP_HOST="127.0.0.1")
    results: dict[str, Any] = {"cases": total}
    results["minimal_view"] = timings(partial(client.get, "/health/live"), 300)
    base = results["minimal_view"]["p95_ms"]
    client.post("/account/login/", {"username": "caseworker", "password": "haven-demo"})

    def searched(**data: str) -> str:
        """Filters are posted and kept in the session; the list is read by a key in the URL."""
        response = client.post("/cases/", data)
        assert response.status_code == 302, response.status_code
        return str(response["Location"])

    pages = {
        "case list": "/cases/",
        "case list page 100": "/cases/?page=100",
        "case list filtered": searched(stage="assistance", exploitation="ForcedLabour"),
        "name search (Hanzi)": searched(q="王伟5"),
        "name search (pinyin)": searched(q="wang wei5"),
        "reference search": searched(q=sample.reference),
        "case page": f"/cases/{sample.pk}/",
    }
    for label, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        row = timings(partial(client.get, url), 100)
        row["ratio_to_minimal_p95"] = round(row["p95_ms"] / max(base, 0.01), 1)
        results[label] = row
    path = write("cases", vendor, {"results": results})
    print(f"{'page':28} {'p50 ms':>8} {'p95 ms':>8} {'x minimal':>10}")
    for key, row in results.items():
        if isinstance(row, dict):
            print(
                f"{key:28} {row['p50_ms']:8} {row['p95_ms']:8} "
                f"{row.get('ratio_to_minimal_p95', 1.0):10}"
            )
    print(f"cases: {total}; written to {path}")
    return results
