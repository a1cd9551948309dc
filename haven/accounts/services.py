"""Writes for organisations, users, memberships and roles. Each runs in one transaction,
checks the policy, validates, writes and records its audit event."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from knox.models import AuthToken

from haven.accounts import policy
from haven.accounts.models import Membership, Organisation, RoleGrant, User
from haven.accounts.roles import Cap, Role
from haven.accounts.selectors import home_organisation_id
from haven.audit import actions
from haven.audit.services import record


def _require(actor: Any, capability: Cap, obj: Any = None) -> None:
    if not policy.can(actor, capability, obj):
        raise PermissionDenied


# Organisations -----------------------------------------------------------------------------

ORG_ADMIN_EDITABLE = ("name_translations", "region", "languages", "require_2fa")
SYSADMIN_EDITABLE = ("name", "kind", "country", "is_active", *ORG_ADMIN_EDITABLE)


@transaction.atomic
def organisation_create(
    *,
    actor: Any,
    name: str,
    kind: str,
    country: str,
    region: str = "",
    name_translations: dict[str, str] | None = None,
    languages: list[str] | None = None,
    require_2fa: bool = False,
    request: HttpRequest | None = None,
) -> Organisation:
    _require(actor, Cap.ORGS_MANAGE)
    org = Organisation(
        name=name.strip(),
        kind=kind,
        country=country,
        region=region.strip(),
        name_translations={k: v.strip() for k, v in (name_translations or {}).items() if v.strip()},
        languages=list(languages or []),
        require_2fa=require_2fa,
    )
    org.full_clean()
    org.save()
    record(actor=actor, action=actions.ORG_CREATED, obj=org, request=request)
    return org


@transaction.atomic
def organisation_update(
    *, actor: Any, organisation: Organisation, request: HttpRequest | None = None, **changes: Any
) -> Organisation:
    allowed: tuple[str, ...]
    if policy.can(actor, Cap.ORGS_MANAGE):
        allowed = SYSADMIN_EDITABLE
    elif policy.can(actor, Cap.USERS_MANAGE, organisation):
        allowed = ORG_ADMIN_EDITABLE
    else:
        raise PermissionDenied
    org = Organisation.objects.select_for_update().get(pk=organisation.pk)
    changed = []
    for field, value in changes.items():
        if field not in allowed:
            raise PermissionDenied
        if getattr(org, field) != value:
            setattr(org, field, value)
            changed.append(field)
    if changed:
        org.full_clean()
        org.save()
        record(
            actor=actor,
            action=actions.ORG_UPDATED,
            obj=org,
            details={"changed_fields": sorted(changed)},
            request=request,
        )
    return org


# Users and memberships ---------------------------------------------------------------------


@dataclass(frozen=True)
class Invitation:
    user: User
    link_path: str
    emailed: bool


def _clean_roles(actor: Any, organisation: Organisation, roles: Iterable[str]) -> list[str]:
    codes = sorted(set(roles))
    if not codes:
        raise ValidationError({"roles": _("Choose at least one role.")})
    for code in codes:
        if code not in Role.values:
            raise ValidationError({"roles": _("Unknown role.")})
    if Role.SYSADMIN in codes and not policy.can(actor, Cap.ORGS_MANAGE):
        raise PermissionDenied
    return codes


def password_link_path(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("accounts:password_set", kwargs={"uidb64": uid, "token": token})


def _send_link(user: User, link_path: str, request: HttpRequest | None, *, invite: bool) -> bool:
    if not user.email:
        return False
    base = request.build_absolute_uri("/")[:-1] if request is not None else ""
    with translation.override(user.language):
        context = {"user": user, "link": base + link_path, "invite": invite}
        subject = _("Your Haven account") if invite else _("Set a new Haven password")
        body = render_to_string("accounts/email/password_link.txt", context)
    send_mail(subject, body, None, [user.email])
    return True


@transaction.atomic
def user_create(
    *,
    actor: Any,
    organisation: Organisation,
    username: str,
    roles: Iterable[str],
    full_name: str = "",
    email: str = "",
    language: str = "en",
    request: HttpRequest | None = None,
) -> Invitation:
    """Create a user in ``organisation`` with ``roles`` and an invitation to set a password."""
    _require(actor, Cap.USERS_MANAGE, organisation)
    codes = _clean_roles(actor, organisation, roles)
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("That user name is taken.")})
    user = User(
        username=username, full_name=full_name.strip(), email=email.strip(), language=language
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    membership = Membership.objects.create(user=user, organisation=organisation)
    RoleGrant.objects.bulk_create(RoleGrant(membership=membership, role=c) for c in codes)
    link = password_link_path(user)
    emailed = _send_link(user, link, request, invite=True)
    record(
        actor=actor,
        action=actions.USER_CREATED,
        obj=user,
        organisation=organisation,
        details={"roles": codes, "emailed": emailed},
        request=request,
    )
    return Invitation(user=user, link_path=link, emailed=emailed)


def require_account_control(actor: Any, user: User) -> None:
    """Changes to a whole account (details, password link, two-factor reset) need the actor to
    manage every organisation the user is active in; a system administrator's account is
    only for system administrators. Otherwise an organisation administrator could take over
    an account that reaches further than their own organisation."""
    _require(actor, Cap.USERS_MANAGE, user)
    reach = policy.organisations_for(actor, Cap.USERS_MANAGE)
    if not isinstance(reach, frozenset):  # everywhere
        return
    memberships = Membership.objects.filter(user=user, is_active=True)
    if RoleGrant.objects.filter(membership__in=memberships, role=Role.SYSADMIN).exists():
        raise PermissionDenied
    if set(memberships.values_list("organisation_id", flat=True)) - reach:
        raise PermissionDenied


def _managed_membership(actor: Any, membership: Membership) -> Membership:
    _require(actor, Cap.USERS_MANAGE, membership)
    return (
        Membership.objects.select_for_update()
        .select_related("user", "organisation")
        .get(pk=membership.pk)
    )


@transaction.atomic
def user_update(
    *,
    actor: Any,
    user: User,
    full_name: str,
    email: str,
    language: str,
    request: HttpRequest | None = None,
) -> User:
    """An administrator corrects a user's details."""
    require_account_control(actor, user)
    target = User.objects.select_for_update().get(pk=user.pk)
    changed = []
    for field, value in (
        ("full_name", full_name.strip()),
        ("email", email.strip()),
        ("language", language),
    ):
        if getattr(target, field) != value:
            setattr(target, field, value)
            changed.append(field)
    if changed:
        target.full_clean()
        target.save()
        record(
            actor=actor,
            action=actions.USER_UPDATED,
            obj=target,
            organisation=_shared_org(actor, target),
            details={"changed_fields": changed},
            request=request,
        )
    return target


