"""Two real Haven servers on loopback, each with its own database, keys and worker, exchange a
referral end to end: match query, referral, acknowledgements, acceptance, consent withdrawal
and confirmed erasure, with a replayed envelope refused and the audit trail on both sides.

By hand: ``.venv/bin/python -m pytest -q -p no:xdist e2e/test_exchange_two_nodes.py`` (about
two minutes), or ``.venv/bin/python e2e/exchange_nodes.py`` to keep two nodes running.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from e2e.exchange_nodes import Node, connect, two_nodes

pytestmark = pytest.mark.e2e

PERSON = {
    "family_name": "Tran (synthetic)",
    "given_names": "Thi Mai",
    "birth_date": "1996-08-14",
    "sex": "Feminine",
    "languages": ["vi"],
}


@pytest.fixture(scope="module")
def nodes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Node, Node]]:
    a, b = two_nodes(tmp_path_factory.mktemp("exchange"))
    try:
        for node in (a, b):
            node.prepare()
            node.start()
        connect(a, b)
        yield a, b
    finally:
        for node in (a, b):
            node.stop()


def register_case(node: Node, token: str) -> dict[str, Any]:
    response = node.api(
        "post", "cases/", token, {"person": PERSON, "case": {}, "confirm_new_person": True}
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


def consent(node: Node, token: str, case: dict[str, Any], given: bool) -> None:
    response = node.api(
        "post",
        f"cases/{case['id']}/consents",
        token,
        {"purpose": "share_abroad", "given": given, "method": "written", "language": "vi"},
    )
    assert response.status_code == 201, response.text


def audit_actions(node: Node, token: str, wanted: set[str]) -> set[str]:
    """The actions among ``wanted`` that the node's audit trail holds."""
    found = set()
    for action in wanted:
        response = node.api("get", f"audit-events/?action={action}", token)
        assert response.status_code == 200, response.text
        if response.json()["count"]:
            found.add(action)
    return found


def timeline_titles(node: Node, token: str, case: dict[str, Any]) -> list[str]:
    response = node.api("get", f"cases/{case['id']}/", token)
    return [item["title"] for item in response.json()["timeline"]]


def test_a_referral_travels_between_two_nodes(nodes: tuple[Node, Node]) -> None:
    a, b = nodes
    coord_a, coord_b = a.token("coord"), b.token("coord")

    # The partner already knows the person (registered there, consent to share abroad).
    known_on_b = register_case(b, coord_b)
    consent(b, coord_b, known_on_b, True)
    case = register_case(a, coord_a)
    consent(a, coord_a, case, True)
    agreement = a.api("get", "exchange/agreements/", coord_a).json()["results"][0]

    # 1. Do you already know this person? Answered synchronously by B, references only.
    query = a.api(
        "post",
        "exchange/match/",
        coord_a,
        {"case": case["id"], "agreement": agreement["id"], "purpose": "family_tracing"},
    )
    assert query.status_code == 201, query.text
    answer = query.json()
    assert answer["state"] == "answered", answer
    assert [r["reference"] for r in answer["results"]] == [known_on_b["reference"]]
    assert answer["results"][0]["score"] > 0.9

    # 2. The referral: only the fields chosen, signed and encrypted to B, sent by A's worker.
    sent = a.api(
        "post",
        "exchange/referrals/",
        coord_a,
        {
            "case": case["id"],
            "agreement": agreement["id"],
            "purpose": "continuity_of_assistance",
            "to_organisation": b.organisation_id,
            "fields": ["family_name", "given_names", "birth_date", "sex", "languages"],
            "message": "Continuity of counselling after her move (synthetic).",
        },
    )
    assert sent.status_code == 201, sent.text
    referral = sent.json()
    a.work()
    detail = a.api("get", f"exchange/referrals/{referral['id']}/", coord_a).json()
    assert [m["delivery"] for m in detail["messages"]] == ["delivered"]

    # The same envelope again is a replay: refused by B.
    envelope = a.api("get", f"exchange/messages/{detail['messages'][0]['id']}", coord_a).json()
    replay = b.api("post", "exchange/inbox", "", {"envelope": envelope["envelope"]})
    assert replay.status_code == 409
    assert replay.json()["code"] == "replayed"

    # 3. B's coordinator sees it, reads what was sent, accepts: a linked case opens.
    waiting = b.api("get", "exchange/referrals/?direction=in&status=waiting", coord_b).json()
    assert waiting["count"] == 1
    received = waiting["results"][0]
    assert received["thread"] == referral["thread"]
    data = b.api("get", f"exchange/referrals/{received['id']}/", coord_b).json()["received"]
    assert {row["code"]: row["value"] for row in data}["family_name"] == "Tran (synthetic)"
    assert "message" in {row["code"] for row in data}
    accepted = b.api("post", f"exchange/referrals/{received['id']}/accept", coord_b).json()
    assert accepted["status"] == "accepted"
    linked = b.api("get", f"cases/{accepted['case']}/", coord_b).json()
    assert linked["person"]["family_name"] == "Tran (synthetic)"

    # 4. The signed acknowledgements travel back (B's worker) to A's case timeline.
    b.work()
    back = a.api("get", f"exchange/referrals/{referral['id']}/", coord_a).json()
    assert back["status"] == "accepted"
    assert back["remote_reference"] == accepted["case_reference"]
    assert {(m["type"], m["status"]) for m in back["messages"] if m["direction"] == "in"} == {
        ("status", "received"),
        ("status", "accepted"),
    }
    titles = timeline_titles(a, coord_a, case)
    assert any("Received" in t for t in titles)
    assert any("Accepted" in t for t in titles)

    # 5. The person withdraws consent on A: B is told to stop and erase, erases, confirms.
    consent(a, coord_a, case, False)
    a.work()
    on_b = b.api("get", f"exchange/referrals/{received['id']}/", coord_b).json()
    assert on_b["status"] == "withdrawn"
    assert on_b["erasure_pending"] is True
    erased = b.api("post", f"exchange/referrals/{received['id']}/erase", coord_b).json()
    assert erased["status"] == "erased"
    person = b.api("get", f"cases/{accepted['case']}/", coord_b).json()["person"]
    assert person["family_name"] == ""
    b.work()
    final = a.api("get", f"exchange/referrals/{referral['id']}/", coord_a).json()
    assert final["status"] == "erased"
    assert any("erasure" in t for t in timeline_titles(a, coord_a, case))

    # 6. Both sides audited every message and the agreement each relied on.
    admin_a, admin_b = a.token("admin"), b.token("admin")
    on_a = {
        "exchange.match_asked",
        "exchange.referral_sent",
        "exchange.message_sent",
        "exchange.message_received",
        "exchange.referral_status_received",
        "exchange.referral_withdrawn",
        "exchange.erasure_confirmed",
    }
    assert audit_actions(a, admin_a, on_a) == on_a
    on_b = {
        "exchange.match_answered",
        "exchange.referral_received",
        "exchange.referral_viewed",
        "exchange.referral_accepted",
        "exchange.erasure_requested",
        "exchange.data_erased",
        "exchange.message_rejected",
    }
    assert audit_actions(b, admin_b, on_b) == on_b
