"""The demo: this node's keys, a synthetic EU partner with an agreement, one referral in
each direction; idempotent."""

import io

import pytest

from haven.accounts import demo as accounts_demo
from haven.accounts.models import User
from haven.cases import services as case_services
from haven.exchange import demo, services
from haven.exchange.models import Agreement, Node, Partner, Transfer
from haven.exchange.vocab import Direction, Status

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_has_content():
    assert demo.load(io.StringIO()) is None  # nothing before the accounts demo
    assert not Node.objects.exists()
    accounts_demo.load(io.StringIO())
    coordinator = User.objects.get(username="coordinator")
    org = coordinator.memberships.get().organisation
    person = case_services.person_register(
        actor=coordinator, organisation=org, family_name="Demo", given_names="Person"
    )
    case_services.case_open(actor=coordinator, person=person)
    out = io.StringIO()
    demo.load(out)
    demo.load(io.StringIO())
    assert Node.objects.count() == 1
    partner = Partner.objects.get()
    assert partner.node_id == demo.PARTNER_ID
    assert Agreement.objects.get().in_force()
    incoming = Transfer.objects.get(direction=Direction.IN)
    assert incoming.status == Status.RECEIVED
    assert incoming.payload["family_name"] == "Lin (synthetic)"
    outgoing = Transfer.objects.get(direction=Direction.OUT)
    assert outgoing.case.person == person
    assert services.fingerprint() in out.getvalue()
