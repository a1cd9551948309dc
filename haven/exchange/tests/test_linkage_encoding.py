"""Keyed encodings: determinism, key separation, wire format, blocking tokens."""

from __future__ import annotations

import base64
import datetime

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from haven.exchange.linkage import (
    BITS,
    SCHEME,
    Encoding,
    Identity,
    derive_key,
    encode,
    encode_many,
    match,
)
from haven.exchange.linkage.encoding import CLK_BYTES, block_keys, features, soundex
from haven.exchange.linkage.matching import dice_pairs, pack

SECRET = b"agreement-secret-for-tests-0001"
KEY = derive_key(SECRET, "haven-match/agreement-1")
PERSON = Identity("张", "伟明", datetime.date(1990, 3, 15), "male", ("Chang Wei-ming",))


def dice(a: Encoding, b: Encoding) -> float:
    import numpy as np

    return float(dice_pairs(pack([a]), pack([b]), np.array([0]), np.array([0]))[0])


def test_derive_key_is_hkdf_sha256_with_the_label_as_info():
    expected = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"haven-match/agreement-1"
    ).derive(SECRET)
    assert expected == KEY
    assert len(KEY) == 32
    assert derive_key(SECRET, "haven-match/agreement-2") != KEY


@pytest.mark.parametrize(("secret", "label"), [(b"short", "x"), (SECRET, "")])
def test_derive_key_refuses_weak_input(secret, label):
    with pytest.raises(ValueError, match=r"secret|label"):
        derive_key(secret, label)


def test_encode_refuses_a_short_key():
    with pytest.raises(ValueError, match="key"):
        encode(PERSON, b"too short")


def test_encoding_is_deterministic_and_fixed_length():
    first, second = encode(PERSON, KEY), encode(PERSON, KEY)
    assert first == second
    assert len(first.clk) == CLK_BYTES == BITS // 8
    assert encode_many([PERSON, PERSON], KEY) == [first, first]
    assert dice(first, second) == 1.0


def test_keys_separate_agreements():
    """The same person under two agreements' keys: unrelated bits, no common block token."""
    other_key = derive_key(SECRET, "haven-match/agreement-2")
    mine, theirs = encode(PERSON, KEY), encode(PERSON, other_key)
    assert mine.clk != theirs.clk
    assert not set(mine.blocks) & set(theirs.blocks)
    # Dice of unrelated vectors with this fill is what chance gives, far below a match.
    assert dice(mine, theirs) < 0.5
    assert match([mine], [theirs], threshold=0.6, use_blocking=False) == []


def test_spellings_of_one_person_encode_identically():
    hanzi = Identity("張", "偉明", datetime.date(1990, 3, 15), "female")
    pinyin = Identity("Wěi-míng", "Zhāng", datetime.date(1990, 3, 15), "Feminine")
    wade_giles = Identity("CHANG", "WEI MING", datetime.date(1990, 3, 15), "F")
    encodings = encode_many([hanzi, pinyin, wade_giles], KEY)
    assert encodings[0] == encodings[1] == encodings[2]


def test_diacritics_do_not_change_the_encoding():
    assert encode(Identity("Müller", "José"), KEY) == encode(Identity("MULLER", "Jose"), KEY)


def test_features_cover_names_date_sex_and_attributes():
    person = Identity(
        "Li", "Na", datetime.date(2001, 2, 3), "female", attributes=(("place", "Fuzhou"),)
    )
    names = {f for f, _ in features(person)}
    assert {"n:_l", "n:li", "n:i_", "n:_n", "n:na", "n:a_"} <= names
    assert {"y:2001", "m:02", "d:03", "s:f"} <= names
    assert "a:place:fu" in names


def test_wire_round_trip():
    encoding = encode(PERSON, KEY)
    wire = encoding.to_wire()
    assert wire["scheme"] == SCHEME
    assert isinstance(wire["clk"], str)
    assert Encoding.from_wire(wire) == encoding


def _wire(**changes):
    wire = encode(PERSON, KEY).to_wire()
    wire.update(changes)
    return wire


@pytest.mark.parametrize(
    "data",
    [
        "not a dict",
        _wire(scheme="other-scheme"),
        {"clk": _wire()["clk"], "blocks": []},
        _wire(clk=None),
        _wire(clk="not base64!!"),
        _wire(clk=base64.b64encode(b"\x00" * (CLK_BYTES - 1)).decode()),
        _wire(blocks="a" * 64),
        _wire(blocks=["ZHANG"]),
        _wire(blocks=["A" * 64]),
        _wire(blocks=[1]),
        _wire(blocks=["a" * 64] * 65),
    ],
)
def test_from_wire_rejects_what_is_not_an_encoding(data):
    with pytest.raises(ValueError, match=r"encoding|blocking"):
        Encoding.from_wire(data)


def test_blocking_tokens_are_keyed_hex_never_plaintext():
    encoding = encode(PERSON, KEY)
    plain = block_keys(PERSON)
    assert len(encoding.blocks) == len(plain)
    assert all(len(t) == 64 and int(t, 16) >= 0 for t in encoding.blocks)
    for token in encoding.blocks:
        assert "zhang" not in token
        assert "1990" not in token
    assert "b:1990-03-15" in plain
    assert f"w:{soundex('zhang')}" in plain


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("robert", "r163"),
        ("rupert", "r163"),
        ("ashcraft", "a261"),
        ("tymczak", "t522"),
        ("pfister", "p236"),
        ("lee", "l000"),
        ("zhang", "z520"),
    ],
)
def test_soundex(word, code):
    assert soundex(word) == code


def test_an_empty_identity_encodes_to_zero_bits_and_no_blocks():
    encoding = encode(Identity("", ""), KEY)
    assert encoding.clk == bytes(CLK_BYTES)
    assert encoding.blocks == ()
