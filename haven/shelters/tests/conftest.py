"""Tests marked ``postgres_only`` are skipped, with the reason, when the database is not
PostgreSQL (run them with DATABASE_URL=postgres://...)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _postgres_only(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("postgres_only") is None:
        return
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL (row locks and the exclusion constraint under concurrent "
            "writers); run with DATABASE_URL=postgres://... to include it"
        )
