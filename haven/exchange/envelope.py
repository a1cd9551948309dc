"""Signed and encrypted envelopes between Haven nodes (pure: no Django).

A message is a JSON claims set signed with the sender's signing key (JWS, ES256) and then
encrypted to the recipient's encryption key (JWE, ECDH-ES+A256KW with A256GCM), both with
``jwcrypto``. Claims::

    iss  sender node id          aud  recipient node id      jti  unique message id
    iat  issued at (epoch s)     exp  expires at (epoch s)   agr  agreement code
    pur  purpose                 typ  message type           ref  thread (referral) id
    body the payload (a JSON object)

``open_envelope`` checks, in order: size, algorithms, the recipient key, decryption, the
signing key (known for the issuer, looked up by ``kid``), the signature, the audience and the
times. Each failure raises ``EnvelopeError`` with a stable ``code``. Agreement, replay and
payload checks belong to the caller, which knows the database.

Node keys are P-256 EC keys as JWK dictionaries. A node's *fingerprint* is the SHA-256 of
the sorted RFC 7638 thumbprints of its published keys, shown in groups of four hex digits so
that two administrators can compare it out of band (telephone, letter).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from jwcrypto import jwe, jwk, jws
from jwcrypto.common import JWException

VERSION = "haven-envelope/1"
SIGNING_ALG = "ES256"
KEY_ALG = "ECDH-ES+A256KW"
CONTENT_ENC = "A256GCM"
CURVE = "P-256"
MAX_ENVELOPE_BYTES = 1_000_000
MAX_LIFETIME = 7 * 24 * 3600  # files may take days to carry across
CLOCK_SKEW = 300
REQUIRED = ("iss", "aud", "jti", "iat", "exp", "agr", "pur", "typ", "body")
PRIVATE_MEMBERS = ("d", "p", "q", "dp", "dq", "qi", "k")


class EnvelopeError(Exception):
    """An envelope that must be rejected; ``code`` says why (stable, for problem details)."""

    def __init__(self, code: str, message: str = "") -> None:
        super().__init__(message or code)
        self.code = code


@dataclass(frozen=True)
class NodeDocument:
    """A node's published JWKS: its keys and who it says it is."""

    node_id: str
    name: str
    country: str
    endpoint: str
    keys: tuple[dict[str, Any], ...]
    signing_kid: str
    encryption_kid: str

    def key(self, kid: str, use: str) -> dict[str, Any] | None:
        for key in self.keys:
            if key.get("kid") == kid and key.get("use") == use:
                return key
        return None


# ---------------------------------------------------------------------------------------------
# Keys


def generate_key(use: str) -> dict[str, Any]:
    """A new private P-256 key for ``use`` (``sig`` or ``enc``) as a JWK dictionary."""
    if use not in ("sig", "enc"):
        raise ValueError("use must be sig or enc")
    key = jwk.JWK.generate(kty="EC", crv=CURVE, use=use)
    kid = key.thumbprint()[:16]
    data = json.loads(key.export_private())
    data.update({"kid": kid, "use": use, "alg": SIGNING_ALG if use == "sig" else KEY_ALG})
    return data


def public_part(key: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in key.items() if k not in PRIVATE_MEMBERS}


def thumbprint(key: Mapping[str, Any]) -> str:
    """RFC 7638 thumbprint (SHA-256, base64url) of the public part of ``key``."""
    return str(jwk.JWK(**public_part(key)).thumbprint())


def fingerprint(keys: list[dict[str, Any]] | tuple[dict[str, Any], ...]) -> str:
    """Human-comparable fingerprint of a set of public keys (order does not matter)."""
    prints = sorted(thumbprint(k) for k in keys)
    digest = hashlib.sha256("\n".join(prints).encode("ascii")).hexdigest().upper()
    return " ".join(digest[i : i + 4] for i in range(0, len(digest), 4))


def normalise_fingerprint(value: str) -> str:
    """Compare fingerprints typed with any spacing, dashes or case."""
    hex_only = "".join(ch for ch in value.upper() if ch in "0123456789ABCDEF")
    return " ".join(hex_only[i : i + 4] for i in range(0, len(hex_only), 4))


def _check_public_key(key: Any) -> dict[str, Any]:
    if not isinstance(key, dict):
        raise ValueError("Each key must be a JSON object.")
    if any(member in key for member in PRIVATE_MEMBERS):
        raise ValueError("The key set contains a private key: publish public keys only.")
    if key.get("kty") != "EC" or key.get("crv") != CURVE:
        raise ValueError("Keys must be P-256 elliptic-curve keys.")
    if key.get("use") not in ("sig", "enc") or not isinstance(key.get("kid"), str):
        raise ValueError("Each key needs a kid and a use (sig or enc).")
    try:
        jwk.JWK(**key)
    except (JWException, ValueError, TypeError) as exc:
        raise ValueError("A key is not a valid JWK.") from exc
    return dict(key)


