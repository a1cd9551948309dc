"""Shared set-up and timing for the benchmarks."""

from __future__ import annotations

import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def setup_django() -> str:
    root = Path(__file__).resolve().parent.parent
    os.environ.setdefault("HAVEN_DEMO", "on")
    os.environ.setdefault("HAVEN_VAR_DIR", str(root / "var" / "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haven.settings")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{root / 'var' / 'bench' / 'bench.sqlite3'}")
    import django

    django.setup()
    from django.db import connection

    return str(connection.vendor)


def timings(fn: Callable[[], Any], repeat: int, warmup: int = 5) -> dict[str, float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {
        "n": repeat,
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[max(0, int(len(samples) * 0.95) - 1)], 2),
        "max_ms": round(samples[-1], 2),
    }


def write(name: str, vendor: str, payload: dict[str, Any]) -> Path:
    RESULTS.mkdir(exist_ok=True)
    payload = {
        "benchmark": name,
        "database": vendor,
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        **payload,
    }
    path = RESULTS / f"{name}-{vendor}.json"
    path.write_text(json.dumps(payload, indent=2) + "\n")
    return path
