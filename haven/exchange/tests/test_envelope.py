"""The envelope engine alone (no database): sealing, opening and every rejection."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from haven.exchange import envelope as e

NOW = 1_800_000_000


@pytest.fixture(scope="module")
def keys() -> dict[str, Any]:
    return {
        name: e.generate_key(use)
        for name, use in (
            ("a_sig", "sig"),
            ("a_enc", "enc"),
            ("b_sig", "sig"),
            ("b_enc", "enc"),
            ("x_sig", "sig"),
            ("x_enc", "enc"),
        )
    }


def claims(**overrides: Any) -> dict[str, Any]:
    value = e.new_claims(
        issuer="node-a",
        audience="node-b",
        agreement="AGR-1",
        purpose="family_tracing",
        message_type="referral",
        body={"x": 1},
        now=NOW,
        lifetime=600,
    )
    value.update(overrides)
    return value


def open_b(token: str, keys: dict[str, Any], **options: Any) -> dict[str, Any]:
    arguments: dict[str, Any] = {
        "decryption_keys": {keys["b_enc"]["kid"]: keys["b_enc"]},
        "verification_keys": lambda iss: (
            {keys["a_sig"]["kid"]: e.public_part(keys["a_sig"])} if iss == "node-a" else None
        ),
        "audience": "node-b",
        "now": NOW + 10,
    }
    arguments.update(options)
    return e.open_envelope(token, **arguments)


def seal(
    keys: dict[str, Any],
    value: dict[str, Any] | None = None,
    signer: str = "a_sig",
    to: str = "b_enc",
) -> str:
    return e.seal(
        value or claims(), signing_key=keys[signer], recipient_key=e.public_part(keys[to])
    )


def test_round_trip(keys):
    token = seal(keys)
    assert token.count(".") == 4
    opened = open_b(token, keys)
    assert opened["iss"] == "node-a"
    assert opened["body"] == {"x": 1}
    assert "family_tracing" not in token  # encrypted, not only signed


def test_the_envelope_is_jose_with_the_agreed_algorithms(keys):
    header = json.loads(base64.urlsafe_b64decode(seal(keys).split(".")[0] + "=="))
    assert (header["alg"], header["enc"], header["kid"]) == (
        "ECDH-ES+A256KW",
        "A256GCM",
        keys["b_enc"]["kid"],
    )


def _flip(token: str, part: int) -> str:
    pieces = token.split(".")
    middle = len(pieces[part]) // 2
    char = "A" if pieces[part][middle] != "A" else "B"
    pieces[part] = pieces[part][:middle] + char + pieces[part][middle + 1 :]
    return ".".join(pieces)


@pytest.mark.parametrize("part", [3, 4, 2])
def test_a_tampered_envelope_is_refused(keys, part):
    with pytest.raises(e.EnvelopeError) as caught:
        open_b(_flip(seal(keys), part), keys)
    assert caught.value.code in ("tampered", "malformed")


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"audience": "node-c"}, "wrong_recipient"),
        ({"now": NOW + 601}, "expired"),
        ({"now": NOW - 1000}, "not_yet_valid"),
        ({"verification_keys": lambda iss: None}, "unknown_sender"),
        ({"verification_keys": lambda iss: {"other": {}}}, "unknown_key"),
        ({"decryption_keys": {}}, "wrong_recipient"),
    ],
)
def test_rejections_when_opening(keys, kwargs, code):
    with pytest.raises(e.EnvelopeError) as caught:
        open_b(seal(keys), keys, **kwargs)
    assert caught.value.code == code


def test_encrypted_to_another_node_is_refused(keys):
    with pytest.raises(e.EnvelopeError) as caught:
        open_b(seal(keys, to="x_enc"), keys)
    assert caught.value.code == "wrong_recipient"


def test_a_signature_by_another_key_with_the_same_kid_is_refused(keys):
    impostor = dict(keys["x_sig"], kid=keys["a_sig"]["kid"])
    with pytest.raises(e.EnvelopeError) as caught:
        open_b(seal({**keys, "impostor": impostor}, signer="impostor"), keys)
    assert caught.value.code == "bad_signature"


def test_a_claimed_lifetime_beyond_the_maximum_is_refused(keys):
    token = seal(keys, claims(exp=NOW + e.MAX_LIFETIME + 100))
    with pytest.raises(e.EnvelopeError) as caught:
        open_b(token, keys)
    assert caught.value.code == "lifetime"


@pytest.mark.parametrize("token", ["", "abc", "a.b.c.d.e", "x" * (e.MAX_ENVELOPE_BYTES + 1)])
def test_garbage_is_refused(keys, token):
    with pytest.raises(e.EnvelopeError) as caught:
        open_b(token, keys)
    assert caught.value.code in ("malformed", "too_large")


def test_an_unsigned_inner_token_is_refused(keys):
    header = base64.urlsafe_b64encode(b'{"alg":"none"}').rstrip(b"=").decode()
    body = base64.urlsafe_b64encode(json.dumps(claims()).encode()).rstrip(b"=").decode()
    from jwcrypto import jwe, jwk

    inner = jwe.JWE(
        f"{header}.{body}.".encode(),
        protected=json.dumps({"alg": e.KEY_ALG, "enc": e.CONTENT_ENC, "kid": keys["b_enc"]["kid"]}),
    )
    inner.add_recipient(jwk.JWK(**e.public_part(keys["b_enc"])))
    with pytest.raises(e.EnvelopeError) as caught:
        open_b(inner.serialize(compact=True), keys)
    assert caught.value.code == "algorithm"


def test_fingerprint_is_order_free_and_normalised(keys):
    pair = [e.public_part(keys["a_sig"]), e.public_part(keys["a_enc"])]
    printed = e.fingerprint(pair)
    assert printed == e.fingerprint(list(reversed(pair)))
    assert e.normalise_fingerprint(printed.replace(" ", "-").lower()) == printed
    assert printed != e.fingerprint([e.public_part(keys["b_sig"]), e.public_part(keys["a_enc"])])


def _document(keys: dict[str, Any], **node: Any) -> dict[str, Any]:
    document = e.node_document(
        node_id="node-a",
        name="A",
        country="cn",
        endpoint="https://a.example.org/",
        keys=[keys["a_sig"], keys["a_enc"]],
        signing_kid=keys["a_sig"]["kid"],
        encryption_kid=keys["a_enc"]["kid"],
    )
    document["node"].update(node)
    return document


def test_node_documents(keys):
    parsed = e.parse_node_document(_document(keys))
    assert (parsed.country, parsed.endpoint) == ("CN", "https://a.example.org")
    assert all("d" not in k for k in parsed.keys)
    leaked = _document(keys)
    leaked["keys"][0] = keys["a_sig"]
    for bad in (
        leaked,
        _document(keys, id=""),
        _document(keys, signing_kid="nope"),
        {"keys": []},
        [],
    ):
        with pytest.raises(ValueError, match=r"\w"):
            e.parse_node_document(bad)


def test_ecdh_gives_both_nodes_the_same_secret(keys):
    ab = e.shared_secret(keys["a_enc"], e.public_part(keys["b_enc"]))
    ba = e.shared_secret(keys["b_enc"], e.public_part(keys["a_enc"]))
    assert ab == ba
    assert len(ab) == 32
    assert ab != e.shared_secret(keys["a_enc"], e.public_part(keys["x_enc"]))
