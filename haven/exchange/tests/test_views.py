"""The exchange pages, driven as a coordinator and a system administrator would."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from haven.audit.models import AuditEvent
from haven.exchange import actions, services, transport
from haven.exchange.models import Agreement, Partner, Transfer
from haven.exchange.tests import factories as f
from haven.exchange.vocab import Direction, Status

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle() -> None:
    cache.clear()


def test_node_page_initialises_and_shows_the_fingerprint(world, login):
    client = login(f.sysadmin(world))
    page = client.get("/exchange/node/")
    assert "Initialise this node" in page.content.decode()
    response = client.post(
        "/exchange/node/",
        {"name": "Web Node (synthetic)", "country": "CN", "endpoint": "http://haven.example.org"},
    )
    assert response.status_code == 200
    assert "https://" in response.content.decode()
    response = client.post(
        "/exchange/node/",
        {"name": "Web Node (synthetic)", "country": "CN", "endpoint": "https://haven.example.org"},
    )
    assert response.status_code == 302
    page = client.get("/exchange/node/").content.decode()
    assert services.fingerprint() in page
    assert str(world.org_a.pk) in page
    assert client.post("/exchange/node/rotate/").status_code == 302
    assert AuditEvent.objects.filter(action=actions.KEYS_ROTATED).exists()


def test_partner_registration_page_checks_the_fingerprint(world, login):
    f.init_node(world)
    fake = f.fake_node()
    client = login(f.sysadmin(world))
    form = {"jwks": json.dumps(fake.document()), "delivery": "network"}
    wrong = client.post(
        "/exchange/partners/new/", {**form, "fingerprint": f.fake_node().fingerprint()}
    )
    assert wrong.status_code == 200
    assert "does not match" in wrong.content.decode()
    assert not Partner.objects.exists()
    right = client.post("/exchange/partners/new/", {**form, "fingerprint": fake.fingerprint()})
    assert right.status_code == 302
    partner = Partner.objects.get()
    detail = client.get(f"/exchange/partners/{partner.pk}/").content.decode()
    assert partner.fingerprint in detail
    listing = client.get("/exchange/partners/").content.decode()
    assert partner.name in listing
    suspend = client.post(f"/exchange/partners/{partner.pk}/status/", {"change": "suspend"})
    assert suspend.status_code == 302
    partner.refresh_from_db()
    assert not partner.is_active


def test_agreement_form(world, login):
    partner = f.register(world, f.fake_node())
    client = login(f.sysadmin(world))
    data = {
        "partner": partner.pk,
        "code": "WEB-1",
        "title": "Web agreement (synthetic)",
        "valid_from": "2026-01-01",
        "valid_until": "2031-01-01",
        "retention_days": 60,
        "organisations": [world.org_a.pk],
        "partner_organisations": "p-1 | Partner One (synthetic)\np-2 | Partner Two (synthetic)",
        "allow_matching": "on",
        "is_active": "on",
        "fields_family_tracing": ["family_name", "given_names", "birth_date"],
    }
    response = client.post("/exchange/agreements/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    agreement = Agreement.objects.get()
    assert agreement.partner_organisations[1] == {"id": "p-2", "name": "Partner Two (synthetic)"}
    assert agreement.fields == {"family_tracing": ["family_name", "given_names", "birth_date"]}
    empty = client.post(
        f"/exchange/agreements/{agreement.pk}/edit/", {**data, "fields_family_tracing": []}
    )
    assert empty.status_code == 200
    assert "at least one field" in empty.content.decode()
    detail = login(f.coordinator(world)).get(f"/exchange/agreements/{agreement.pk}/")
    assert "Family tracing" in detail.content.decode()


def test_refer_abroad_with_a_check_page(world, monkeypatch, login):
    s = f.scene(world, monkeypatch)
    case = f.shared_case(world)
    client = login(f.coordinator(world))
    case_page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Refer abroad" in case_page
    choose = client.get(f"/exchange/refer/{case.pk}/").content.decode()
    option = f"{s.agreement.pk}:{f.PURPOSE}"
    assert option in choose
    form = client.get(f"/exchange/refer/{case.pk}/", {"option": option}).content.decode()
    assert f.REMOTE_ORG_NAME in form
    data = {
        "option": option,
        "to_organisation": f.REMOTE_ORG,
        "chosen": ["family_name", "birth_date"],
        "message": "Meet at the station (synthetic).",
        "step": "check",
    }
    check = client.post(f"/exchange/refer/{case.pk}/", data).content.decode()
    assert "Zhangsan" in check
    assert f.REMOTE_ORG_NAME in check
    assert "Meet at the station" in check
    assert not Transfer.objects.exists()
    sent = client.post(f"/exchange/refer/{case.pk}/", {**data, "step": "send"})
    assert sent.status_code == 302
    transfer = Transfer.objects.get()
    assert list(transfer.fields) == ["family_name", "birth_date", "message"]
    detail = client.get(sent["Location"]).content.decode()
    assert "Withdraw and ask for erasure" in detail
    timeline = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Referred abroad" in timeline


def test_refer_without_consent_says_so(world, monkeypatch, login):
    s = f.scene(world, monkeypatch)
    from haven.referrals.tests.factories import open_case

    case = open_case(world)
    client = login(f.coordinator(world))
    page = client.get(f"/exchange/refer/{case.pk}/").content.decode()
    assert "has not consented" in page
    data = {
        "option": f"{s.agreement.pk}:{f.PURPOSE}",
        "to_organisation": f.REMOTE_ORG,
        "chosen": ["family_name"],
        "step": "check",
    }
    response = client.post(f"/exchange/refer/{case.pk}/", data).content.decode()
    assert "Record the consent" in response
    assert not Transfer.objects.exists()


def _received(world: Any, s: f.Scene) -> Transfer:
    token, _ = s.fake.referral(to_organisation=world.org_a.pk)
    transfer = services.receive(token).transfer
    assert transfer is not None
    return transfer


def test_inbox_detail_and_answers(world, monkeypatch, login):
    s = f.scene(world, monkeypatch)
    transfer = _received(world, s)
    client = login(f.coordinator(world))
    inbox = client.get("/exchange/").content.decode()
    assert "DE-2026-000042" in inbox
    detail = client.get(f"/exchange/referrals/{transfer.pk}/").content.decode()
    assert "Nguyen" in detail
    assert AuditEvent.objects.filter(action=actions.REFERRAL_VIEWED).exists()
    confirm = client.get(f"/exchange/referrals/{transfer.pk}/accept/").content.decode()
    assert "A new case opens" in confirm
    no_reason = client.post(f"/exchange/referrals/{transfer.pk}/decline/", {"reason": ""})
    assert no_reason.status_code == 200
    accepted = client.post(f"/exchange/referrals/{transfer.pk}/accept/")
    assert accepted.status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == Status.ACCEPTED
    case_page = client.get(f"/cases/{transfer.case_id}/").content.decode()
    assert "opened from a referral received" in case_page
    assert client.post(f"/exchange/referrals/{transfer.pk}/assistance/").status_code == 302
    other = login(f.coordinator(world, other=True))
    assert other.get(f"/exchange/referrals/{transfer.pk}/").status_code == 404


def test_receiving_a_file(world, monkeypatch, login):
    s = f.scene(world, monkeypatch)
    token, _ = s.fake.referral(to_organisation=world.org_a.pk)
    client = login(f.coordinator(world))
    tampered = token[:-8] + ("A" * 8 if not token.endswith("A" * 8) else "B" * 8)
    refused = client.post(
        "/exchange/receive-file/", {"envelope": SimpleUploadedFile("m.jwe", tampered.encode())}
    )
    assert refused.status_code == 200
    assert "refused" in refused.content.decode()
    response = client.post(
        "/exchange/receive-file/", {"envelope": SimpleUploadedFile("m.jwe", token.encode())}
    )
    assert response.status_code == 302
    assert Transfer.objects.filter(direction=Direction.IN).count() == 1


def test_home_cards_and_navigation(world, monkeypatch, login):
    s = f.scene(world, monkeypatch)
    _received(world, s)
    page = login(f.coordinator(world)).get("/").content.decode()
    assert "1 referral from abroad is waiting for your answer." in page
    admin = login(f.sysadmin(world)).get("/").content.decode()
    assert "1 active partner node." in admin
    assert "/exchange/partners/" in admin


def test_match_pages(world, monkeypatch, login):
    s = f.scene(world, monkeypatch)
    case = f.shared_case(world)
    s.wire.replies = [transport.Reply(503, {})]
    client = login(f.coordinator(world))
    page = client.get(f"/exchange/match/ask/{case.pk}/").content.decode()
    assert "No name or date leaves this node" in page
    response = client.post(
        f"/exchange/match/ask/{case.pk}/", {"option": f"{s.agreement.pk}:{f.PURPOSE}"}
    )
    assert response.status_code == 302
    detail = client.get(response["Location"]).content.decode()
    assert "could not be answered" in detail
    assert case.reference in client.get("/exchange/match/").content.decode()


def test_the_list_pages_do_not_query_per_row(world, monkeypatch, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    s = f.scene(world, monkeypatch)
    client = login(f.coordinator(world))
    _received(world, s)
    counts = []
    for _round in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/exchange/").status_code == 200
            assert client.get("/api/v1/exchange/referrals/").status_code == 200
        counts.append(len(queries))
        _received(world, s)
        _received(world, s)
    assert counts[0] == counts[1]
