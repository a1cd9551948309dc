"""The receiving node: ``POST /api/v1/exchange/inbox`` accepts only envelopes that pass
every check, answers problem+json otherwise, and the coordinator answers what arrived."""

from __future__ import annotations

import datetime
import time
from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from haven.audit.models import AuditEvent
from haven.cases.models import Case
from haven.exchange import actions, envelope, services
from haven.exchange.models import Message, Transfer
from haven.exchange.services import outbox
from haven.exchange.tests import factories as f
from haven.exchange.vocab import Delivery, Direction, MessageType, Status

pytestmark = pytest.mark.django_db
INBOX = "/api/v1/exchange/inbox"


@pytest.fixture(autouse=True)
def _fresh_throttle() -> None:
    cache.clear()


def post(client: Any, token: Any) -> Any:
    return client.post(INBOX, {"envelope": token}, content_type="application/json")


def rejected(client: Any, token: Any, code: str, status: int = 403) -> None:
    before = Transfer.objects.count(), Message.objects.filter(direction=Direction.IN).count()
    response = post(client, token)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == code
    after = Transfer.objects.count(), Message.objects.filter(direction=Direction.IN).count()
    assert after == before
    assert AuditEvent.objects.filter(action=actions.MESSAGE_REJECTED, details__code=code).exists()


def test_a_valid_referral_is_received_and_acknowledged(world, monkeypatch, client):
    s = f.scene(world, monkeypatch)
    token, thread = s.fake.referral(to_organisation=world.org_a.pk)
    response = post(client, token)
    assert response.status_code == 202, response.content
    transfer = Transfer.objects.get(direction=Direction.IN)
    assert str(transfer.thread) == thread
    assert transfer.status == Status.RECEIVED
    assert transfer.organisation == world.org_a
    assert transfer.payload["family_name"] == "Nguyen"
    assert transfer.retain_until > timezone.now() + datetime.timedelta(days=29)
    ack = Message.objects.get(direction=Direction.OUT, type=MessageType.STATUS)
    outbox.deliver_due(everything=True)
    claims = s.fake.open(s.wire.posts[0][1])
    assert claims["body"] == {"status": "received"}
    assert claims["ref"] == thread
    assert ack.status == Status.RECEIVED
    received = AuditEvent.objects.get(action=actions.REFERRAL_RECEIVED)
    assert received.details["agreement"] == f.CODE
    assert received.organisation_id == world.org_a.pk


def test_a_tampered_envelope_is_rejected(world, monkeypatch, client):
    s = f.scene(world, monkeypatch)
    token, _ = s.fake.referral(to_organisation=world.org_a.pk)
    parts = token.split(".")
    parts[3] = parts[3][:10] + ("A" if parts[3][10] != "A" else "B") + parts[3][11:]
    rejected(client, ".".join(parts), "tampered")


def test_a_message_for_another_node_is_rejected(world, monkeypatch, client):
    s = f.scene(world, monkeypatch)
    token, _ = s.fake.referral(to_organisation=world.org_a.pk, audience="urn:uuid:someone-else")
    rejected(client, token, "wrong_recipient")
    elsewhere = f.fake_node()
    token, _ = s.fake.referral(to_organisation=world.org_a.pk, recipient_key=elsewhere.enc)
    rejected(client, token, "wrong_recipient")


def test_unknown_or_expired_agreements_are_rejected(world, monkeypatch, client):
    s = f.scene(world, monkeypatch)
    token, _ = s.fake.referral(to_organisation=world.org_a.pk, agreement="NO-SUCH-AGREEMENT")
    rejected(client, token, "unknown_agreement")
    s.agreement.valid_until = timezone.localdate() - datetime.timedelta(days=1)
    s.agreement.save()
    token, _ = s.fake.referral(to_organisation=world.org_a.pk)
    rejected(client, token, "agreement_not_in_force")


def test_a_purpose_or_field_outside_the_agreement_is_rejected(world, monkeypatch, client):
    s = f.scene(world, monkeypatch)
    token, _ = s.fake.referral(
        to_organisation=world.org_a.pk,
        purpose="family_tracing",
        fields={"family_name": "Nguyen", "contacts": {"phone": "+49 30 0000"}},
    )
    rejected(client, token, "field_not_agreed")
    token, _ = s.fake.referral(to_organisation=world.org_a.pk, purpose="criminal_proceedings")
    rejected(client, token, "purpose_not_agreed")
    token, _ = s.fake.referral(to_organisation=world.org_b.pk)
    rejected(client, token, "unknown_organisation")


@pytest.mark.parametrize(
    "consent",
    [
        {},
        {"share_abroad": False, "child": False, "guardian": False},
        {"share_abroad": True, "child": True, "guardian": False},
    ],
)
def test_missing_consent_is_rejected(world, monkeypatch, client, consent):
    s = f.scene(world, monkeypatch)
    token, _ = s.fake.referral(to_organisation=world.org_a.pk, consent=consent)
    rejected(client, token, "consent_missing")


