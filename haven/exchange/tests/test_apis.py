"""The exchange API: the same policy as the pages, problem details on errors."""

from __future__ import annotations

from typing import Any

import pytest

from haven.accounts.roles import Role
from haven.exchange import services, transport
from haven.exchange.models import Agreement, Partner, Transfer
from haven.exchange.services import outbox
from haven.exchange.tests import factories as f
from haven.exchange.vocab import Direction, Status

pytestmark = pytest.mark.django_db


def api(client: Any, user: Any) -> Any:
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_node_init_and_rotate_by_api(world, client):
    admin = api(client, f.sysadmin(world))
    assert admin.get("/api/v1/exchange/node").status_code == 404
    response = admin.post(
        "/api/v1/exchange/node",
        {"name": "API Node (synthetic)", "country": "CN", "endpoint": "https://a.example.org"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["fingerprint"] == services.fingerprint()
    rotated = admin.post("/api/v1/exchange/node/rotate").json()
    assert rotated["fingerprint"] != body["fingerprint"]
    assert len(rotated["jwks"]["keys"]) == 4
    public = client.get("/api/v1/exchange/jwks").json()
    assert public["node"]["name"] == "API Node (synthetic)"


def test_register_partner_and_agreement_by_api(world, client):
    f.init_node(world)
    fake = f.fake_node()
    admin = api(client, f.sysadmin(world))
    bad = admin.post(
        "/api/v1/exchange/partners/",
        {"jwks": fake.document(), "fingerprint": "0000 1111"},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert bad["Content-Type"].startswith("application/problem+json")
    assert bad.json()["errors"][0]["field"] == "fingerprint"
    created = admin.post(
        "/api/v1/exchange/partners/",
        {"jwks": fake.document(), "fingerprint": fake.fingerprint(), "delivery": "network"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    partner = created.json()
    assert partner["fingerprint"] == fake.fingerprint()
    terms = {
        "partner": partner["id"],
        "code": "API-1",
        "title": "API agreement (synthetic)",
        "fields": {"family_tracing": ["family_name", "given_names"]},
        "allow_matching": True,
        "retention_days": 14,
        "valid_from": "2026-01-01",
        "valid_until": "2030-12-31",
        "organisations": [str(world.org_a.pk)],
        "partner_organisations": [{"id": "x1", "name": "X One (synthetic)"}],
    }
    response = admin.post("/api/v1/exchange/agreements/", terms, content_type="application/json")
    assert response.status_code == 201, response.content
    agreement = response.json()
    assert agreement["purposes"] == ["family_tracing"]
    changed = admin.put(
        f"/api/v1/exchange/agreements/{agreement['id']}/",
        {**terms, "retention_days": 30},
        content_type="application/json",
    )
    assert changed.json()["retention_days"] == 30
    suspended = admin.patch(
        f"/api/v1/exchange/partners/{partner['id']}/",
        {"is_active": False},
        content_type="application/json",
    )
    assert suspended.json()["is_active"] is False
    coordinator = api(client, f.coordinator(world))
    listed = coordinator.get("/api/v1/exchange/agreements/").json()["results"]
    assert [a["code"] for a in listed] == ["API-1"]
    assert (
        coordinator.post(
            "/api/v1/exchange/agreements/", terms, content_type="application/json"
        ).status_code
        == 403
    )
    other = api(client, f.coordinator(world, other=True))
    assert other.get("/api/v1/exchange/agreements/").json()["results"] == []
    assert other.get(f"/api/v1/exchange/agreements/{agreement['id']}/").status_code == 404
    assert Partner.objects.count() == 1
    assert Agreement.objects.count() == 1


def test_refer_abroad_and_follow_by_api(world, monkeypatch, client):
    s = f.scene(world, monkeypatch)
    case = f.shared_case(world)
    coordinator = api(client, f.coordinator(world))
    body = {
        "case": str(case.pk),
        "agreement": str(s.agreement.pk),
        "purpose": f.PURPOSE,
        "to_organisation": f.REMOTE_ORG,
        "fields": ["family_name", "sex"],
    }
    response = coordinator.post(
        "/api/v1/exchange/referrals/", body, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["status"] == Status.SENT
    assert created["fields"] == ["family_name", "sex"]
    outside = coordinator.post(
        "/api/v1/exchange/referrals/",
        {**body, "purpose": "family_tracing", "fields": ["contacts"]},
        content_type="application/json",
    )
    assert outside.status_code == 400
    detail = coordinator.get(f"/api/v1/exchange/referrals/{created['id']}/").json()
    assert [m["type"] for m in detail["messages"]] == ["referral"]
    message = detail["messages"][0]["id"]
    download = coordinator.get(f"/api/v1/exchange/messages/{message}").json()
    assert s.fake.open(download["envelope"])["typ"] == "referral"
    withdrawn = coordinator.post(
        f"/api/v1/exchange/referrals/{created['id']}/withdraw", {}, content_type="application/json"
    )
    assert withdrawn.json()["status"] == Status.WITHDRAWN
    other = api(client, f.coordinator(world, other=True))
    assert other.get(f"/api/v1/exchange/referrals/{created['id']}/").status_code == 404
    caseworker = api(client, world.user(Role.CASEWORKER))
    assert (
        caseworker.post(
            "/api/v1/exchange/referrals/", body, content_type="application/json"
        ).status_code
        == 403
    )


def test_answer_a_referral_by_api(world, monkeypatch, client):
    s = f.scene(world, monkeypatch)
    token, _thread = s.fake.referral(to_organisation=world.org_a.pk)
    transfer = services.receive(token).transfer
    assert transfer is not None
    coordinator = api(client, f.coordinator(world))
    listed = coordinator.get("/api/v1/exchange/referrals/?direction=in&status=waiting").json()
    assert [t["id"] for t in listed["results"]] == [str(transfer.pk)]
    detail = coordinator.get(f"/api/v1/exchange/referrals/{transfer.pk}/").json()
    assert {row["code"] for row in detail["received"]} == {"family_name", "given_names", "sex"}
    accepted = coordinator.post(f"/api/v1/exchange/referrals/{transfer.pk}/accept").json()
    assert accepted["status"] == Status.ACCEPTED
    assert accepted["case_reference"].startswith("HV-")
    progress = coordinator.post(
        f"/api/v1/exchange/referrals/{transfer.pk}/progress",
        {"status": "assistance_started"},
        content_type="application/json",
    )
    assert progress.json()["status"] == Status.ASSISTANCE
    again = coordinator.post(f"/api/v1/exchange/referrals/{transfer.pk}/accept")
    assert again.status_code == 400
    outbox.deliver_due(everything=True)
    statuses = [s.fake.open(t)["body"]["status"] for _u, t in s.wire.posts]
    assert statuses == ["received", "accepted", "assistance_started"]
    assert Transfer.objects.get(direction=Direction.IN).case_reference == accepted["case_reference"]


def test_match_query_by_api_records_a_failure_without_the_network(world, monkeypatch, client):
    s = f.scene(world, monkeypatch)
    case = f.shared_case(world)
    s.wire.replies = [transport.TransportError("connection")]
    coordinator = api(client, f.coordinator(world))
    response = coordinator.post(
        "/api/v1/exchange/match/",
        {"case": str(case.pk), "agreement": str(s.agreement.pk), "purpose": f.PURPOSE},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["state"] == "failed"
    listed = coordinator.get("/api/v1/exchange/match/").json()["results"]
    assert len(listed) == 1
    assert coordinator.get(f"/api/v1/exchange/match/{listed[0]['id']}/").status_code == 200