def parse_node_document(document: Any) -> NodeDocument:
    """Validate a published JWKS with its ``node`` member; ``ValueError`` when unusable."""
    if not isinstance(document, dict):
        raise ValueError("The key set must be a JSON object.")
    node = document.get("node")
    raw_keys = document.get("keys")
    if not isinstance(node, dict) or not isinstance(raw_keys, list) or not raw_keys:
        raise ValueError("The key set needs 'keys' and a 'node' description.")
    keys = tuple(_check_public_key(k) for k in raw_keys)
    if len({k["kid"] for k in keys}) != len(keys):
        raise ValueError("Two keys share a kid.")
    values = {}
    for member in ("id", "name", "country", "endpoint", "signing_kid", "encryption_kid"):
        value = node.get(member)
        if not isinstance(value, str) or not value.strip() or len(value) > 300:
            raise ValueError(f"The node description lacks '{member}'.")
        values[member] = value.strip()
    result = NodeDocument(
        node_id=values["id"],
        name=values["name"],
        country=values["country"].upper(),
        endpoint=values["endpoint"].rstrip("/"),
        keys=keys,
        signing_kid=values["signing_kid"],
        encryption_kid=values["encryption_kid"],
    )
    if result.key(result.signing_kid, "sig") is None:
        raise ValueError("The current signing key is not in the key set.")
    if result.key(result.encryption_kid, "enc") is None:
        raise ValueError("The current encryption key is not in the key set.")
    return result


def node_document(
    *,
    node_id: str,
    name: str,
    country: str,
    endpoint: str,
    keys: list[dict[str, Any]],
    signing_kid: str,
    encryption_kid: str,
) -> dict[str, Any]:
    return {
        "keys": [public_part(k) for k in keys],
        "node": {
            "id": node_id,
            "name": name,
            "country": country,
            "endpoint": endpoint.rstrip("/"),
            "signing_kid": signing_kid,
            "encryption_kid": encryption_kid,
            "protocol": VERSION,
        },
    }


def shared_secret(private_key: Mapping[str, Any], public_key: Mapping[str, Any]) -> bytes:
    """ECDH (P-256) between our private encryption key and a partner's public one: both
    nodes compute the same secret without sending it."""
    ours = serialization.load_pem_private_key(
        jwk.JWK(**dict(private_key)).export_to_pem(private_key=True, password=None),
        password=None,
    )
    theirs = serialization.load_pem_public_key(jwk.JWK(**public_part(public_key)).export_to_pem())
    if not isinstance(ours, ec.EllipticCurvePrivateKey) or not isinstance(
        theirs, ec.EllipticCurvePublicKey
    ):
        raise ValueError("ECDH needs two elliptic-curve keys.")
    return ours.exchange(ec.ECDH(), theirs)


# ---------------------------------------------------------------------------------------------
# Envelopes


def new_claims(
    *,
    issuer: str,
    audience: str,
    agreement: str,
    purpose: str,
    message_type: str,
    body: dict[str, Any],
    now: int,
    lifetime: int,
    thread: str = "",
) -> dict[str, Any]:
    if not 0 < lifetime <= MAX_LIFETIME:
        raise ValueError("lifetime out of range")
    return {
        "iss": issuer,
        "aud": audience,
        "jti": str(uuid.uuid4()),
        "iat": now,
        "exp": now + lifetime,
        "agr": agreement,
        "pur": purpose,
        "typ": message_type,
        "ref": thread,
        "body": body,
    }


def seal(
    claims: Mapping[str, Any],
    *,
    signing_key: Mapping[str, Any],
    recipient_key: Mapping[str, Any],
) -> str:
    """Sign ``claims`` with our private ``signing_key`` and encrypt the result to the
    partner's public ``recipient_key``; the compact JWE."""
    signer = jwk.JWK(**dict(signing_key))
    signed = jws.JWS(json.dumps(dict(claims), separators=(",", ":")).encode("utf-8"))
    signed.add_signature(
        signer,
        alg=SIGNING_ALG,
        protected=json.dumps({"alg": SIGNING_ALG, "kid": signing_key["kid"], "typ": VERSION}),
    )
    inner = signed.serialize(compact=True)
    header = {
        "alg": KEY_ALG,
        "enc": CONTENT_ENC,
        "kid": recipient_key["kid"],
        "cty": "JWS",
        "typ": VERSION,
    }
    sealed = jwe.JWE(inner.encode("ascii"), protected=json.dumps(header))
    sealed.add_recipient(jwk.JWK(**public_part(recipient_key)))
    return str(sealed.serialize(compact=True))


