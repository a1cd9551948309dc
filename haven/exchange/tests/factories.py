"""Test data for the exchange app, made through the real services.

``FakeNode`` is a partner node in the test's memory: its own key pairs (the pure envelope
engine), its published key set, and the two things a partner does, sealing messages to this
node and opening what this node sent it. ``Wire`` stands in for the network: it records
what this node posts and lets the fake partner answer, so that no test touches a socket.
"""

from __future__ import annotations

import datetime
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from haven.accounts.roles import Role
from haven.cases import services as case_services
from haven.cases.models import Case, Purpose
from haven.exchange import envelope, linkage, services, transport
from haven.exchange.models import Agreement, Node, Partner
from haven.exchange.services.node import current_key
from haven.exchange.vocab import DeliveryMethod, Field, MessageType, SharingPurpose
from haven.referrals.tests.factories import open_case

REMOTE_ORG = "remote-org-1"
REMOTE_ORG_NAME = "Partner Counselling Centre (synthetic)"
CODE = "CN-DE-TEST-01"
PURPOSE = SharingPurpose.CONTINUITY
ALL_FIELDS = list(Field.values)
TRACING_FIELDS = [Field.FAMILY_NAME, Field.GIVEN_NAMES, Field.BIRTH_DATE, Field.SEX]


@dataclass
class FakeNode:
    node_id: str
    name: str
    country: str
    endpoint: str
    sig: dict[str, Any] = field(default_factory=lambda: envelope.generate_key("sig"))
    enc: dict[str, Any] = field(default_factory=lambda: envelope.generate_key("enc"))

    def document(self) -> dict[str, Any]:
        return envelope.node_document(
            node_id=self.node_id,
            name=self.name,
            country=self.country,
            endpoint=self.endpoint,
            keys=[self.sig, self.enc],
            signing_kid=self.sig["kid"],
            encryption_kid=self.enc["kid"],
        )

    def fingerprint(self) -> str:
        return envelope.fingerprint(
            [envelope.public_part(self.sig), envelope.public_part(self.enc)]
        )

    def seal(
        self,
        *,
        typ: str,
        body: dict[str, Any],
        agreement: str = CODE,
        purpose: str = PURPOSE,
        thread: str = "",
        lifetime: int = 3600,
        now: int | None = None,
        audience: str | None = None,
        recipient_key: dict[str, Any] | None = None,
        signing_key: dict[str, Any] | None = None,
        **overrides: Any,
    ) -> str:
        node = Node.objects.get()
        claims = envelope.new_claims(
            issuer=self.node_id,
            audience=audience or node.node_id,
            agreement=agreement,
            purpose=purpose,
            message_type=typ,
            body=body,
            now=now if now is not None else int(time.time()),
            lifetime=lifetime,
            thread=thread,
        )
        claims.update(overrides)
        return envelope.seal(
            claims,
            signing_key=signing_key or self.sig,
            recipient_key=recipient_key or dict(current_key("enc").public_jwk),
        )

    def open(self, token: str) -> dict[str, Any]:
        """Open a message this node sent to the partner (verified with our key set)."""
        document = envelope.parse_node_document(services.jwks())
        return envelope.open_envelope(
            token,
            decryption_keys={self.enc["kid"]: self.enc},
            verification_keys=lambda iss: (
                {k["kid"]: k for k in document.keys if k["use"] == "sig"}
                if iss == document.node_id
                else None
            ),
            audience=self.node_id,
            now=int(time.time()),
        )

    def referral(
        self,
        *,
        fields: dict[str, Any] | None = None,
        to_organisation: Any,
        consent: dict[str, Any] | None = None,
        thread: str | None = None,
        **seal: Any,
    ) -> tuple[str, str]:
        """(envelope, thread) of a referral from this partner to one of our organisations."""
        thread = thread or str(uuid.uuid4())
        body = {
            "referral": {
                "reference": "DE-2026-000042",
                "from_organisation": {"id": REMOTE_ORG, "name": REMOTE_ORG_NAME},
                "to_organisation": str(to_organisation),
                "fields": fields
                if fields is not None
                else {"family_name": "Nguyen", "given_names": "Thi Lan", "sex": "Feminine"},
                "consent": consent
                if consent is not None
                else {
                    "share_abroad": True,
                    "decided_on": "2026-01-10",
                    "child": False,
                    "guardian": False,
                },
            }
        }
        return self.seal(typ=MessageType.REFERRAL, body=body, thread=thread, **seal), thread

    def match_key(self, agreement: str = CODE) -> bytes:
        ours = dict(current_key("enc").public_jwk)
        return linkage.derive_key(
            envelope.shared_secret(self.enc, ours), f"haven-match/{agreement}"
        )