def _shared_org(actor: Any, user: User) -> Any:
    reach = policy.organisations_for(actor, Cap.USERS_MANAGE)
    ids = list(user.memberships.values_list("organisation_id", flat=True))
    for org_id in ids:
        if not isinstance(reach, frozenset) or org_id in reach:
            return org_id
    return None


def _active_admins(organisation: Organisation, excluding: Membership) -> int:
    return (
        RoleGrant.objects.filter(
            role=Role.ORG_ADMIN,
            membership__organisation=organisation,
            membership__is_active=True,
            membership__user__is_active=True,
        )
        .exclude(membership=excluding)
        .count()
    )


@transaction.atomic
def membership_set_roles(
    *,
    actor: Any,
    membership: Membership,
    roles: Iterable[str],
    request: HttpRequest | None = None,
) -> Membership:
    m = _managed_membership(actor, membership)
    codes = _clean_roles(actor, m.organisation, roles)
    current = set(m.grants.values_list("role", flat=True))
    if (
        Role.SYSADMIN in current
        and Role.SYSADMIN not in codes
        and not policy.can(actor, Cap.ORGS_MANAGE)
    ):
        raise PermissionDenied
    if (
        Role.ORG_ADMIN in current
        and Role.ORG_ADMIN not in codes
        and not _active_admins(m.organisation, m)
    ):
        raise ValidationError(
            {"roles": _("An organisation needs at least one active administrator.")}
        )
    added, removed = sorted(set(codes) - current), sorted(current - set(codes))
    if added or removed:
        m.grants.filter(role__in=removed).delete()
        RoleGrant.objects.bulk_create(RoleGrant(membership=m, role=c) for c in added)
        record(
            actor=actor,
            action=actions.USER_ROLES_CHANGED,
            obj=m.user,
            organisation=m.organisation,
            details={"added": added, "removed": removed},
            request=request,
        )
        policy.forget(actor)
    return m


