"""Demo of cross-border cooperation (``haven demo``): this node's keys, a synthetic EU
partner node with an agreement, a referral received from it and one sent to it. Idempotent.

The partner is not reachable (its address is reserved, ``example.org``): it is registered
for delivery by files, so messages to it wait in the outbox for download. Its private keys
exist only while the demo runs: they sign the referral it "sent", then are forgotten.
"""

from __future__ import annotations

import datetime
import time
import uuid
from typing import Any, TextIO

from django.db import transaction
from django.utils import timezone

from haven.accounts.demo import ORGANISATIONS
from haven.accounts.models import Organisation, User
from haven.cases.models import Case, Purpose, Stage
from haven.cases.services import consent_record
from haven.exchange import envelope, services
from haven.exchange.models import Agreement, Partner, Transfer
from haven.exchange.services.node import current_key
from haven.exchange.vocab import DeliveryMethod, Direction, Field, MessageType, SharingPurpose

PARTNER_ID = "urn:haven:demo-eu-partner-node"
PARTNER_NAME = "Demo EU Partner Node, Berlin (synthetic)"
CODE = "DEMO-CN-EU-2026"
REMOTE = [
    {
        "id": "demo-eu-counselling",
        "name": "Demo Specialist Counselling Network, Berlin (synthetic)",
    },
    {"id": "demo-eu-return", "name": "Demo Return and Reintegration Office (synthetic)"},
]
CONTINUITY = [
    Field.FAMILY_NAME,
    Field.GIVEN_NAMES,
    Field.ALIASES,
    Field.BIRTH_DATE,
    Field.SEX,
    Field.CITIZENSHIP,
    Field.LANGUAGES,
    Field.CHILD,
    Field.GUARDIAN,
    Field.EXPLOITATION_TYPES,
    Field.RISK_LEVEL,
    Field.MESSAGE,
]
TRACING = [Field.FAMILY_NAME, Field.GIVEN_NAMES, Field.BIRTH_DATE, Field.SEX, Field.MESSAGE]


def _partner_keys() -> dict[str, dict[str, Any]]:
    return {"sig": envelope.generate_key("sig"), "enc": envelope.generate_key("enc")}


def _document(keys: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return envelope.node_document(
        node_id=PARTNER_ID,
        name=PARTNER_NAME,
        country="DE",
        endpoint="https://haven-eu.example.org",
        keys=[keys["sig"], keys["enc"]],
        signing_kid=keys["sig"]["kid"],
        encryption_kid=keys["enc"]["kid"],
    )


def _incoming(keys: dict[str, dict[str, Any]], organisation: Organisation) -> None:
    """A referral the partner sends us, through the real inbox."""
    node = services.node_get()
    if node is None:
        return
    claims = envelope.new_claims(
        issuer=PARTNER_ID,
        audience=node.node_id,
        agreement=CODE,
        purpose=SharingPurpose.RETURN,
        message_type=MessageType.REFERRAL,
        body={
            "referral": {
                "reference": "EU-2026-000311",
                "from_organisation": REMOTE[0],
                "to_organisation": str(organisation.pk),
                "fields": {
                    "family_name": "Lin (synthetic)",
                    "given_names": "Xiaomei",
                    "birth_date": "1998-04-12",
                    "sex": "Feminine",
                    "citizenship": ["CN"],
                    "languages": ["zh-hans"],
                    "exploitation_types": ["ForcedLabour"],
                    "message": (
                        "Wishes to return home to Guangxi; needs accompaniment and a safe "
                        "place on arrival. (synthetic)"
                    ),
                },
                "consent": {
                    "share_abroad": True,
                    "decided_on": (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
                    "child": False,
                    "guardian": False,
                },
            }
        },
        now=int(time.time()),
        lifetime=3600,
        thread=str(uuid.uuid4()),
    )
    token = envelope.seal(
        claims, signing_key=keys["sig"], recipient_key=dict(current_key("enc").public_jwk)
    )
    services.receive(token)


def _outgoing(agreement: Agreement, organisation: Organisation, coordinator: User) -> None:
    """One case of the organisation referred to the partner (consent recorded first)."""
    case = (
        Case.objects.filter(organisation=organisation)
        .exclude(stage=Stage.CLOSED)
        .select_related("person")
        .order_by("created_at")
        .first()
    )
    if case is None or case.is_child:
        return
    if services.sharing_consent(case) is None:
        consent_record(
            actor=coordinator,
            case=case,
            purpose=Purpose.SHARE_ABROAD,
            given=True,
            method="oral_interpreter",
            language="vi",
        )
    services.transfer_send(
        actor=coordinator,
        case=case,
        agreement=agreement,
        purpose=SharingPurpose.CONTINUITY,
        to_organisation=REMOTE[0]["id"],
        fields=[Field.FAMILY_NAME, Field.GIVEN_NAMES, Field.SEX, Field.LANGUAGES, Field.MESSAGE],
        message="Continuity of counselling after her move to Berlin. (synthetic)",
    )


@transaction.atomic
def load(out: TextIO, scale: int = 0) -> list[tuple[str, str, str]] | None:
    sysadmin = User.objects.filter(username="sysadmin").first()
    coordinator = User.objects.filter(username="coordinator").first()
    home = Organisation.objects.filter(name=ORGANISATIONS[0].name).first()
    if sysadmin is None or coordinator is None or home is None:
        return None
    if services.node_get() is None:
        services.node_init(
            actor=None,
            name="Demo National Referral Node, China (synthetic)",
            country="CN",
            endpoint="http://127.0.0.1:8000",
        )
    if Partner.objects.filter(node_id=PARTNER_ID).exists():
        return None
    keys = _partner_keys()
    document = _document(keys)
    partner = services.partner_register(
        actor=sysadmin,
        document=document,
        fingerprint=envelope.fingerprint(document["keys"]),
        delivery=DeliveryMethod.FILE,
    )
    today = timezone.localdate()
    ours = [home, *Organisation.objects.filter(name=ORGANISATIONS[3].name)]
    agreement = services.agreement_save(
        actor=sysadmin,
        partner=partner,
        code=CODE,
        title="Cooperation on the protection and return of victims of trafficking (synthetic)",
        fields={
            SharingPurpose.CONTINUITY: CONTINUITY,
            SharingPurpose.RETURN: CONTINUITY,
            SharingPurpose.FAMILY_TRACING: TRACING,
        },
        retention_days=90,
        valid_from=today - datetime.timedelta(days=60),
        valid_until=today + datetime.timedelta(days=3 * 365),
        organisations=ours,
        partner_organisations=REMOTE,
        allow_matching=True,
    )
    _incoming(keys, home)
    if not Transfer.objects.filter(partner=partner, direction=Direction.OUT).exists():
        _outgoing(agreement, home, coordinator)
    out.write(f"Exchange: this node's fingerprint is {services.fingerprint()}\n")
    return None
