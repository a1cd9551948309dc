"""Writes of organisations, users and roles: policy, validation and audit in one transaction."""

import pytest
from django.contrib.auth import authenticate
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import RequestFactory
from knox.models import AuthToken

from haven.accounts import services
from haven.accounts.models import Membership, Organisation, User
from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.audit.services import AuditDetailError, record

pytestmark = pytest.mark.django_db


def test_org_admin_creates_a_user_with_roles_and_an_audited_invitation(world):
    admin = world.user(Role.ORG_ADMIN)
    invitation = services.user_create(
        actor=admin,
        organisation=world.org_a,
        username="li.na",
        roles=["caseworker", "screener"],
        full_name="李娜",
        email="li.na@example.org",
        language="zh-hans",
    )
    user = invitation.user
    assert not user.has_usable_password()
    assert Membership.objects.get(user=user).role_codes == ["caseworker", "screener"]
    event = AuditEvent.objects.get(action="user.created", object_id=str(user.pk))
    assert event.actor == admin
    assert event.organisation == world.org_a
    assert event.details == {"roles": ["caseworker", "screener"], "emailed": True}
    assert "李娜" not in str(event.details)
    assert "example.org" not in str(event.details)
    assert invitation.emailed
    assert mail.outbox[-1].to == ["li.na@example.org"]
    assert invitation.link_path in mail.outbox[-1].body
    assert "设置密码" in mail.outbox[-1].body or "password" in mail.outbox[-1].body.lower()


def test_org_admin_cannot_create_users_elsewhere_or_grant_sysadmin(world):
    admin = world.user(Role.ORG_ADMIN)
    with pytest.raises(PermissionDenied):
        services.user_create(actor=admin, organisation=world.org_b, username="x", roles=["analyst"])
    with pytest.raises(PermissionDenied):
        services.user_create(
            actor=admin, organisation=world.org_a, username="x", roles=["sysadmin"]
        )
    with pytest.raises(PermissionDenied):
        services.user_create(
            actor=world.user(Role.COORDINATOR),
            organisation=world.org_a,
            username="x",
            roles=["analyst"],
        )
    assert not User.objects.filter(username="x").exists()


def test_validation_errors_write_nothing(world):
    admin = world.user(Role.ORG_ADMIN)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        services.user_create(
            actor=admin, organisation=world.org_a, username="CASEWORKER_A", roles=["analyst"]
        )
    assert "username" in excinfo.value.message_dict
    with pytest.raises(ValidationError):
        services.user_create(actor=admin, organisation=world.org_a, username="new", roles=[])
    with pytest.raises(ValidationError):
        services.user_create(actor=admin, organisation=world.org_a, username="new", roles=["pilot"])
    assert AuditEvent.objects.count() == before
    assert not User.objects.filter(username="new").exists()


def test_a_failing_audit_record_rolls_back_the_change(world):
    admin = world.user(Role.ORG_ADMIN)

    def create_then_record_badly() -> None:
        with transaction.atomic():
            user = services.user_create(
                actor=admin, organisation=world.org_a, username="rolled", roles=["analyst"]
            ).user
            record(actor=admin, action="user.updated", obj=user, details={"full_name": "x"})

    with pytest.raises(AuditDetailError):
        create_then_record_badly()
    assert not User.objects.filter(username="rolled").exists()


def test_roles_change_is_audited_and_the_last_admin_is_kept(world):
    admin = world.user(Role.ORG_ADMIN)
    membership = Membership.objects.get(user=world.user(Role.ANALYST))
    services.membership_set_roles(actor=admin, membership=membership, roles=["analyst", "trainer"])
    event = AuditEvent.objects.filter(action="user.roles_changed").latest("created_at")
    assert event.details == {"added": ["trainer"], "removed": []}
    own = Membership.objects.get(user=admin)
    with pytest.raises(ValidationError):
        services.membership_set_roles(actor=admin, membership=own, roles=["caseworker"])
    with pytest.raises(PermissionDenied):
        services.membership_set_roles(
            actor=admin,
            membership=Membership.objects.get(user=world.user(Role.ANALYST, True)),
            roles=["analyst"],
        )


def test_deactivation_ends_access_and_tokens_and_reactivation_restores(world):
    admin = world.user(Role.ORG_ADMIN)
    caseworker = world.user(Role.CASEWORKER)
    AuthToken.objects.create(user=caseworker)
    membership = Membership.objects.get(user=caseworker)
    services.membership_deactivate(actor=admin, membership=membership)
    assert not User.objects.get(pk=caseworker.pk).is_active
    assert not AuthToken.objects.filter(user=caseworker).exists()
    from conftest import PASSWORD

    request = RequestFactory().post("/account/login/")
    assert authenticate(request, username="caseworker_a", password=PASSWORD) is None
    services.membership_reactivate(actor=admin, membership=membership)
    assert authenticate(request, username="caseworker_a", password=PASSWORD) is not None
    actions = list(
        AuditEvent.objects.filter(object_id=str(caseworker.pk)).values_list("action", flat=True)
    )
    assert "user.deactivated" in actions
    assert "user.reactivated" in actions
    with pytest.raises(ValidationError):
        services.membership_deactivate(actor=admin, membership=Membership.objects.get(user=admin))


def test_organisation_updates_respect_who_may_change_what(world):
    admin_a = world.user(Role.ORG_ADMIN)
    services.organisation_update(actor=admin_a, organisation=world.org_a, require_2fa=True)
    assert Organisation.objects.get(pk=world.org_a.pk).require_2fa
    event = AuditEvent.objects.filter(action="organisation.updated").latest("created_at")
    assert event.details == {"changed_fields": ["require_2fa"]}
    with pytest.raises(PermissionDenied):
        services.organisation_update(actor=admin_a, organisation=world.org_a, name="Renamed")
    with pytest.raises(PermissionDenied):
        services.organisation_update(actor=admin_a, organisation=world.org_b, require_2fa=True)
    sysadmin = world.user(Role.SYSADMIN)
    services.organisation_update(actor=sysadmin, organisation=world.org_b, name="Renamed B")
    with pytest.raises(ValidationError):
        services.organisation_update(actor=sysadmin, organisation=world.org_b, country="XX")


def test_bootstrap_refuses_a_second_system_administrator(world):
    with pytest.raises(ValidationError):
        services.bootstrap_sysadmin(
            organisation_name="Other",
            kind="police",
            country="CN",
            username="root2",
            password="long enough password",
        )
