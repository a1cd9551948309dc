"""The API fuzzed against its own OpenAPI schema (schemathesis), signed in as several roles:
no 5xx and no response body that contradicts the schema.

Bounded: ``HAVEN_FUZZ_EXAMPLES`` examples per operation and role (default 3; raise it by hand
for a deeper run, e.g. ``HAVEN_FUZZ_EXAMPLES=100 pytest haven/api/tests/test_fuzz.py``). It takes
minutes, so CI runs it once, in its PostgreSQL pass; on SQLite it runs when HAVEN_FUZZ=on.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from knox.models import AuthToken
from schemathesis.specs.openapi.checks import response_schema_conformance

from haven.accounts.roles import Role

EXAMPLES = int(os.environ.get("HAVEN_FUZZ_EXAMPLES", "3"))
ROLES = (Role.COORDINATOR, Role.SYSADMIN)


def _schema() -> Any:
    raw = SchemaGenerator().get_schema(request=None, public=True)
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = get_wsgi_application()
    return schema


schema = _schema()


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """Django's test client keeps the test's database connection across requests; a raw WSGI
    call would close it at the end of each request (and lose the test transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(db: Any) -> dict[Role, str]:
    """Only the signed-in roles (the generated ids name no existing object anyway): a system
    administrator and a coordinator, made through the real services, far cheaper than the
    whole two-organisation world for each of the ~150 operations."""
    from haven.accounts import services

    sysadmin = services.bootstrap_sysadmin(
        organisation_name="Fuzz Unit (synthetic)",
        kind="police",
        country="CN",
        username="fuzz_sysadmin",
        password=None,
    )
    coordinator = services.user_create(
        actor=sysadmin,
        organisation=sysadmin.memberships.get().organisation,
        username="fuzz_coordinator",
        roles=[Role.COORDINATOR.value],
    ).user
    users = {Role.SYSADMIN: sysadmin, Role.COORDINATOR: coordinator}
    return {role: AuthToken.objects.create(user=users[role])[1] for role in ROLES}


def _no_server_error(ctx: Any, response: Any, case: Any) -> bool:
    assert response.status_code < 500, (case.method, case.path, response.status_code)
    return True


@pytest.mark.skipif(
    connection.vendor != "postgresql" and os.environ.get("HAVEN_FUZZ") != "on",
    reason="API fuzzing runs in CI's PostgreSQL pass (set HAVEN_FUZZ=on to run it here)",
)
@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_within_its_schema(case: Any, tokens: dict[Role, str]) -> None:
    for role, token in tokens.items():
        cache.clear()  # rate limits are tested elsewhere
        response = case.call(headers={"Authorization": f"Token {token}"})
        assert response.status_code < 500, (
            role,
            case.method,
            case.formatted_path,
            response.text[:300],
        )
        if response.status_code < 400:
            case.validate_response(response, checks=[response_schema_conformance])
