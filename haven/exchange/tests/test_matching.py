"""Match queries: keyed Bloom-filter encodings both ways with the per-agreement key from
ECDH, answers with references and scores only, nothing of the query kept."""

from __future__ import annotations

import datetime
import time
from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from haven.audit.models import AuditEvent
from haven.exchange import actions, envelope, linkage, services, transport
from haven.exchange.models import MatchQuery, Message
from haven.exchange.services.matching import identity_of, match_key
from haven.exchange.services.node import current_key
from haven.exchange.tests import factories as f
from haven.exchange.vocab import Direction, MatchState, MessageType
from haven.referrals.tests.factories import open_case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle() -> None:
    cache.clear()


def test_both_nodes_derive_the_same_key(world, monkeypatch):
    s = f.scene(world, monkeypatch)
    ours = match_key(s.agreement, _our_enc_kid(), s.partner.encryption_kid)
    assert ours == s.fake.match_key()
    other = f.agreement(world, s.partner, code="OTHER-AGREEMENT")
    assert match_key(other, _our_enc_kid(), s.partner.encryption_kid) != ours


def _our_enc_kid() -> str:
    return current_key("enc").kid


def _partner_answers(s: f.Scene, people: list[tuple[str, linkage.Identity]]) -> Any:
    """The fake partner's side: open the query, match its own people, answer sealed."""

    def answer(url: str, token: str) -> transport.Reply:
        claims = s.fake.open(token)
        assert claims["typ"] == MessageType.MATCH_QUERY
        key = s.fake.match_key(claims["agr"])
        queries = [linkage.Encoding.from_wire(w) for w in claims["body"]["encodings"]]
        encoded = linkage.encode_many([p for _ref, p in people], key)
        matches = [
            {"reference": people[m.candidate][0], "score": round(m.score, 3)}
            for m in linkage.match(queries, encoded)
        ]
        sealed = s.fake.seal(
            typ=MessageType.MATCH_ANSWER,
            body={"matches": matches},
            agreement=claims["agr"],
            purpose=claims["pur"],
            thread=claims["jti"],
        )
        return transport.Reply(200, {"envelope": sealed, "received": claims["jti"]})

    return answer


def test_asking_a_partner(world, monkeypatch):
    s = f.scene(world, monkeypatch)
    case = f.shared_case(world)
    s.wire.answer = _partner_answers(
        s,
        [
            ("DE-1", linkage.Identity("Zhangsan", "Lisi", datetime.date(1990, 5, 1), "female")),
            ("DE-2", linkage.Identity("Müller", "Anna", datetime.date(1980, 1, 1), "female")),
        ],
    )
    query = services.match_ask(
        actor=f.coordinator(world), case=case, agreement=s.agreement, purpose=f.PURPOSE
    )
    assert query.state == MatchState.ANSWERED, query.error
    assert [r["reference"] for r in query.results] == ["DE-1"]
    assert query.results[0]["score"] > 0.9
    _url, token = s.wire.posts[0]
    assert "Zhangsan" not in token
    event = AuditEvent.objects.get(action=actions.MATCH_ASKED)
    assert event.details["agreement"] == f.CODE
    assert Message.objects.filter(type=MessageType.MATCH_ANSWER, direction=Direction.IN).exists()


def test_an_answer_that_is_not_for_this_query_fails(world, monkeypatch):
    s = f.scene(world, monkeypatch)
    case = f.shared_case(world)
    wrong = s.fake.seal(typ=MessageType.MATCH_ANSWER, body={"matches": []}, thread="another")
    s.wire.replies = [transport.Reply(200, {"envelope": wrong})]
    query = services.match_ask(
        actor=f.coordinator(world), case=case, agreement=s.agreement, purpose=f.PURPOSE
    )
    assert (query.state, query.error) == (MatchState.FAILED, "wrong_answer")
    s.wire.replies = [transport.TransportError("connection")]
    failed = services.match_ask(
        actor=f.coordinator(world), case=case, agreement=s.agreement, purpose=f.PURPOSE
    )
    assert failed.error == "connection"


