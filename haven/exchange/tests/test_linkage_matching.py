"""Dice scores, thresholds, ordering, blocking, and the bulk matrix path against a plain loop."""

from __future__ import annotations

import datetime
import random

import numpy as np
import pytest

from haven.exchange.linkage import (
    DEFAULT_THRESHOLD,
    Encoding,
    Identity,
    Match,
    derive_key,
    encode_many,
    match,
    matching,
    similarity,
)
from haven.exchange.linkage.encoding import CLK_BYTES

KEY = derive_key(b"matching-tests-secret-000000001", "haven-match/tests")
TOKEN_A, TOKEN_B = "a" * 64, "b" * 64


def bits(*positions: int, blocks: tuple[str, ...] = (TOKEN_A,)) -> Encoding:
    vector = bytearray(CLK_BYTES)
    for p in positions:
        vector[p // 8] |= 0x80 >> (p % 8)
    return Encoding(clk=bytes(vector), blocks=blocks)


def plain_dice(a: bytes, b: bytes) -> float:
    x, y = int.from_bytes(a, "big"), int.from_bytes(b, "big")
    total = x.bit_count() + y.bit_count()
    return 2 * (x & y).bit_count() / total if total else 0.0


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ((0, 1, 2, 3), (0, 1, 2, 3), 1.0),
        ((0, 1, 2, 3), (2, 3, 4, 5), 0.5),
        ((0, 1, 2, 3), (4, 5, 6, 7), 0.0),
        ((0, 1, 2), (0, 1, 2, 3, 4, 5, 6, 7, 8), 0.5),
        ((10, 511), (10, 511, 300), 0.8),
        ((), (), 0.0),
    ],
)
def test_dice(left, right, expected):
    q, c = bits(*left), bits(*right)
    scores = matching.dice_pairs(
        matching.pack([q]), matching.pack([c]), np.array([0]), np.array([0])
    )
    assert scores[0] == pytest.approx(expected)
    assert scores[0] == pytest.approx(plain_dice(q.clk, c.clk))


@pytest.mark.parametrize("use_blocking", [True, False])
def test_threshold_is_inclusive_and_results_are_best_first_per_query(use_blocking):
    queries = [bits(0, 1, 2, 3), bits(100, 101)]
    candidates = [bits(2, 3, 4, 5), bits(0, 1, 2, 3), bits(0, 1, 2, 3, 4, 5), bits(100, 101)]
    found = match(queries, candidates, threshold=0.5, use_blocking=use_blocking)
    assert found == [
        Match(query=0, candidate=1, score=1.0),
        Match(query=0, candidate=2, score=0.8),
        Match(query=0, candidate=0, score=0.5),
        Match(query=1, candidate=3, score=1.0),
    ]


def test_blocking_compares_only_pairs_sharing_a_token():
    queries = [bits(0, 1, 2, blocks=(TOKEN_A,)), bits(0, 1, 2, blocks=(TOKEN_B,))]
    candidates = [bits(0, 1, 2, blocks=(TOKEN_A, "c" * 64)), bits(0, 1, 2, blocks=())]
    qi, ci = matching.blocked_pairs(queries, candidates)
    assert list(zip(qi.tolist(), ci.tolist(), strict=True)) == [(0, 0)]
    assert match(queries, candidates, threshold=0.9) == [Match(0, 0, 1.0)]
    assert len(match(queries, candidates, threshold=0.9, use_blocking=False)) == 4
    scored = matching.score(queries, candidates, 0.9, use_blocking=True)
    assert scored.comparisons == 1


def test_blocked_pairs_are_distinct_when_several_tokens_are_shared():
    queries = [bits(1, blocks=(TOKEN_A, TOKEN_B))]
    candidates = [bits(1, blocks=(TOKEN_B, TOKEN_A)), bits(1, blocks=(TOKEN_B,))]
    qi, ci = matching.blocked_pairs(queries, candidates)
    assert sorted(zip(qi.tolist(), ci.tolist(), strict=True)) == [(0, 0), (0, 1)]


def test_blocking_finds_spelling_variants_of_one_person():
    born = datetime.date(1985, 6, 1)
    partner = encode_many(
        [Identity("王", "芳", born, "female"), Identity("Li", "Na", born, "female")], KEY
    )
    query = encode_many([Identity("Fang", "WANG", None, "female")], KEY)
    found = match(query, partner, threshold=0.7)
    assert [m.candidate for m in found] == [0]


@pytest.mark.parametrize(("queries", "candidates"), [(7, 300), (300, 7), (130, 257)])
def test_matrix_path_equals_a_plain_loop(monkeypatch, queries, candidates):
    """Small chunks force several blocks of the float32 product; every hit must be exact."""
    monkeypatch.setattr(matching, "QUERY_CHUNK", 16)
    monkeypatch.setattr(matching, "CANDIDATE_CHUNK", 64)
    rng = random.Random(queries * 1000 + candidates)
    base = [bytes(rng.getrandbits(8) & rng.getrandbits(8) for _ in range(CLK_BYTES))]

    def noisy() -> Encoding:
        vector = bytearray(rng.choice(base) if rng.random() < 0.5 else rng.randbytes(CLK_BYTES))
        for _ in range(rng.randrange(0, 40)):
            vector[rng.randrange(CLK_BYTES)] ^= 1 << rng.randrange(8)
        return Encoding(clk=bytes(vector), blocks=(TOKEN_A,))

    q = [noisy() for _ in range(queries)]
    c = [noisy() for _ in range(candidates)]
    threshold = 0.7
    expected = sorted(
        (i, j, plain_dice(a.clk, b.clk))
        for i, a in enumerate(q)
        for j, b in enumerate(c)
        if plain_dice(a.clk, b.clk) >= threshold
    )
    assert expected
    for use_blocking in (False, True):
        found = sorted(
            (m.query, m.candidate, m.score) for m in match(q, c, threshold, use_blocking)
        )
        assert [(i, j) for i, j, _ in found] == [(i, j) for i, j, _ in expected]
        assert [s for *_, s in found] == pytest.approx([s for *_, s in expected])


def test_empty_inputs_and_bad_arguments():
    assert match([], [bits(1)]) == []
    assert match([bits(1)], []) == []
    with pytest.raises(ValueError, match="threshold"):
        match([bits(1)], [bits(1)], threshold=0.0)
    with pytest.raises(ValueError, match="threshold"):
        match([bits(1)], [bits(1)], threshold=1.5)
    short = Encoding(clk=bytes(8), blocks=(TOKEN_A,))
    with pytest.raises(ValueError, match="length"):
        match([bits(1)], [short])
    with pytest.raises(ValueError, match="length"):
        match([bits(1)], [short], use_blocking=False)


def test_default_threshold_is_a_proper_fraction():
    assert 0.5 < DEFAULT_THRESHOLD < 1.0


def test_similarity_scores_every_candidate_in_order():
    query = bits(0, 1, 2, 3)
    candidates = [bits(4, 5), bits(0, 1, 2, 3), bits(2, 3, 4, 5)]
    assert similarity(query, candidates) == [0.0, 1.0, 0.5]
    assert similarity(query, []) == []