@transaction.atomic
def membership_add(
    *,
    actor: Any,
    user: User,
    organisation: Organisation,
    roles: Iterable[str],
    request: HttpRequest | None = None,
) -> Membership:
    """Give an existing user a place in another organisation (system administrators)."""
    _require(actor, Cap.ORGS_MANAGE)
    codes = _clean_roles(actor, organisation, roles)
    if Membership.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError({"organisation": _("The user is already in that organisation.")})
    m = Membership.objects.create(user=user, organisation=organisation)
    RoleGrant.objects.bulk_create(RoleGrant(membership=m, role=c) for c in codes)
    if not user.is_active:
        User.objects.filter(pk=user.pk).update(is_active=True)
    record(
        actor=actor,
        action=actions.MEMBERSHIP_ADDED,
        obj=user,
        organisation=organisation,
        details={"roles": codes},
        request=request,
    )
    return m


@transaction.atomic
def membership_deactivate(
    *, actor: Any, membership: Membership, request: HttpRequest | None = None
) -> Membership:
    """Take away a user's access to the organisation at once (sessions and API tokens too,
    when it was their last organisation)."""
    m = _managed_membership(actor, membership)
    if m.user_id == getattr(actor, "pk", None):
        raise ValidationError(_("You cannot deactivate yourself."))
    if m.grants.filter(role=Role.SYSADMIN).exists() and not policy.can(actor, Cap.ORGS_MANAGE):
        raise PermissionDenied
    if m.grants.filter(role=Role.ORG_ADMIN).exists() and not _active_admins(m.organisation, m):
        raise ValidationError(_("An organisation needs at least one active administrator."))
    if not m.is_active:
        return m
    m.is_active = False
    m.save(update_fields=["is_active", "updated_at"])
    still_active = m.user.memberships.filter(is_active=True).exists()
    if not still_active:
        User.objects.filter(pk=m.user_id).update(is_active=False)
        AuthToken.objects.filter(user_id=m.user_id).delete()
    record(
        actor=actor,
        action=actions.USER_DEACTIVATED,
        obj=m.user,
        organisation=m.organisation,
        details={"account_disabled": not still_active},
        request=request,
    )
    return m


@transaction.atomic
def membership_reactivate(
    *, actor: Any, membership: Membership, request: HttpRequest | None = None
) -> Membership:
    m = _managed_membership(actor, membership)
    if m.is_active and m.user.is_active:
        return m
    m.is_active = True
    m.save(update_fields=["is_active", "updated_at"])
    User.objects.filter(pk=m.user_id).update(is_active=True)
    record(
        actor=actor,
        action=actions.USER_REACTIVATED,
        obj=m.user,
        organisation=m.organisation,
        request=request,
    )
    return m


@transaction.atomic
def user_issue_password_link(
    *, actor: Any, user: User, request: HttpRequest | None = None
) -> Invitation:
    """A fresh set-password link for a user who forgot their password or never set one."""
    require_account_control(actor, user)
    link = password_link_path(user)
    emailed = _send_link(user, link, request, invite=not user.has_usable_password())
    record(
        actor=actor,
        action=actions.PASSWORD_LINK_ISSUED,
        obj=user,
        organisation=_shared_org(actor, user),
        details={"emailed": emailed},
        request=request,
    )
    return Invitation(user=user, link_path=link, emailed=emailed)


