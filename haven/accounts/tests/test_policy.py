"""The one policy: can() and scope() follow the role matrix and organisation boundaries."""

import pytest

from haven.accounts import policy, services
from haven.accounts.models import Membership, Organisation, User
from haven.accounts.roles import ALL, MATRIX, Cap, Role
from haven.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_can_follows_the_matrix(world):
    for role in Role:
        user = world.user(role)
        for cap in Cap:
            assert policy.can(user, cap) == (cap in MATRIX[role]), (role, cap)


def test_anonymous_and_inactive_users_can_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert not policy.can(AnonymousUser(), Cap.USERS_MANAGE)
    admin = world.user(Role.ORG_ADMIN)
    admin.is_active = False
    assert not policy.can(admin, Cap.USERS_MANAGE)


def test_object_of_another_organisation_is_out_of_reach(world):
    admin_a = world.user(Role.ORG_ADMIN)
    assert policy.can(admin_a, Cap.USERS_MANAGE, world.org_a)
    assert not policy.can(admin_a, Cap.USERS_MANAGE, world.org_b)
    assert not policy.can(admin_a, Cap.USERS_MANAGE, world.user(Role.CASEWORKER, other=True))
    assert policy.can(world.user(Role.SYSADMIN), Cap.USERS_MANAGE, world.org_b)


def test_scope_narrows_to_own_organisation(world):
    admin_a = world.user(Role.ORG_ADMIN)
    users = policy.scope(User.objects.all(), admin_a, Cap.USERS_MANAGE)
    assert set(users) == set(world.users_a.values())
    orgs = policy.scope(Organisation.objects.all(), admin_a, Cap.USERS_MANAGE)
    assert list(orgs) == [world.org_a]
    events = policy.scope(AuditEvent.objects.all(), admin_a, Cap.AUDIT_READ)
    assert events.exists()
    assert not events.exclude(organisation=world.org_a).exists()


def test_scope_for_everywhere_and_nowhere(world):
    assert policy.organisations_for(world.user(Role.SYSADMIN), Cap.AUDIT_READ) is ALL
    everything = policy.scope(User.objects.all(), world.user(Role.SYSADMIN), Cap.USERS_MANAGE)
    assert everything.count() == User.objects.count()
    nothing = policy.scope(User.objects.all(), world.user(Role.SCREENER), Cap.USERS_MANAGE)
    assert not nothing.exists()


def test_deactivated_membership_takes_roles_away_at_once(world):
    caseworker = world.user(Role.CASEWORKER)
    assert policy.can(caseworker, Cap.CASE_READ)
    membership = Membership.objects.get(user=caseworker)
    services.membership_deactivate(actor=world.user(Role.ORG_ADMIN), membership=membership)
    fresh = User.objects.get(pk=caseworker.pk)
    assert not fresh.is_active
    assert not policy.can(fresh, Cap.CASE_READ)


def test_roles_add_up_across_organisations(world):
    sysadmin = world.user(Role.SYSADMIN)
    coordinator = world.user(Role.COORDINATOR)
    services.membership_add(
        actor=sysadmin, user=coordinator, organisation=world.org_b, roles=[Role.ORG_ADMIN]
    )
    fresh = User.objects.get(pk=coordinator.pk)
    assert policy.can(fresh, Cap.CASE_READ, world.org_a)
    assert not policy.can(fresh, Cap.CASE_READ, world.org_b)
    assert policy.can(fresh, Cap.USERS_MANAGE, world.org_b)
    assert not policy.can(fresh, Cap.USERS_MANAGE, world.org_a)


def test_inactive_organisation_grants_nothing(world):
    services.organisation_update(
        actor=world.user(Role.SYSADMIN), organisation=world.org_b, is_active=False
    )
    admin_b = User.objects.get(pk=world.user(Role.ORG_ADMIN, other=True).pk)
    assert not policy.can(admin_b, Cap.USERS_MANAGE)
