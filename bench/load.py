"""Load test: 50 concurrent officials against gunicorn (several workers) on loopback, with the
national-scale database of DESIGN section 5 (100,000 cases).

``python bench/run.py load [--cases=N] [--users=50] [--seconds=60] [--workers=4]`` on the
configured database (use a scratch PostgreSQL database). Needs locust (``make bench`` installs
it). Each user reads a page for 2-8 s before the next click (``HAVEN_LOAD_THINK=min,max``).
Writes p50/p95/p99, throughput and errors per page to ``bench/results/load-<db>.json``.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from bench.common import setup_django, write

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _arg(flags: list[str], name: str, default: int) -> int:
    for flag in flags:
        if flag.startswith(f"--{name}="):
            return int(flag.split("=", 1)[1])
    return default


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait(url: str) -> None:
    for _ in range(150):
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310  (loopback)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not become ready")


def main(flags: list[str]) -> dict[str, Any]:
    if shutil.which("locust", path=str(BIN)) is None:
        raise SystemExit("locust is not installed: .venv/bin/pip install 'locust>=2.30,<3'")
    vendor = setup_django()
    from django.core.management import call_command
    from django.db import connection

    from haven.accounts.models import User
    from haven.cases.models import Case

    wanted = _arg(flags, "cases", 100_000)
    users = _arg(flags, "users", 50)
    seconds = _arg(flags, "seconds", 60)
    workers = _arg(flags, "workers", 4)
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("demo", stdout=io.StringIO())
    if Case.objects.count() < wanted:
        print(f"generating {wanted} cases ...", file=sys.stderr)
        call_command("demo", "--scale", str(wanted), stdout=sys.stderr)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    caseworker = User.objects.get(username="caseworker")
    organisation = caseworker.memberships.get().organisation
    sample = list(
        Case.objects.filter(organisation=organisation)
        .order_by("?")
        .values_list("pk", flat=True)[:500]
    )
    total = Case.objects.count()
    connection.close()

    port = _port()
    env = {
        **os.environ,
        "HAVEN_BIND": f"127.0.0.1:{port}",
        "HAVEN_WORKERS": str(workers),
        "HAVEN_HTTPS": "off",
        "HAVEN_API_RATE_USER": "1000000/min",
        "HAVEN_LOG_LEVEL": "WARNING",
        "HAVEN_LOAD_CASES": ",".join(str(pk) for pk in sample),
    }
    out = Path(tempfile.mkdtemp(prefix="haven-load-"))
    server = subprocess.Popen(  # noqa: S603
        [BIN / "gunicorn", "-c", ROOT / "deploy" / "gunicorn.conf.py", "haven.wsgi"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(f"http://127.0.0.1:{port}/health/ready")
        subprocess.run(  # noqa: S603
            [
                BIN / "locust",
                "-f",
                ROOT / "bench" / "locustfile.py",
                "--headless",
                "--host",
                f"http://127.0.0.1:{port}",
                "-u",
                str(users),
                "-r",
                "10",
                "-t",
                f"{seconds}s",
                "--csv",
                out / "load",
                "--only-summary",
            ],
            env=env,
            check=False,
            timeout=seconds + 120,
        )
    finally:
        server.terminate()
        server.wait(timeout=60)
    rows = list(csv.DictReader((out / "load_stats.csv").open()))
    pages: dict[str, dict[str, Any]] = {}
    for row in rows:
        pages[row["Name"]] = {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "rps": round(float(row["Requests/s"]), 1),
            "p50_ms": float(row["50%"] or 0),
            "p95_ms": float(row["95%"] or 0),
            "p99_ms": float(row["99%"] or 0),
        }
    results = {
        "cases": total,
        "users": users,
        "think_seconds": os.environ.get("HAVEN_LOAD_THINK", "2,8"),
        "seconds": seconds,
        "gunicorn_workers": workers,
        "pages": pages,
    }
    path = write("load", vendor, {"results": results})
    print(f"{'page':22} {'reqs':>6} {'fail':>5} {'p50':>6} {'p95':>6} {'p99':>6}")
    for name, row in pages.items():
        print(
            f"{name:22} {row['requests']:6} {row['failures']:5} {row['p50_ms']:6} "
            f"{row['p95_ms']:6} {row['p99_ms']:6}"
        )
    print(f"written to {path}")
    return results