def _segment(part: str) -> dict[str, Any]:
    try:
        raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        value = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise EnvelopeError("malformed", "Not a JOSE envelope.") from exc
    if not isinstance(value, dict):
        raise EnvelopeError("malformed", "Not a JOSE envelope.")
    return value


def recipient_kid(token: str) -> str:
    """The ``kid`` the envelope says it is encrypted to (unauthenticated until decrypted)."""
    parts = token.split(".")
    if len(parts) != 5:
        raise EnvelopeError("malformed", "Not a compact JWE.")
    header = _segment(parts[0])
    if header.get("alg") != KEY_ALG or header.get("enc") != CONTENT_ENC:
        raise EnvelopeError("algorithm", "Unsupported algorithms.")
    kid = header.get("kid")
    if not isinstance(kid, str):
        raise EnvelopeError("malformed", "The envelope names no key.")
    return kid


def _check_claims(claims: Any, audience: str, now: int) -> dict[str, Any]:
    if not isinstance(claims, dict) or any(name not in claims for name in REQUIRED):
        raise EnvelopeError("malformed", "Claims are missing.")
    for name in ("iss", "aud", "jti", "agr", "pur", "typ"):
        if not isinstance(claims[name], str) or not claims[name] or len(claims[name]) > 200:
            raise EnvelopeError("malformed", f"Claim {name} is not valid.")
    if not isinstance(claims.get("ref", ""), str) or not isinstance(claims["body"], dict):
        raise EnvelopeError("malformed", "Claims are not valid.")
    iat, exp = claims["iat"], claims["exp"]
    if type(iat) is not int or type(exp) is not int:
        raise EnvelopeError("malformed", "Times are not valid.")
    if claims["aud"] != audience:
        raise EnvelopeError("wrong_recipient", "The envelope is addressed to another node.")
    if iat > now + CLOCK_SKEW:
        raise EnvelopeError("not_yet_valid", "The envelope was issued in the future.")
    if exp <= now:
        raise EnvelopeError("expired", "The envelope has expired.")
    if exp - iat > MAX_LIFETIME or exp <= iat:
        raise EnvelopeError("lifetime", "The envelope claims too long a lifetime.")
    return claims


def open_envelope(
    token: str,
    *,
    decryption_keys: Mapping[str, Mapping[str, Any]],
    verification_keys: Callable[[str], Mapping[str, Mapping[str, Any]] | None],
    audience: str,
    now: int,
) -> dict[str, Any]:
    """Decrypt with one of our keys (by ``kid``), verify the signature with the issuer's
    registered keys (``verification_keys(iss)`` -> kid -> public JWK, or ``None`` for an
    unknown issuer) and check audience and times. Returns the claims."""
    if not isinstance(token, str) or len(token.encode("utf-8", "replace")) > MAX_ENVELOPE_BYTES:
        raise EnvelopeError("too_large", "The envelope is too large.")
    token = token.strip()
    kid = recipient_kid(token)
    private = decryption_keys.get(kid)
    if private is None:
        raise EnvelopeError("wrong_recipient", "The envelope is encrypted to another node.")
    try:
        sealed = jwe.JWE(algs=[KEY_ALG, CONTENT_ENC])
        sealed.deserialize(token, key=jwk.JWK(**dict(private)))
        inner = sealed.payload.decode("ascii")
    except (JWException, ValueError, TypeError, UnicodeDecodeError) as exc:
        raise EnvelopeError("tampered", "The envelope does not decrypt.") from exc
    parts = inner.split(".")
    if len(parts) != 3:
        raise EnvelopeError("malformed", "The content is not a compact JWS.")
    header = _segment(parts[0])
    unverified = _segment(parts[1])
    if header.get("alg") != SIGNING_ALG:
        raise EnvelopeError("algorithm", "Unsupported signature algorithm.")
    issuer = unverified.get("iss")
    keys = verification_keys(issuer) if isinstance(issuer, str) else None
    if keys is None:
        raise EnvelopeError("unknown_sender", "The sender is not a registered partner.")
    public = keys.get(str(header.get("kid")))
    if public is None:
        raise EnvelopeError("unknown_key", "The signing key is not registered for the sender.")
    try:
        signed = jws.JWS()
        signed.allowed_algs = [SIGNING_ALG]
        signed.deserialize(inner)
        signed.verify(jwk.JWK(**public_part(public)), alg=SIGNING_ALG)
        claims = json.loads(signed.payload)
    except (JWException, ValueError, TypeError) as exc:
        raise EnvelopeError("bad_signature", "The signature does not verify.") from exc
    return _check_claims(claims, audience, now)