def test_a_replayed_message_is_rejected(world, monkeypatch, client):
    s = f.scene(world, monkeypatch)
    token, _ = s.fake.referral(to_organisation=world.org_a.pk)
    assert post(client, token).status_code == 202
    rejected(client, token, "replayed", 409)


def test_a_key_not_matching_the_registered_fingerprint_is_rejected(world, monkeypatch, client):
    s = f.scene(world, monkeypatch)
    impostor = f.FakeNode(
        node_id=s.fake.node_id, name=s.fake.name, country="DE", endpoint=s.fake.endpoint
    )
    token, _ = impostor.referral(to_organisation=world.org_a.pk)
    rejected(client, token, "unknown_key")
    same_kid = dict(impostor.sig, kid=s.fake.sig["kid"])
    token, _ = impostor.referral(to_organisation=world.org_a.pk, signing_key=same_kid)
    rejected(client, token, "bad_signature")
    stranger = f.fake_node()
    token, _ = stranger.referral(to_organisation=world.org_a.pk)
    rejected(client, token, "unknown_sender")


def test_stale_envelopes_and_garbage_are_rejected(world, monkeypatch, client):
    s = f.scene(world, monkeypatch)
    old = int(time.time()) - 7200
    token, _ = s.fake.referral(to_organisation=world.org_a.pk, now=old, lifetime=3600)
    rejected(client, token, "expired")
    future = int(time.time()) + 3600
    token, _ = s.fake.referral(to_organisation=world.org_a.pk, now=future)
    rejected(client, token, "not_yet_valid")
    rejected(client, "not-an-envelope", "malformed", 400)
    rejected(client, None, "malformed", 400)
    response = client.post(
        INBOX, "x" * (envelope.MAX_ENVELOPE_BYTES + 2000), content_type="application/jose"
    )
    assert response.status_code == 413


def test_a_suspended_partner_is_not_heard(world, monkeypatch, client):
    s = f.scene(world, monkeypatch)
    services.partner_change(actor=f.sysadmin(world), partner=s.partner, is_active=False)
    token, _ = s.fake.referral(to_organisation=world.org_a.pk)
    rejected(client, token, "unknown_sender")


def test_the_inbox_takes_a_bare_jose_body(world, monkeypatch, client):
    s = f.scene(world, monkeypatch)
    token, _ = s.fake.referral(to_organisation=world.org_a.pk)
    response = client.post(INBOX, token, content_type="application/jose")
    assert response.status_code == 202


@override_settings(HAVEN_EXCHANGE_INBOX_RATE="2/min")
def test_the_inbox_is_rate_limited(world, client):
    for _ in range(2):
        post(client, "junk")
    assert post(client, "junk").status_code == 429


def test_an_uninitialised_node_has_no_inbox(db, client):
    response = post(client, "a.b.c.d.e")
    assert response.status_code == 404
    assert client.get("/api/v1/exchange/jwks").status_code == 404


def _received(world: Any, s: f.Scene, **referral: Any) -> Transfer:
    token, _ = s.fake.referral(to_organisation=world.org_a.pk, **referral)
    result = services.receive(token).transfer
    assert result is not None
    return result


def test_accepting_opens_a_linked_case_and_tells_the_sender(world, monkeypatch):
    s = f.scene(world, monkeypatch)
    transfer = _received(
        world,
        s,
        fields={
            "family_name": "Nguyen",
            "given_names": "Thi Lan",
            "birth_date": "2009-03-02",
            "sex": "Feminine",
            "child": {"is_child": True, "presumed": False},
            "guardian": "Uncle (synthetic)",
            "exploitation_types": ["ForcedLabour"],
            "events": [
                {"type": "Recruitment", "date": "2025-11-01", "country": "VN", "city": "Hue"}
            ],
        },
        consent={"share_abroad": True, "child": True, "guardian": True},
    )
    accepted = services.transfer_accept(actor=f.coordinator(world), transfer=transfer)
    case = Case.objects.get(pk=accepted.case_id)
    assert case.organisation == world.org_a
    assert (case.person.family_name, case.person.given_names) == ("Nguyen", "Thi Lan")
    assert case.is_child
    assert case.guardian == "Uncle (synthetic)"
    assert case.events.count() == 1
    assert accepted.payload == {}
    assert accepted.status == Status.ACCEPTED
    message = Message.objects.get(direction=Direction.OUT, status=Status.ACCEPTED)
    assert s.fake.open(message.envelope)["body"] == {
        "status": "accepted",
        "reference": case.reference,
    }
    event = AuditEvent.objects.get(action=actions.REFERRAL_ACCEPTED)
    assert event.details["agreement"] == f.CODE
    progressed = services.transfer_progress(
        actor=f.coordinator(world), transfer=accepted, status=Status.ASSISTANCE
    )
    assert progressed.status == Status.ASSISTANCE
    closed = services.transfer_progress(
        actor=f.coordinator(world), transfer=progressed, status=Status.CLOSED
    )
    assert closed.status == Status.CLOSED
    sent = list(
        Message.objects.filter(direction=Direction.OUT, type=MessageType.STATUS)
        .order_by("created_at")
        .values_list("status", flat=True)
    )
    assert sent == ["received", "accepted", "assistance_started", "closed"]


