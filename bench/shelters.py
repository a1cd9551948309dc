"""Occupancy board and bed assignment at national scale (issue 5).

``python bench/run.py shelters [--shelters N]`` (default 500 shelters of 20 beds = 10,000
beds, with 200,000 historical stays) on the configured database; results to
``bench/results/shelters-<db>.json``. Pages are timed with the in-process test client; bed
assignment calls the admission service (shelter and bed row locks, placement rules, the
database's no-double-booking constraints) and the exit that frees the bed again.
"""

from __future__ import annotations

import io
import sys
from functools import partial
from typing import Any

from bench.common import setup_django, timings, write

SCALE_ORGS = 100


def _arg(flags: list[str], name: str, default: int) -> int:
    for flag in flags:
        if flag.startswith(f"--{name}="):
            return int(flag.split("=", 1)[1])
    return default


def _organisations() -> None:
    """Shelter-provider organisations for the bulk shelters (the accounts demo makes its
    own only with ``--scale``, with a million audit events we do not need here)."""
    from haven.accounts.models import Organisation

    have = Organisation.objects.filter(name__startswith="Scale org ").count()
    Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Scale org {i:05d} (synthetic)",
                kind=Organisation.Kind.SHELTER_PROVIDER,
                country=["CN", "DE", "NL", "TH", "VN"][i % 5],
            )
            for i in range(have, SCALE_ORGS)
        ]
    )


def main(flags: list[str]) -> dict[str, Any]:
    vendor = setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from haven.accounts.models import User
    from haven.shelters import demo, selectors, services

    wanted = _arg(flags, "shelters", 500)
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("demo", stdout=io.StringIO())
    _organisations()
    print(f"generating {wanted} shelters ...", file=sys.stderr)
    demo.scale_shelters(sys.stderr, wanted * 200)
    if connection.vendor == "postgresql":  # fresh statistics after the bulk load
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    size = demo.scale_summary()
    manager = User.objects.get(username="shelter_centre")
    coordinator = User.objects.get(username="coordinator")
    sysadmin = User.objects.get(username="sysadmin")
    own = selectors.managed_shelters(manager).filter(name__startswith=demo.SCALE_PREFIX)
    shelter = own.filter(type__in=("mixed", "families")).order_by("name").first() or own.first()
    assert shelter is not None, "no bulk shelter for the demo shelter manager"

    client = Client(HTTP_HOST="127.0.0.1")
    results: dict[str, Any] = {
        **size,
        "shelters_managed": selectors.managed_shelters(manager).count(),
        "stays_visible_to_manager": selectors.visible_stays(manager).count(),
        "shelters_in_capacity_view": selectors.capacity_shelters(coordinator).count(),
    }
    results["minimal_view"] = timings(partial(client.get, "/health/live"), 300)
    base = results["minimal_view"]["p95_ms"]

    def pages(username: str, urls: dict[str, str]) -> None:
        client.post("/account/login/", {"username": username, "password": "haven-demo"})
        for label, url in urls.items():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            row = timings(partial(client.get, url), 50)
            row["ratio_to_minimal_p95"] = round(row["p95_ms"] / max(base, 0.01), 1)
            results[label] = row
        client.post("/account/logout/")

    pages(
        "shelter_centre",
        {
            "shelter list (manager)": "/shelters/",
            "occupancy board (one shelter)": f"/shelters/{shelter.pk}/",
            "residents list": "/shelters/stays/",
            "residents past expected exit": "/shelters/stays/?alert=overdue",
            "admission: suggested beds": f"/shelters/{shelter.pk}/admit/?step=bed&sex=Feminine",
            "API occupancy board": f"/api/v1/shelters/{shelter.pk}/board",
        },
    )
    pages(
        "coordinator",
        {
            "free capacity (coordinator)": "/shelter-capacity/",
            "free capacity, child beds": "/shelter-capacity/?need=child",
            "API free capacity": "/api/v1/shelters/capacity",
        },
    )
    results["occupancy_summary (all shelters)"] = timings(
        partial(selectors.occupancy_summary, actor=sysadmin), 20, warmup=2
    )

    def assign() -> None:
        stay = services.stay_admit(
            actor=manager, shelter=shelter, sex="Feminine", house_rules_consent=True
        )
        services.stay_exit(
            actor=manager, stay=stay, reason="other", destination="unknown", complete_referral=False
        )

    free = selectors.occupancy([shelter.pk])[shelter.pk].free
    assert free, "the benchmark shelter has no free bed"
    results["bed assignment: admit + exit"] = timings(assign, 50)
    results["bed assignment: admit + exit"]["free_beds"] = free
    path = write("shelters", vendor, {"results": results})
    print(f"{'measure':40} {'p50 ms':>8} {'p95 ms':>8} {'x minimal':>10}")
    for key, row in results.items():
        if isinstance(row, dict):
            print(
                f"{key:40} {row['p50_ms']:8} {row['p95_ms']:8} "
                f"{row.get('ratio_to_minimal_p95', ''):>10}"
            )
    print(f"{size}; written to {path}")
    return results
