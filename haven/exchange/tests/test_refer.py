"""The sending node: a referral abroad carries only what the agreement allows, signed and
encrypted to the partner; delivery with retries; statuses flowing back; withdrawal."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.cases import timeline
from haven.exchange import actions, services, transport
from haven.exchange.models import Message, Transfer
from haven.exchange.services import inbox, outbox
from haven.exchange.tests import factories as f
from haven.exchange.vocab import Delivery, DeliveryMethod, Direction, MessageType, Status
from haven.referrals.tests.factories import PHONE

pytestmark = pytest.mark.django_db

CHOSEN = ["family_name", "given_names", "birth_date", "sex", "child"]


def send(world, s, case, fields=None, **extra):
    return services.transfer_send(
        actor=f.coordinator(world),
        case=case,
        agreement=s.agreement,
        purpose=f.PURPOSE,
        to_organisation=f.REMOTE_ORG,
        fields=fields or CHOSEN,
        **extra,
    )


def test_a_referral_carries_only_the_chosen_allowed_fields(world, monkeypatch):
    s = f.scene(world, monkeypatch)
    case = f.shared_case(world)
    transfer = send(
        world, s, case, message="Please call before the visit.", fields=[*CHOSEN, "message"]
    )
    outbox.deliver_due(everything=True)
    assert len(s.wire.posts) == 1
    url, token = s.wire.posts[0]
    assert url == "https://partner.example.org/api/v1/exchange/inbox"
    assert "Zhangsan" not in token
    assert PHONE not in token
    claims = s.fake.open(token)
    assert (claims["typ"], claims["agr"], claims["pur"], claims["aud"]) == (
        MessageType.REFERRAL,
        f.CODE,
        f.PURPOSE,
        s.fake.node_id,
    )
    referral = claims["body"]["referral"]
    assert set(referral["fields"]) == {*CHOSEN, "message"}
    assert referral["fields"]["family_name"] == "Zhangsan"
    assert referral["fields"]["birth_date"] == "1990-05-01"
    assert referral["reference"] == case.reference
    assert referral["consent"]["share_abroad"] is True
    assert claims["ref"] == str(transfer.thread)
    message = Message.objects.get(transfer=transfer)
    assert message.delivery == Delivery.DELIVERED
    sent = AuditEvent.objects.get(action=actions.REFERRAL_SENT)
    assert sent.details["agreement"] == f.CODE
    assert "family_name" in sent.details["fields"]
    assert AuditEvent.objects.filter(
        action=actions.MESSAGE_SENT, details__agreement=f.CODE
    ).exists()


def test_no_consent_no_referral(world, monkeypatch):
    s = f.scene(world, monkeypatch)
    from haven.referrals.tests.factories import open_case

    case = open_case(world)
    with pytest.raises(ValidationError) as caught:
        send(world, s, case)
    assert caught.value.code == "consent"
    f.consent(world, case)
    f.consent(world, case, given=False)
    with pytest.raises(ValidationError):
        send(world, s, case)
    assert not Transfer.objects.exists()
    assert not s.wire.posts


def test_a_child_needs_the_guardians_consent(world, monkeypatch):
    s = f.scene(world, monkeypatch)
    from haven.referrals.tests.factories import open_case

    child = open_case(world, birth_date=timezone.localdate() - datetime.timedelta(days=365 * 15))
    assert child.is_child
    with pytest.raises(ValidationError):
        f.consent(world, child)  # cases refuses a child's consent without a guardian
    f.consent(world, child, guardian="Aunt (synthetic)")
    transfer = send(world, s, child)
    assert transfer.child


def test_fields_outside_the_agreement_are_refused(world, monkeypatch):
    s = f.scene(world, monkeypatch)
    case = f.shared_case(world)
    with pytest.raises(ValidationError) as caught:
        services.transfer_send(
            actor=f.coordinator(world),
            case=case,
            agreement=s.agreement,
            purpose="family_tracing",
            to_organisation=f.REMOTE_ORG,
            fields=["family_name", "contacts"],
        )
    assert "fields" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.transfer_send(
            actor=f.coordinator(world),
            case=case,
            agreement=s.agreement,
            purpose="criminal_proceedings",
            to_organisation=f.REMOTE_ORG,
            fields=["family_name"],
        )
    with pytest.raises(ValidationError):
        services.transfer_send(
            actor=f.coordinator(world),
            case=case,
            agreement=s.agreement,
            purpose=f.PURPOSE,
            to_organisation="not-in-the-agreement",
            fields=["family_name"],
        )


def test_no_referral_outside_an_agreement_in_force_or_its_organisations(world, monkeypatch):
    s = f.scene(world, monkeypatch)
    case = f.shared_case(world)
    s.agreement.valid_until = timezone.localdate() - datetime.timedelta(days=1)
    s.agreement.save()
    with pytest.raises(ValidationError):
        send(world, s, case)
    other_orgs = f.agreement(world, s.partner, code="ORG-B-ONLY", organisations=[world.org_b])
    with pytest.raises(ValidationError):
        services.transfer_send(
            actor=f.coordinator(world),
            case=case,
            agreement=other_orgs,
            purpose=f.PURPOSE,
            to_organisation=f.REMOTE_ORG,
            fields=["family_name"],
        )


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.SYSADMIN])
def test_only_coordinators_of_the_case_refer_abroad(world, monkeypatch, role):
    s = f.scene(world, monkeypatch)
    case = f.shared_case(world)
    for actor in (world.user(role), f.coordinator(world, other=True)):
        with pytest.raises(PermissionDenied):
            services.transfer_send(
                actor=actor,
                case=case,
                agreement=s.agreement,
                purpose=f.PURPOSE,
                to_organisation=f.REMOTE_ORG,
                fields=["family_name"],
            )


def test_delivery_retries_with_backoff_then_gives_up(world, monkeypatch):
    s = f.scene(world, monkeypatch)
    transfer = send(world, s, f.shared_case(world))
    message = Message.objects.get(transfer=transfer)
    s.wire.replies = [transport.TransportError("timeout"), transport.Reply(503, {})]
    assert outbox.attempt(message.pk) == Delivery.RETRYING
    message.refresh_from_db()
    assert message.attempts == 1
    assert message.last_error == "timeout"
    assert message.next_attempt_at > timezone.now()
    assert outbox.deliver_due() == {}  # not due yet
    assert outbox.attempt(message.pk) == Delivery.RETRYING
    Message.objects.filter(pk=message.pk).update(attempts=outbox.MAX_ATTEMPTS - 1)
    s.wire.replies = [transport.TransportError("connection")]
    assert outbox.attempt(message.pk) == Delivery.FAILED
    assert AuditEvent.objects.filter(action=actions.MESSAGE_FAILED).exists()


@pytest.mark.parametrize(
    ("reply", "state"),
    [
        (transport.Reply(403, {"code": "unknown_agreement"}), Delivery.FAILED),
        (transport.Reply(409, {"code": "replayed"}), Delivery.DELIVERED),
        (transport.Reply(429, {}), Delivery.RETRYING),
    ],
)
def test_delivery_outcomes(world, monkeypatch, reply, state):
    s = f.scene(world, monkeypatch)
    message = Message.objects.get(transfer=send(world, s, f.shared_case(world)))
    s.wire.replies = [reply]
    assert outbox.attempt(message.pk) == state


def test_air_gapped_partners_get_files(world, monkeypatch, client):
    s = f.scene(world, monkeypatch)
    services.partner_change(
        actor=f.sysadmin(world), partner=s.partner, delivery=DeliveryMethod.FILE
    )
    s.agreement.refresh_from_db()
    transfer = send(world, s, f.shared_case(world))
    message = Message.objects.get(transfer=transfer)
    assert message.delivery == Delivery.FILE
    assert outbox.deliver_due(everything=True) == {}
    assert not s.wire.posts
    client.force_login(f.coordinator(world), backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(f"/exchange/messages/{message.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.jwe"')
    assert s.fake.open(response.content.decode())["typ"] == MessageType.REFERRAL
    message.refresh_from_db()
    assert message.delivery == Delivery.DOWNLOADED
    assert AuditEvent.objects.filter(action=actions.ENVELOPE_DOWNLOADED).exists()


def test_status_messages_flow_back_to_the_case_timeline(world, monkeypatch):
    s = f.scene(world, monkeypatch)
    case = f.shared_case(world)
    transfer = send(world, s, case)
    thread = str(transfer.thread)
    for status, extra in (("received", {}), ("accepted", {"reference": "DE-2026-000007"})):
        token = s.fake.seal(typ=MessageType.STATUS, body={"status": status, **extra}, thread=thread)
        inbox.receive(token)
    transfer.refresh_from_db()
    assert transfer.status == Status.ACCEPTED
    assert transfer.remote_reference == "DE-2026-000007"
    late = s.fake.seal(typ=MessageType.STATUS, body={"status": "received"}, thread=thread)
    inbox.receive(late)  # out of order: recorded, the status does not go back
    transfer.refresh_from_db()
    assert transfer.status == Status.ACCEPTED
    titles = [item.title for item in timeline.build(case)]
    assert any("Accepted" in t for t in titles)
    assert any("Referred abroad" in t for t in titles)
    assert AuditEvent.objects.filter(
        action=actions.REFERRAL_STATUS, details__status="accepted"
    ).exists()
    declined = send(world, s, f.shared_case(world))
    token = s.fake.seal(
        typ=MessageType.STATUS,
        body={"status": "declined", "reason": "No capacity (synthetic)"},
        thread=str(declined.thread),
    )
    inbox.receive(token)
    declined.refresh_from_db()
    assert (declined.status, declined.reason) == (Status.DECLINED, "No capacity (synthetic)")


def test_withdrawing_consent_tells_the_partner_to_erase(world, monkeypatch):
    s = f.scene(world, monkeypatch)
    case = f.shared_case(world)
    transfer = send(world, s, case)
    f.consent(world, case, given=False)
    transfer.refresh_from_db()
    assert transfer.status == Status.WITHDRAWN
    withdrawal = Message.objects.get(transfer=transfer, type=MessageType.WITHDRAWAL)
    outbox.deliver_due(everything=True)
    claims = s.fake.open(withdrawal.envelope)
    assert claims["body"] == {"reason": "consent_withdrawn"}
    assert claims["ref"] == str(transfer.thread)
    confirm = s.fake.seal(
        typ=MessageType.ERASED, body={"erased_at": "now"}, thread=str(transfer.thread)
    )
    inbox.receive(confirm)
    transfer.refresh_from_db()
    assert transfer.status == Status.ERASED
    titles = [item.title for item in timeline.build(case)]
    assert any("erase" in t for t in titles)
    assert AuditEvent.objects.filter(action=actions.ERASURE_CONFIRMED).exists()
    # Nothing more can be withdrawn, and no second referral goes without consent.
    with pytest.raises(ValidationError):
        services.transfer_withdraw(actor=f.coordinator(world), transfer=transfer)


def test_the_sender_may_withdraw_a_referral(world, monkeypatch):
    s = f.scene(world, monkeypatch)
    transfer = send(world, s, f.shared_case(world))
    with pytest.raises(PermissionDenied):
        services.transfer_withdraw(actor=f.coordinator(world, other=True), transfer=transfer)
    withdrawn = services.transfer_withdraw(actor=f.coordinator(world), transfer=transfer)
    assert withdrawn.status == Status.WITHDRAWN
    assert Message.objects.filter(
        transfer=transfer, type=MessageType.WITHDRAWAL, direction=Direction.OUT
    ).exists()


def test_erasing_the_identity_tells_the_partner_too(world, monkeypatch):
    from haven.cases import services as case_services

    s = f.scene(world, monkeypatch)
    case = f.shared_case(world)
    transfer = send(world, s, case)
    case_services.person_erase(actor=f.coordinator(world), person=case.person, reason="request")
    transfer.refresh_from_db()
    assert transfer.status == Status.WITHDRAWN
    withdrawal = Message.objects.get(transfer=transfer, type=MessageType.WITHDRAWAL)
    assert s.fake.open(withdrawal.envelope)["body"] == {"reason": "identity_erased"}


def test_a_partner_that_was_down_gets_the_message_later(world, monkeypatch):
    s = f.scene(world, monkeypatch)
    message = Message.objects.get(transfer=send(world, s, f.shared_case(world)))
    s.wire.replies = [transport.TransportError("connection refused")]
    assert outbox.attempt(message.pk) == Delivery.RETRYING
    assert outbox.deliver_due() == {}, "nothing is sent before the retry is due"
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    s.wire.replies = []  # the partner answers again
    assert outbox.deliver_due() == {Delivery.DELIVERED: 1}
    message.refresh_from_db()
    assert message.delivery == Delivery.DELIVERED