def fake_node(name: str = "Test Partner Node (synthetic)", country: str = "DE") -> FakeNode:
    return FakeNode(
        node_id=f"urn:uuid:{uuid.uuid4()}",
        name=name,
        country=country,
        endpoint="https://partner.example.org",
    )


@dataclass
class Wire:
    """The network, as tests see it: every POST is recorded; ``replies`` answer in turn
    (default 202), or ``answer(url, envelope)`` computes the reply."""

    posts: list[tuple[str, str]] = field(default_factory=list)
    replies: list[Any] = field(default_factory=list)
    answer: Any = None

    def post(self, url: str, token: str) -> transport.Reply:
        self.posts.append((url, token))
        if self.answer is not None:
            return self.answer(url, token)
        if self.replies:
            reply = self.replies.pop(0)
            if isinstance(reply, Exception):
                raise reply
            return reply
        return transport.Reply(202, {"received": "x"})


def sysadmin(world: Any) -> Any:
    return world.user(Role.SYSADMIN)


def coordinator(world: Any, other: bool = False) -> Any:
    return world.user(Role.COORDINATOR, other=other)


def init_node(world: Any) -> Node:
    existing = services.node_get()
    if existing is not None:
        return existing
    return services.node_init(
        actor=sysadmin(world),
        name="Test Node A (synthetic)",
        country="CN",
        endpoint="https://haven-a.example.org",
    )


def register(world: Any, fake: FakeNode, delivery: str = DeliveryMethod.NETWORK) -> Partner:
    init_node(world)
    return services.partner_register(
        actor=sysadmin(world),
        document=fake.document(),
        fingerprint=fake.fingerprint(),
        delivery=delivery,
    )


def agreement(
    world: Any,
    partner: Partner,
    *,
    code: str = CODE,
    organisations: list[Any] | None = None,
    fields: dict[str, list[str]] | None = None,
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    allow_matching: bool = True,
    retention_days: int = 30,
) -> Agreement:
    today = timezone.localdate()
    return services.agreement_save(
        actor=sysadmin(world),
        partner=partner,
        code=code,
        title="Test agreement (synthetic)",
        fields=fields or {PURPOSE: ALL_FIELDS, SharingPurpose.FAMILY_TRACING: TRACING_FIELDS},
        retention_days=retention_days,
        valid_from=valid_from or today - datetime.timedelta(days=1),
        valid_until=valid_until or today + datetime.timedelta(days=365),
        organisations=organisations or [world.org_a],
        partner_organisations=[{"id": REMOTE_ORG, "name": REMOTE_ORG_NAME}],
        allow_matching=allow_matching,
    )


@dataclass
class Scene:
    fake: FakeNode
    partner: Partner
    agreement: Agreement
    wire: Wire


def scene(world: Any, monkeypatch: Any, **agreement_options: Any) -> Scene:
    """This node, one registered fake partner, an agreement and the wire in place."""
    fake = fake_node()
    partner = register(world, fake)
    wire = Wire()
    monkeypatch.setattr(transport, "post", wire.post)
    return Scene(
        fake=fake,
        partner=partner,
        agreement=agreement(world, partner, **agreement_options),
        wire=wire,
    )


def consent(world: Any, case: Case, *, given: bool = True, guardian: str = "") -> None:
    case_services.consent_record(
        actor=coordinator(world, other=case.organisation_id == world.org_b.pk),
        case=case,
        purpose=Purpose.SHARE_ABROAD,
        given=given,
        method="written",
        language="en",
        guardian=guardian,
    )


def shared_case(world: Any, other: bool = False, **person: Any) -> Case:
    """A case of org A (or B) whose person consented to sharing abroad."""
    case = open_case(world, other=other, **person)
    consent(world, case)
    return case
