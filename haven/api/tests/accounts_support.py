"""Shared helpers of the accounts API tests."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from haven.accounts import services
from haven.accounts.models import Membership
from haven.accounts.roles import MATRIX, Cap, Role

ME_URL = "/api/v1/me"
ORGS_URL = "/api/v1/organisations/"
USERS_URL = "/api/v1/users/"
TOKEN_URL = "/api/v1/auth/token"
PROBLEM = "application/problem+json"
CIPHERTEXT = b"hv1."

ROLES_WITHOUT_USER_MANAGEMENT = [r for r in Role if Cap.USERS_MANAGE not in MATRIX[r]]
ROLES_EXCEPT_SYSADMIN = [r for r in Role if r != Role.SYSADMIN]


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    """The token endpoint's throttle counts in the local-memory cache."""
    cache.clear()
    yield
    cache.clear()


def org_url(org: Any) -> str:
    return f"{ORGS_URL}{org.pk}/"


def user_url(user: Any) -> str:
    return f"{USERS_URL}{user.pk}/"


def membership_url(user: Any, membership: Any, action: str) -> str:
    return f"{USERS_URL}{user.pk}/memberships/{membership.pk}/{action}"


def send(client: Client, method: str, url: str, data: Any = None) -> Any:
    return getattr(client, method)(url, data or {}, content_type="application/json")


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    return body


def error_fields(response: Any) -> set[str]:
    return {error["field"] for error in assert_problem(response, 400)["errors"]}


def assert_no_ciphertext(response: Any) -> None:
    assert CIPHERTEXT not in response.content, "an encrypted value reached the API"


def usernames(response: Any) -> set[str]:
    assert response.status_code == 200, response.content
    assert_no_ciphertext(response)
    return {row["username"] for row in response.json()["results"]}


def names(users: dict[Role, Any]) -> set[str]:
    return {user.username for user in users.values()}


def create_body(world: Any, **overrides: Any) -> dict[str, Any]:
    body = {
        "organisation": str(world.org_a.pk),
        "username": "new.caseworker",
        "full_name": "Wang Fang",
        "email": "wang.fang@example.org",
        "language": "zh-hans",
        "roles": ["caseworker", "screener"],
    }
    body.update(overrides)
    return body


def add_to_org_a(world: Any, user: Any, roles: list[str]) -> Membership:
    return services.membership_add(
        actor=world.user(Role.SYSADMIN), user=user, organisation=world.org_a, roles=roles
    )
