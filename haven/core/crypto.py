"""Encryption of identity data at rest, and keyed blind indexes to search it.

Values are encrypted with AES-256-GCM (``cryptography``), each with a fresh 96-bit nonce and the
column's name as associated data, so a ciphertext copied into another column does not decrypt.
The stored text is ``hv1.<key id>.<base64url(nonce || ciphertext)>``: the key id lets keys
rotate (``haven rotate-keys``). Blind indexes are HMAC-SHA256 of a normalised value under a
separate key, with a per-purpose label, so equal values can be found without decrypting.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import unicodedata
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from haven.core.config import KeyConfig

PREFIX = "hv1"
NONCE_BYTES = 12


class DecryptionError(Exception):
    """A stored value could not be decrypted (unknown key id, tampered or mis-placed value)."""


@dataclass(frozen=True)
class Keyring:
    config: KeyConfig

    @property
    def primary(self) -> str:
        return self.config.primary

    def encrypt(self, plaintext: str, *, context: str) -> str:
        nonce = os.urandom(NONCE_BYTES)
        aead = AESGCM(self.config.field_keys[self.config.primary])
        sealed = aead.encrypt(nonce, plaintext.encode("utf-8"), context.encode("utf-8"))
        body = base64.urlsafe_b64encode(nonce + sealed).decode("ascii").rstrip("=")
        return f"{PREFIX}.{self.config.primary}.{body}"

    def decrypt(self, token: str, *, context: str) -> str:
        kid = key_id_of(token)
        key = self.config.field_keys.get(kid)
        if key is None:
            raise DecryptionError(f"No field key with id {kid!r} is configured.")
        body = token.split(".", 2)[2]
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        try:
            plain = AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode())
        except InvalidTag as exc:
            raise DecryptionError(f"A value under key {kid!r} failed authentication.") from exc
        return plain.decode("utf-8")

    def encrypt_bytes(self, data: bytes, *, context: str) -> bytes:
        """Binary form for files: key id (length-prefixed), nonce, ciphertext."""
        kid = self.config.primary.encode("ascii")
        nonce = os.urandom(NONCE_BYTES)
        sealed = AESGCM(self.config.field_keys[self.config.primary]).encrypt(
            nonce, data, context.encode("utf-8")
        )
        return bytes([len(kid)]) + kid + nonce + sealed

    def decrypt_bytes(self, blob: bytes, *, context: str) -> bytes:
        size = blob[0]
        kid = blob[1 : 1 + size].decode("ascii")
        key = self.config.field_keys.get(kid)
        if key is None:
            raise DecryptionError(f"No field key with id {kid!r} is configured.")
        rest = blob[1 + size :]
        try:
            return AESGCM(key).decrypt(rest[:NONCE_BYTES], rest[NONCE_BYTES:], context.encode())
        except InvalidTag as exc:
            raise DecryptionError(f"A file under key {kid!r} failed authentication.") from exc

    def blind_index(self, normalised: str, *, purpose: str) -> str:
        message = purpose.encode("utf-8") + b"\x00" + normalised.encode("utf-8")
        return hmac.new(self.config.index_key, message, hashlib.sha256).hexdigest()


def key_id_of(token: str) -> str:
    parts = token.split(".", 2)
    if len(parts) != 3 or parts[0] != PREFIX:
        raise DecryptionError("Not an encrypted Haven value.")
    return parts[1]


def is_encrypted(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX + ".") and value.count(".") >= 2


_keyring: Keyring | None = None


def keyring() -> Keyring:
    global _keyring
    if _keyring is None:
        from django.conf import settings

        _keyring = Keyring(settings.HAVEN_KEYS)
    return _keyring


def reset_keyring_on_change(*, setting: str, **kwargs: Any) -> None:
    global _keyring
    if setting == "HAVEN_KEYS":
        _keyring = None


def normalise_text(value: str) -> str:
    """Case-, width- and space-insensitive form used by default for blind indexes."""
    folded = unicodedata.normalize("NFKC", value).casefold()
    return " ".join(folded.split())


def blind_index(value: str, *, purpose: str) -> str:
    """The keyed index of ``value`` (already normalised) for ``purpose``."""
    return keyring().blind_index(value, purpose=purpose)
