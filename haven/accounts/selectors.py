"""Permission-scoped reads of organisations, users and memberships."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from haven.accounts import policy
from haven.accounts.models import Membership, Organisation, RoleGrant, User
from haven.accounts.roles import ALL, Cap
from haven.core.fields import index_of


def organisation_list(
    *, actor: Any, search: str = "", kind: str = "", country: str = ""
) -> QuerySet[Organisation]:
    """System administrators see every organisation; others the ones they belong to."""
    if policy.can(actor, Cap.ORGS_MANAGE):
        qs = Organisation.objects.all()
    else:
        qs = Organisation.objects.filter(pk__in=list(policy.roles_in(actor)))
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(region__icontains=search))
    if kind:
        qs = qs.filter(kind=kind)
    if country:
        qs = qs.filter(country=country)
    return qs.order_by("name")


def organisation_get(*, actor: Any, pk: UUID) -> Organisation:
    try:
        return organisation_list(actor=actor).get(pk=pk)
    except Organisation.DoesNotExist as exc:
        raise Http404 from exc


def managed_organisations(*, actor: Any) -> QuerySet[Organisation]:
    """Organisations whose users ``actor`` may manage."""
    return policy.scope(Organisation.objects.filter(is_active=True), actor, Cap.USERS_MANAGE)


def _memberships_prefetch(actor: Any) -> Prefetch:
    memberships = policy.scope(Membership.objects.all(), actor, Cap.USERS_MANAGE)
    return Prefetch(
        "memberships",
        queryset=memberships.select_related("organisation").prefetch_related(
            Prefetch("grants", queryset=RoleGrant.objects.order_by("role"))
        ),
        to_attr="visible_memberships",
    )


def user_list(
    *,
    actor: Any,
    search: str = "",
    role: str = "",
    status: str = "",
    organisation_id: UUID | None = None,
) -> QuerySet[User]:
    """Users ``actor`` may manage, with their visible memberships prefetched.

    The name search uses the blind index (exact, case- and space-insensitive) because names
    are encrypted; user name and e-mail match by substring.
    """
    qs = policy.scope(User.objects.all(), actor, Cap.USERS_MANAGE)
    if search:
        condition = Q(username__icontains=search) | Q(email__icontains=search)
        name_index = index_of(User, "full_name_index", search)
        if name_index:
            condition |= Q(full_name_index=name_index)
        qs = qs.filter(condition)
    reach = policy.organisations_for(actor, Cap.USERS_MANAGE)
    member_filter = Q()
    if reach is not ALL:
        member_filter &= Q(memberships__organisation_id__in=reach)
    if organisation_id:
        member_filter &= Q(memberships__organisation_id=organisation_id)
    if role:
        member_filter &= Q(memberships__grants__role=role)
    if status == "active":
        member_filter &= Q(memberships__is_active=True, is_active=True)
    elif status == "inactive":
        member_filter &= Q(memberships__is_active=False) | Q(is_active=False)
    if organisation_id or role or status:
        qs = qs.filter(pk__in=User.objects.filter(member_filter).values("pk"))
    return qs.prefetch_related(_memberships_prefetch(actor)).order_by("username")


def user_get(*, actor: Any, pk: UUID) -> User:
    try:
        return user_list(actor=actor).get(pk=pk)
    except User.DoesNotExist as exc:
        raise Http404 from exc


def membership_get(*, actor: Any, pk: UUID, user: User | None = None) -> Membership:
    qs = policy.scope(
        Membership.objects.select_related("user", "organisation"), actor, Cap.USERS_MANAGE
    )
    if user is not None:
        qs = qs.filter(user=user)
    try:
        return qs.get(pk=pk)
    except Membership.DoesNotExist as exc:
        raise Http404 from exc


def own_memberships(*, user: User) -> QuerySet[Membership]:
    return (
        user.memberships.filter(is_active=True, organisation__is_active=True)
        .select_related("organisation")
        .prefetch_related("grants")
    )


def acting_organisation(*, actor: Any, capability: Cap) -> Organisation:
    """The organisation on whose behalf ``actor`` uses ``capability`` (the first, by name,
    where they hold it). Raises PermissionDenied when there is none."""
    from django.core.exceptions import PermissionDenied

    orgs = policy.scope(Organisation.objects.filter(is_active=True), actor, capability)
    if not isinstance(policy.organisations_for(actor, capability), frozenset):
        orgs = orgs.filter(pk__in=list(policy.roles_in(actor)))  # everywhere: their own first
    org = orgs.order_by("name").first()
    if org is None:
        raise PermissionDenied
    return org


def home_organisation_id(user: Any) -> UUID | None:
    """The organisation an account's own events (sign-ins, preferences) are filed under: its
    first active membership, else its first membership."""
    membership = user.memberships.order_by("-is_active", "created_at").first()
    return membership.organisation_id if membership else None