# A user's own account --------------------------------------------------------------------


@transaction.atomic
def user_set_preferences(
    *,
    actor: User,
    language: str,
    time_zone: str,
    full_name: str,
    request: HttpRequest | None = None,
) -> User:
    user = User.objects.select_for_update().get(pk=actor.pk)
    changed = []
    for field, value in (
        ("language", language),
        ("time_zone", time_zone),
        ("full_name", full_name.strip()),
    ):
        if getattr(user, field) != value:
            setattr(user, field, value)
            changed.append(field)
    if changed:
        user.full_clean()
        user.save()
        record(
            actor=actor,
            action=actions.PREFERENCES_CHANGED,
            obj=user,
            organisation=home_organisation_id(user),
            details={"changed_fields": changed},
            request=request,
        )
    return user


@transaction.atomic
def user_set_language(*, actor: User, language: str, request: HttpRequest | None = None) -> None:
    if language not in dict(User._meta.get_field("language").choices or []):
        raise ValidationError({"language": _("Unknown language.")})
    if actor.language == language:
        return
    user = User.objects.select_for_update().get(pk=actor.pk)
    user.language = language
    user.save(update_fields=["language", "updated_at"])
    actor.language = language
    record(
        actor=actor,
        action=actions.PREFERENCES_CHANGED,
        obj=user,
        organisation=home_organisation_id(user),
        details={"changed_fields": ["language"]},
        request=request,
    )


def password_changed(
    *, actor: User, request: HttpRequest | None = None, by_link: bool = False
) -> None:
    """Record a password change (the form itself saved it) and end API tokens."""
    with transaction.atomic():
        AuthToken.objects.filter(user=actor).delete()
        record(
            actor=actor,
            action=actions.PASSWORD_SET if by_link else actions.PASSWORD_CHANGED,
            obj=actor,
            organisation=home_organisation_id(actor),
            request=request,
        )


def api_token_create(*, user: User, request: HttpRequest | None = None) -> tuple[AuthToken, str]:
    with transaction.atomic():
        instance, token = AuthToken.objects.create(user=user)
        record(
            actor=user,
            action=actions.TOKEN_CREATED,
            obj=user,
            organisation=home_organisation_id(user),
            request=request,
        )
    return instance, token


def api_token_revoke(*, user: User, token: AuthToken, request: HttpRequest | None = None) -> None:
    with transaction.atomic():
        token.delete()
        record(
            actor=user,
            action=actions.TOKEN_REVOKED,
            obj=user,
            organisation=home_organisation_id(user),
            request=request,
        )


@transaction.atomic
def bootstrap_sysadmin(
    *,
    organisation_name: str = "",
    kind: str = "",
    country: str = "",
    username: str,
    password: str | None,
    full_name: str = "",
    email: str = "",
    organisation: Organisation | None = None,
) -> User:
    """Create the first organisation and its system administrator on an empty installation
    (``haven createsysadmin``); refuses when a system administrator exists."""
    if RoleGrant.objects.filter(role=Role.SYSADMIN).exists():
        raise ValidationError(_("A system administrator exists already."))
    org = organisation
    if org is None:
        org = Organisation(name=organisation_name.strip(), kind=kind, country=country)
        org.full_clean()
        org.save()
        record(actor=None, action=actions.ORG_CREATED, obj=org)
    user = User(username=username.strip(), full_name=full_name.strip(), email=email.strip())
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    membership = Membership.objects.create(user=user, organisation=org)
    RoleGrant.objects.bulk_create(
        RoleGrant(membership=membership, role=r) for r in (Role.SYSADMIN, Role.ORG_ADMIN)
    )
    record(
        actor=None,
        action=actions.USER_CREATED,
        obj=user,
        organisation=org,
        details={"roles": [Role.SYSADMIN.value, Role.ORG_ADMIN.value], "bootstrap": True},
    )
    return user
