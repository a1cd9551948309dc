"""This node's keys, partner registration (fingerprint checked) and agreements."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.exchange import actions, envelope, services
from haven.exchange.models import NodeKey
from haven.exchange.services import inbox, outbox
from haven.exchange.tests import factories as f
from haven.exchange.vocab import MessageType

pytestmark = pytest.mark.django_db


def test_init_makes_two_key_pairs_with_private_halves_encrypted(world):
    node = f.init_node(world)
    keys = list(NodeKey.objects.all())
    assert sorted(k.use for k in keys) == ["enc", "sig"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT private_jwk FROM exchange_nodekey")
        stored = [row[0] for row in cursor.fetchall()]
    assert all(value.startswith("hv1.") and '"d"' not in value for value in stored)
    document = services.jwks()
    assert document["node"]["id"] == node.node_id
    assert all("d" not in key for key in document["keys"])
    assert AuditEvent.objects.filter(action=actions.NODE_INITIALISED).count() == 1
    with pytest.raises(ValidationError):
        services.node_init(actor=None, name="Again", country="CN", endpoint="https://x.example.org")


@pytest.mark.parametrize(
    ("endpoint", "ok"),
    [
        ("https://haven.example.org/", True),
        ("http://127.0.0.1:8001", True),
        ("http://localhost:9000", True),
        ("http://haven.example.org", False),
        ("ftp://haven.example.org", False),
        ("haven.example.org", False),
    ],
)
def test_endpoints_must_be_https_except_on_this_machine(world, endpoint, ok):
    if ok:
        assert services.node_init(actor=None, name="N", country="CN", endpoint=endpoint)
    else:
        with pytest.raises(ValidationError):
            services.node_init(actor=None, name="N", country="CN", endpoint=endpoint)


def test_only_system_administrators_manage_the_node(world):
    with pytest.raises(PermissionDenied):
        services.node_init(
            actor=world.user(Role.COORDINATOR), name="N", country="CN", endpoint="https://x.org"
        )


def test_rotation_keeps_old_keys_for_verification_and_decryption(world, monkeypatch):
    s = f.scene(world, monkeypatch)
    before = services.fingerprint()
    old_enc = dict(NodeKey.objects.get(use="enc", is_current=True).public_jwk)
    signed_before = outbox.seal_for(
        partner=s.partner,
        agreement=s.agreement,
        message_type=MessageType.STATUS,
        purpose=f.PURPOSE,
        body={},
    )[1]
    services.node_rotate(actor=f.sysadmin(world))
    assert NodeKey.objects.filter(is_current=True).count() == 2
    assert NodeKey.objects.count() == 4
    assert services.fingerprint() != before
    kids = {k["kid"] for k in services.jwks()["keys"]}
    assert old_enc["kid"] in kids
    # The partner, with our new key set, still verifies what we signed before rotating.
    assert s.fake.open(signed_before)["typ"] == MessageType.STATUS
    # A message the partner encrypted to our old key still opens here.
    token, _thread = s.fake.referral(to_organisation=world.org_a.pk, recipient_key=old_enc)
    assert inbox.receive(token).transfer is not None


def test_register_a_partner_when_the_fingerprint_matches(world):
    fake = f.fake_node()
    partner = f.register(world, fake)
    assert partner.node_id == fake.node_id
    assert partner.fingerprint == fake.fingerprint()
    assert partner.country == "DE"
    assert AuditEvent.objects.filter(action=actions.PARTNER_REGISTERED).exists()


def test_a_key_set_not_matching_the_fingerprint_is_refused(world):
    f.init_node(world)
    fake, impostor = f.fake_node(), f.fake_node()
    with pytest.raises(ValidationError) as caught:
        services.partner_register(
            actor=f.sysadmin(world), document=fake.document(), fingerprint=impostor.fingerprint()
        )
    assert "fingerprint" in caught.value.message_dict


def test_partner_registration_refuses_own_keys_duplicates_and_non_admins(world):
    f.init_node(world)
    own = services.jwks()
    with pytest.raises(ValidationError):
        services.partner_register(
            actor=f.sysadmin(world), document=own, fingerprint=services.fingerprint()
        )
    fake = f.fake_node()
    f.register(world, fake)
    with pytest.raises(ValidationError):
        f.register(world, fake)
    with pytest.raises(PermissionDenied):
        services.partner_register(
            actor=f.coordinator(world), document=fake.document(), fingerprint=fake.fingerprint()
        )


def test_new_partner_keys_need_a_new_matching_fingerprint(world):
    fake = f.fake_node()
    partner = f.register(world, fake)
    old = fake.fingerprint()
    fake.sig = envelope.generate_key("sig")
    with pytest.raises(ValidationError):
        services.partner_update_keys(
            actor=f.sysadmin(world), partner=partner, document=fake.document(), fingerprint=old
        )
    updated = services.partner_update_keys(
        actor=f.sysadmin(world),
        partner=partner,
        document=fake.document(),
        fingerprint=fake.fingerprint(),
    )
    assert updated.signing_kid == fake.sig["kid"]
    other = f.fake_node()
    with pytest.raises(ValidationError):
        services.partner_update_keys(
            actor=f.sysadmin(world),
            partner=partner,
            document=other.document(),
            fingerprint=other.fingerprint(),
        )


def test_agreement_terms_are_checked(world):
    partner = f.register(world, f.fake_node())
    agreement = f.agreement(world, partner)
    assert agreement.purposes == [f.PURPOSE, "family_tracing"]
    assert agreement.in_force()
    today = timezone.localdate()
    bad = [
        {"fields": {}},
        {"fields": {"unknown_purpose": ["family_name"]}},
        {"fields": {f.PURPOSE: ["shoe_size"]}},
        {"valid_until": today - datetime.timedelta(days=5)},
        {"organisations": []},
        {"partner_organisations": []},
        {"partner_organisations": [{"id": "x", "name": ""}]},
        {"retention_days": 0},
        {"code": f.CODE},
    ]
    base = {
        "actor": f.sysadmin(world),
        "partner": partner,
        "code": "OTHER",
        "title": "t",
        "fields": {f.PURPOSE: ["family_name"]},
        "retention_days": 10,
        "valid_from": today,
        "valid_until": today,
        "organisations": [world.org_a],
        "partner_organisations": [{"id": "x", "name": "X"}],
    }
    for change in bad:
        with pytest.raises(ValidationError):
            services.agreement_save(**{**base, **change})
    with pytest.raises(PermissionDenied):
        services.agreement_save(**{**base, "actor": f.coordinator(world)})


def test_an_expired_or_suspended_agreement_is_not_in_force(world):
    partner = f.register(world, f.fake_node())
    today = timezone.localdate()
    past = f.agreement(
        world,
        partner,
        code="OLD",
        valid_from=today - datetime.timedelta(days=30),
        valid_until=today - datetime.timedelta(days=1),
    )
    assert not past.in_force()
    current = f.agreement(world, partner)
    services.partner_change(actor=f.sysadmin(world), partner=partner, is_active=False)
    current.partner.refresh_from_db()
    assert not current.in_force()