def test_asking_needs_consent_and_an_agreement_allowing_it(world, monkeypatch):
    s = f.scene(world, monkeypatch, allow_matching=False)
    case = f.shared_case(world)
    with pytest.raises(ValidationError):
        services.match_ask(
            actor=f.coordinator(world), case=case, agreement=s.agreement, purpose=f.PURPOSE
        )
    allowing = f.agreement(world, s.partner, code="MATCHING")
    without_consent = open_case(world)
    with pytest.raises(ValidationError):
        services.match_ask(
            actor=f.coordinator(world), case=without_consent, agreement=allowing, purpose=f.PURPOSE
        )
    assert not s.wire.posts


def _query(s: f.Scene, identity: linkage.Identity, agreement: str = f.CODE) -> str:
    encoding = linkage.encode(identity, s.fake.match_key(agreement))
    body = {
        "encodings": [encoding.to_wire()],
        "keys": {"initiator": s.fake.enc["kid"], "responder": current_key("enc").kid},
    }
    return s.fake.seal(typ=MessageType.MATCH_QUERY, body=body, agreement=agreement, lifetime=600)


def test_answering_a_partner_with_references_and_scores_only(world, monkeypatch, client):
    s = f.scene(world, monkeypatch)
    known = f.shared_case(world)
    no_consent = open_case(world)  # the same person, registered again, without consent
    assert no_consent.person.family_name == known.person.family_name
    token = _query(s, linkage.Identity("Zhangsan", "Lisi", datetime.date(1990, 5, 1), "female"))
    response = client.post(
        "/api/v1/exchange/inbox", {"envelope": token}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    answer = response.json()["envelope"]
    assert "Zhangsan" not in answer
    opened = _open_answer(s, answer)
    assert opened["typ"] == MessageType.MATCH_ANSWER
    matches = opened["body"]["matches"]
    assert [m["reference"] for m in matches] == [known.reference]
    assert set(matches[0]) == {"reference", "score"}
    stored = MatchQuery.objects.get(direction=Direction.IN)
    assert stored.results == matches
    assert stored.compared == 1
    assert "clk" not in str(stored.__dict__)
    assert AuditEvent.objects.filter(
        action=actions.MATCH_ANSWERED, object_id=str(known.pk), details__agreement=f.CODE
    ).exists()


def _open_answer(s: f.Scene, token: str) -> dict[str, Any]:
    document = envelope.parse_node_document(services.jwks())
    return envelope.open_envelope(
        token,
        decryption_keys={s.fake.enc["kid"]: s.fake.enc},
        verification_keys=lambda iss: {k["kid"]: k for k in document.keys if k["use"] == "sig"},
        audience=s.fake.node_id,
        now=int(time.time()),
    )


def test_no_match_answers_an_empty_list(world, monkeypatch, client):
    s = f.scene(world, monkeypatch)
    f.shared_case(world)
    token = _query(s, linkage.Identity("Schmidt", "Peter", datetime.date(1975, 2, 2), "male"))
    response = client.post(
        "/api/v1/exchange/inbox", {"envelope": token}, content_type="application/json"
    )
    assert _open_answer(s, response.json()["envelope"])["body"]["matches"] == []


def test_match_queries_need_the_agreement_to_allow_them(world, monkeypatch, client):
    s = f.scene(world, monkeypatch, allow_matching=False)
    token = _query(s, linkage.Identity("Zhangsan", "Lisi"))
    response = client.post(
        "/api/v1/exchange/inbox", {"envelope": token}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "matching_not_agreed"
    assert not MatchQuery.objects.exists()


def test_a_bad_encoding_is_rejected(world, monkeypatch, client):
    s = f.scene(world, monkeypatch)
    token = s.fake.seal(
        typ=MessageType.MATCH_QUERY,
        body={"encodings": [{"scheme": "other"}], "keys": {}},
        lifetime=600,
    )
    response = client.post(
        "/api/v1/exchange/inbox", {"envelope": token}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "bad_encoding"


def test_identity_of_a_person_uses_the_engines_sex_codes(world):
    case = open_case(world)
    identity = identity_of(case.person)
    assert identity.sex == "female"
    assert identity.family_name == "Zhangsan"
