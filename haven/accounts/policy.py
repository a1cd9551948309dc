"""The permission policy: ``can()`` and ``scope()``. Every view, API and selector asks these.

A user's grants are computed once per request from their active memberships and the role
matrix in ``roles.py``: capability -> the organisations where it applies (or all of them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID

from django.db import models

from haven.accounts.roles import ALL, Cap, Reach, Role, capabilities_of

M = TypeVar("M", bound=models.Model)

CACHE_ATTRIBUTE = "_haven_grants"


@dataclass(frozen=True)
class Grants:
    everywhere: frozenset[Cap]
    by_org: dict[Cap, frozenset[UUID]]
    roles: dict[UUID, frozenset[str]]

    def orgs_for(self, capability: Cap) -> frozenset[UUID] | Reach:
        if capability in self.everywhere:
            return ALL
        return self.by_org.get(capability, frozenset())


NO_GRANTS = Grants(everywhere=frozenset(), by_org={}, roles={})


def grants(user: Any) -> Grants:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NO_GRANTS
    cached = getattr(user, CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    from haven.accounts.models import RoleGrant

    everywhere: set[Cap] = set()
    by_org: dict[Cap, set[UUID]] = {}
    roles: dict[UUID, set[str]] = {}
    rows = RoleGrant.objects.filter(
        membership__user=user,
        membership__is_active=True,
        membership__organisation__is_active=True,
    ).values_list("membership__organisation_id", "role")
    for org_id, role in rows:
        roles.setdefault(org_id, set()).add(role)
        for cap, reach in capabilities_of(Role(role)).items():
            if reach is ALL:
                everywhere.add(cap)
            else:
                by_org.setdefault(cap, set()).add(org_id)
    result = Grants(
        everywhere=frozenset(everywhere),
        by_org={cap: frozenset(ids) for cap, ids in by_org.items()},
        roles={org: frozenset(r) for org, r in roles.items()},
    )
    setattr(user, CACHE_ATTRIBUTE, result)
    return result


def forget(user: Any) -> None:
    """Drop the cached grants (after a role change within the same request)."""
    if hasattr(user, CACHE_ATTRIBUTE):
        delattr(user, CACHE_ATTRIBUTE)


def organisation_ids_of(obj: models.Model) -> set[UUID]:
    """The organisations an object belongs to, following its POLICY_ORGANISATION_FIELD."""
    path = getattr(obj, "POLICY_ORGANISATION_FIELD", None)
    if path is None:
        raise TypeError(f"{type(obj).__name__} declares no POLICY_ORGANISATION_FIELD.")
    if path == "id":
        return {obj.pk}
    if "__" not in path:
        return {getattr(obj, f"{path}_id")}
    manager = type(obj)._default_manager
    return set(manager.filter(pk=obj.pk).values_list(path, flat=True)) - {None}


def can(user: Any, capability: Cap, obj: models.Model | None = None) -> bool:
    """May ``user`` use ``capability`` (on ``obj``, if given)?"""
    reach = grants(user).orgs_for(capability)
    if not isinstance(reach, frozenset):  # Reach.ALL
        return True
    if not reach:
        return False
    if obj is None:
        return True
    return bool(organisation_ids_of(obj) & reach)


def scope(queryset: models.QuerySet[M], user: Any, capability: Cap) -> models.QuerySet[M]:
    """``queryset`` narrowed to what ``user`` may reach with ``capability``."""
    reach = grants(user).orgs_for(capability)
    if not isinstance(reach, frozenset):  # Reach.ALL
        return queryset
    if not reach:
        return queryset.none()
    model = queryset.model
    path = getattr(model, "POLICY_ORGANISATION_FIELD", None)
    if path is None:
        raise TypeError(f"{model.__name__} declares no POLICY_ORGANISATION_FIELD.")
    if path == "id":
        return queryset.filter(pk__in=reach)
    if "__" in path:  # through a to-many relation: a subquery keeps rows unique
        inner = model._default_manager.filter(**{f"{path}__in": reach}).values("pk")
        return queryset.filter(pk__in=inner)
    return queryset.filter(**{f"{path}__in": reach})


def organisations_for(user: Any, capability: Cap) -> frozenset[UUID] | Reach:
    return grants(user).orgs_for(capability)


def roles_in(user: Any) -> dict[UUID, frozenset[str]]:
    return grants(user).roles


def has_any(user: Any, *capabilities: Cap) -> bool:
    return any(can(user, cap) for cap in capabilities)
