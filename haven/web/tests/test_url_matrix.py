"""Every URL x anonymous / every role / another organisation's object.

Anonymous -> sign-in page (web) or 401 (API); a role without the capability -> 403; an object
of another organisation -> 404. The table must name every URL pattern: a new URL without a
row fails ``test_every_url_is_in_the_table``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from haven.accounts import policy
from haven.accounts.models import Membership
from haven.accounts.roles import ALL, Cap, Role

pytestmark = pytest.mark.django_db

PUBLIC = "public"
SIGNED_IN = "signed_in"


def _target(world: Any, actor: Any, other: bool) -> Any:
    """The object a request is about: org A's trainee, or org B's (other=True)."""
    return world.user(Role.TRAINEE, other=other)


def user_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    return {"pk": _target(world, actor, other).pk}


def self_membership_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    """Membership routes act on the actor's own membership (refused or a no-op: no side
    effects), or on org B's trainee for the cross-organisation check."""
    if other:
        target = _target(world, actor, True)
        return {"pk": target.pk, "membership": Membership.objects.get(user=target).pk}
    return {"pk": actor.pk, "membership": Membership.objects.get(user=actor).pk}


def org_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    return {"pk": (world.org_b if other else world.org_a).pk}


@dataclass(frozen=True)
class Spec:
    access: str | tuple[Cap, ...]
    ok: tuple[int, ...] = (200,)
    method: str = "get"
    kwargs: Callable[[Any, Any, bool], dict[str, Any]] | None = None
    data: dict[str, Any] | None = None
    api: bool = False


USERS = (Cap.USERS_MANAGE,)
ORGS = (Cap.ORGS_MANAGE,)
AUDIT = (Cap.AUDIT_READ,)

TABLE: dict[str, Spec] = {
    "web:home": Spec(SIGNED_IN),
    "web:live": Spec(PUBLIC),
    "web:ready": Spec(PUBLIC),
    "accounts:login": Spec(PUBLIC, ok=(200, 302)),
    "accounts:login_verify": Spec(PUBLIC, ok=(302,)),
    "accounts:logout": Spec(PUBLIC, ok=(405,)),
    "accounts:language": Spec(PUBLIC, ok=(405,)),
    "accounts:password_reset": Spec(PUBLIC),
    "accounts:password_reset_done": Spec(PUBLIC),
    "accounts:password_set": Spec(
        PUBLIC, kwargs=lambda w, a, o: {"uidb64": "MQ", "token": "bad-token"}
    ),
    "accounts:preferences": Spec(SIGNED_IN),
    "accounts:password_change": Spec(SIGNED_IN),
    "accounts:two_factor": Spec(SIGNED_IN),
    "accounts:two_factor_disable": Spec(SIGNED_IN),
    "accounts:user_list": Spec(USERS),
    "accounts:user_create": Spec(USERS),
    "accounts:user_detail": Spec(USERS, kwargs=user_kwargs),
    "accounts:user_edit": Spec(USERS, kwargs=user_kwargs),
    "accounts:user_password_link": Spec(USERS, kwargs=user_kwargs),
    "accounts:user_reset_two_factor": Spec(USERS, kwargs=user_kwargs),
    "accounts:membership_add": Spec(ORGS, ok=(302,), method="post", kwargs=user_kwargs),
    "accounts:membership_roles": Spec(
        USERS, ok=(302,), method="post", kwargs=self_membership_kwargs
    ),
    "accounts:membership_deactivate": Spec(USERS, kwargs=self_membership_kwargs),
    "accounts:membership_reactivate": Spec(USERS, kwargs=self_membership_kwargs),
    "accounts:organisation_list": Spec(ORGS),
    "accounts:organisation_create": Spec(ORGS),
    "accounts:organisation_detail": Spec((Cap.ORGS_MANAGE, Cap.USERS_MANAGE), kwargs=org_kwargs),
    "accounts:organisation_edit": Spec((Cap.ORGS_MANAGE, Cap.USERS_MANAGE), kwargs=org_kwargs),
    "audit:event_list": Spec(AUDIT),
    "api:token": Spec(PUBLIC, ok=(405,), api=True),
    "api:me": Spec(SIGNED_IN, api=True),
    "api:organisation_list": Spec(SIGNED_IN, api=True),
    "api:organisation_detail": Spec(SIGNED_IN, api=True, kwargs=org_kwargs),
    "api:user_list": Spec(USERS, api=True),
    "api:user_detail": Spec(USERS, api=True, kwargs=user_kwargs),
    "api:user_password_link": Spec(USERS, ok=(201,), method="post", api=True, kwargs=user_kwargs),
    "api:membership_roles": Spec(
        USERS, ok=(400,), method="put", api=True, kwargs=self_membership_kwargs, data={}
    ),
    "api:membership_deactivate": Spec(
        USERS, ok=(400,), method="post", api=True, kwargs=self_membership_kwargs
    ),
    "api:membership_reactivate": Spec(
        USERS, ok=(200,), method="post", api=True, kwargs=self_membership_kwargs
    ),
    "api:audit_event_list": Spec(AUDIT, api=True),
    "api:schema": Spec(SIGNED_IN, api=True),
    "api:docs": Spec(SIGNED_IN, api=True),
}


def _names(patterns: list[Any], prefix: str = "") -> set[str]:
    names = set()
    for entry in patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= _names(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(prefix + entry.name)
    return names


def test_every_url_is_in_the_table():
    assert _names(get_resolver().url_patterns) == set(TABLE)


def _request(client: Any, spec: Spec, url: str) -> Any:
    call = getattr(client, spec.method)
    if spec.api and spec.data is not None:
        return call(url, spec.data, content_type="application/json")
    return call(url, spec.data or {})


def _allowed(spec: Spec, user: Any) -> bool:
    if spec.access in (PUBLIC, SIGNED_IN):
        return True
    return policy.has_any(user, *spec.access)


def _reaches_every_organisation(spec: Spec, user: Any) -> bool:
    caps = (Cap.ORGS_MANAGE,) if spec.access == SIGNED_IN else spec.access
    return any(policy.organisations_for(user, cap) is ALL for cap in caps)


@pytest.mark.parametrize("name", sorted(TABLE))
def test_url_matrix(world, client, name):
    spec = TABLE[name]
    anchor = world.user(Role.ORG_ADMIN)
    url = reverse(name, kwargs=spec.kwargs(world, anchor, False) if spec.kwargs else None)

    response = _request(client, spec, url)
    if spec.access == PUBLIC:
        assert response.status_code in spec.ok, (name, "anonymous", response.status_code)
    elif spec.api:
        assert response.status_code == 401, (name, "anonymous", response.status_code)
        assert response["Content-Type"].startswith("application/problem+json")
    else:
        assert response.status_code == 302, (name, "anonymous")
        assert response["Location"].startswith(reverse("accounts:login"))

    for role in Role:
        user = world.user(role)
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        kwargs = spec.kwargs(world, user, False) if spec.kwargs else None
        response = _request(client, spec, reverse(name, kwargs=kwargs))
        if _allowed(spec, user):
            assert response.status_code in spec.ok, (name, role, response.status_code)
        else:
            assert response.status_code == 403, (name, role, response.status_code)

        if spec.kwargs and spec.access != PUBLIC and _allowed(spec, user):
            other = reverse(name, kwargs=spec.kwargs(world, user, True))
            response = _request(client, spec, other)
            if _reaches_every_organisation(spec, user):
                assert response.status_code != 404, (name, role, "other org", "sysadmin")
            else:
                assert response.status_code == 404, (name, role, "other org", response.status_code)
        client.logout()
