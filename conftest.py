"""Shared fixtures: two organisations in two countries and one user per role in each,
all made through the real services (so the rules are exercised)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from haven.accounts.roles import Role

PASSWORD = "correct horse battery"  # noqa: S105  (test data)


@dataclass
class World:
    org_a: Any
    org_b: Any
    users_a: dict[Role, Any] = field(default_factory=dict)
    users_b: dict[Role, Any] = field(default_factory=dict)

    def user(self, role: Role, other: bool = False) -> Any:
        return (self.users_b if other else self.users_a)[role]


def build_world() -> World:
    from haven.accounts import services
    from haven.accounts.models import RoleGrant

    sysadmin = services.bootstrap_sysadmin(
        organisation_name="Test Police Unit A (synthetic)",
        kind="police",
        country="CN",
        username="sysadmin_a",
        password=PASSWORD,
        full_name="Sys Admin A",
    )
    RoleGrant.objects.filter(membership__user=sysadmin, role=Role.ORG_ADMIN).delete()
    org_a = sysadmin.memberships.get().organisation
    org_b = services.organisation_create(
        actor=sysadmin,
        name="Test NGO B (synthetic)",
        kind="ngo",
        country="DE",
        name_translations={"zh-hans": "测试机构乙"},
    )
    world = World(org_a=org_a, org_b=org_b)
    world.users_a[Role.SYSADMIN] = sysadmin
    for suffix, org, target in (("a", org_a, world.users_a), ("b", org_b, world.users_b)):
        for role in Role:
            if role == Role.SYSADMIN and suffix == "a":
                continue
            invitation = services.user_create(
                actor=sysadmin,
                organisation=org,
                username=f"{role.value}_{suffix}",
                roles=[role.value],
                full_name=f"Test {role.value} {suffix.upper()}",
                email=f"{role.value}.{suffix}@example.org",
            )
            user = invitation.user
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
            target[role] = user
    return world


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


@pytest.fixture
def login(client: Any) -> Any:
    """``login(user)`` signs the test client in as ``user`` and returns the client."""

    def _login(user: Any) -> Any:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login