def test_declining_sends_the_reason_and_erases_what_arrived(world, monkeypatch):
    s = f.scene(world, monkeypatch)
    transfer = _received(world, s)
    with pytest.raises(ValidationError):
        services.transfer_decline(actor=f.coordinator(world), transfer=transfer, reason=" ")
    declined = services.transfer_decline(
        actor=f.coordinator(world), transfer=transfer, reason="No place for a child (synthetic)"
    )
    assert declined.payload == {}
    assert declined.status == Status.DECLINED
    message = Message.objects.get(direction=Direction.OUT, status=Status.DECLINED)
    assert s.fake.open(message.envelope)["body"]["reason"] == "No place for a child (synthetic)"
    assert AuditEvent.objects.filter(action=actions.REFERRAL_DECLINED).exists()


def test_only_the_receiving_coordinator_answers(world, monkeypatch):
    s = f.scene(world, monkeypatch)
    transfer = _received(world, s)
    for actor in (f.coordinator(world, other=True), f.sysadmin(world)):
        with pytest.raises(PermissionDenied):
            services.transfer_accept(actor=actor, transfer=transfer)


def test_withdrawal_before_acceptance_erases_at_once_and_confirms(world, monkeypatch):
    s = f.scene(world, monkeypatch)
    transfer = _received(world, s)
    token = s.fake.seal(
        typ=MessageType.WITHDRAWAL,
        body={"reason": "consent_withdrawn"},
        thread=str(transfer.thread),
    )
    services.receive(token)
    transfer.refresh_from_db()
    assert transfer.status == Status.ERASED
    assert transfer.payload == {}
    confirmation = Message.objects.get(direction=Direction.OUT, type=MessageType.ERASED)
    assert s.fake.open(confirmation.envelope)["ref"] == str(transfer.thread)


def test_withdrawal_after_acceptance_asks_the_coordinator_to_erase(world, monkeypatch):
    s = f.scene(world, monkeypatch)
    transfer = _received(world, s)
    accepted = services.transfer_accept(actor=f.coordinator(world), transfer=transfer)
    token = s.fake.seal(
        typ=MessageType.WITHDRAWAL,
        body={"reason": "consent_withdrawn"},
        thread=str(transfer.thread),
    )
    services.receive(token)
    accepted.refresh_from_db()
    assert accepted.erasure_pending
    assert accepted.status == Status.WITHDRAWN
    assert selectors_waiting(world) == (0, 1)
    erased = services.transfer_erase(actor=f.coordinator(world), transfer=accepted)
    person = Case.objects.get(pk=erased.case_id).person
    assert (person.family_name, person.given_names) == ("", "")
    assert erased.status == Status.ERASED
    assert not erased.erasure_pending
    assert Message.objects.filter(direction=Direction.OUT, type=MessageType.ERASED).exists()
    assert AuditEvent.objects.filter(action=actions.DATA_ERASED).exists()


def selectors_waiting(world: Any) -> tuple[int, int]:
    from haven.exchange import selectors

    return selectors.waiting_counts(actor=f.coordinator(world))


def test_unanswered_data_is_erased_when_retention_ends(world, monkeypatch):
    s = f.scene(world, monkeypatch)
    transfer = _received(world, s)
    later = timezone.now() + datetime.timedelta(days=31)
    assert services.purge_expired(now=later) == 1
    transfer.refresh_from_db()
    assert transfer.payload == {}
    assert transfer.erased_at is not None
    assert AuditEvent.objects.filter(action=actions.DATA_EXPIRED).exists()


def test_status_for_an_unknown_referral_is_rejected(world, monkeypatch, client):
    s = f.scene(world, monkeypatch)
    token = s.fake.seal(
        typ=MessageType.STATUS,
        body={"status": "accepted"},
        thread="6f0c3c52-1d2e-4bb8-9a55-5d2d4f4d0c11",
    )
    rejected(client, token, "unknown_referral", 404)
    token = s.fake.seal(typ="gossip", body={})
    rejected(client, token, "unknown_type", 400)


def test_messages_are_delivered_through_the_task_queue(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    s = f.scene(world, monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        transfer = _received(world, s)
    ack = Message.objects.get(transfer=transfer, direction=Direction.OUT)
    assert ack.delivery == Delivery.DELIVERED
    assert len(s.wire.posts) == 1
