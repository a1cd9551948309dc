"""Dice similarity of encodings, in bulk, with or without blocking.

Dice(a, b) = 2 |a AND b| / (|a| + |b|) on the bit vectors; two empty vectors score 0.

Without blocking every query meets every candidate. The intersections come from one float32
matrix product per chunk (bits unpacked to 0/1, BLAS), with the threshold folded into two extra
columns so the product is ``|a AND b| - t (|a| + |b|) / 2`` directly and one comparison against
zero finds the hits; each hit is then scored exactly with integer popcounts. With blocking only
pairs that share a blocking token are scored, with popcounts on 64-bit words.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from haven.exchange.linkage.encoding import Encoding

# Partner answers put precision first: a wrong match tells a partner about a person it did not
# ask for. Best thresholds measured (bench/linkage.py): FEBRL4 0.73, Hanzi against pinyin 0.805.
# Local duplicate warnings use a lower one (haven.cases.duplicates).
DEFAULT_THRESHOLD = 0.8
QUERY_CHUNK = 1024
CANDIDATE_CHUNK = 4096
PAIR_CHUNK = 1 << 18
SLACK = 1e-3  # float32 rounding allowance before the exact integer check

Bits = npt.NDArray[np.uint8]
Index = npt.NDArray[np.intp]


@dataclass(frozen=True)
class Match:
    query: int
    candidate: int
    score: float  # Dice in [0, 1]


@dataclass
class Scored:
    """Pairs that reached the threshold (parallel arrays) and how many pairs were compared."""

    query: Index
    candidate: Index
    score: npt.NDArray[np.float64]
    comparisons: int


def pack(encodings: Sequence[Encoding]) -> Bits:
    """Encodings as an (n, bytes) uint8 matrix; all must have the same length (whole words)."""
    if not encodings:
        return np.zeros((0, 8), dtype=np.uint8)
    size = len(encodings[0].clk)
    if size == 0 or size % 8 or any(len(e.clk) != size for e in encodings):
        raise ValueError("All encodings must have the same length, a multiple of 64 bits.")
    return np.frombuffer(b"".join(e.clk for e in encodings), dtype=np.uint8).reshape(-1, size)


def popcounts(bits: Bits) -> npt.NDArray[np.int64]:
    return np.bitwise_count(bits.view(np.uint64)).sum(axis=1, dtype=np.int64)


def dice_pairs(q_bits: Bits, c_bits: Bits, qi: Index, ci: Index) -> npt.NDArray[np.float64]:
    """Exact Dice of the pairs (qi[n], ci[n])."""
    q64, c64 = q_bits.view(np.uint64), c_bits.view(np.uint64)
    q_pop, c_pop = popcounts(q_bits), popcounts(c_bits)
    out = np.empty(len(qi), dtype=np.float64)
    for start in range(0, len(qi), PAIR_CHUNK):
        a, b = qi[start : start + PAIR_CHUNK], ci[start : start + PAIR_CHUNK]
        common = np.bitwise_count(q64[a] & c64[b]).sum(axis=1, dtype=np.int64)
        total = q_pop[a] + c_pop[b]
        out[start : start + PAIR_CHUNK] = np.divide(
            2.0 * common, total, out=np.zeros(len(a)), where=total > 0
        )
    return out


def _augmented(bits: Bits, weights: npt.NDArray[np.float32], query: bool) -> np.ndarray:
    """0/1 float32 rows with two extra columns that fold the threshold into the product."""
    rows = np.empty((bits.shape[0], bits.shape[1] * 8 + 2), dtype=np.float32)
    rows[:, :-2] = np.unpackbits(bits, axis=1)
    rows[:, -2] = weights if query else 1.0
    rows[:, -1] = 1.0 if query else weights
    return rows


def _chunks(total: int, size: int) -> Iterator[slice]:
    for start in range(0, total, size):
        yield slice(start, min(total, start + size))


def score_all(q_bits: Bits, c_bits: Bits, threshold: float) -> Scored:
    """Every query against every candidate; pairs with Dice >= threshold."""
    half = np.float32(threshold / 2)
    q_pop, c_pop = popcounts(q_bits), popcounts(c_bits)
    # -t|a|/2 on the query side carries the slack, so a hit is simply a product >= 0.
    q_weight = -half * q_pop.astype(np.float32) + np.float32(SLACK)
    c_weight = -half * c_pop.astype(np.float32)
    q_parts = list(_chunks(len(q_bits), QUERY_CHUNK))
    small = len(q_bits) <= QUERY_CHUNK * 16  # keep the query rows instead of redoing them
    kept = [_augmented(q_bits[p], q_weight[p], True) for p in q_parts] if small else []
    found_q: list[Index] = []
    found_c: list[Index] = []
    buffer = np.empty(QUERY_CHUNK * CANDIDATE_CHUNK, dtype=np.float32)
    for c_part in _chunks(len(c_bits), CANDIDATE_CHUNK):
        columns = _augmented(c_bits[c_part], c_weight[c_part], False).T.copy()
        width = c_part.stop - c_part.start
        for number, q_part in enumerate(q_parts):
            rows = kept[number] if small else _augmented(q_bits[q_part], q_weight[q_part], True)
            out = buffer[: len(rows) * width].reshape(len(rows), width)
            np.matmul(rows, columns, out=out)  # |a AND b| - t (|a| + |b|) / 2 + slack
            r, c = np.divmod(np.flatnonzero(out >= 0), width)
            found_q.append(r + q_part.start)
            found_c.append(c + c_part.start)
    qi = np.concatenate(found_q) if found_q else np.zeros(0, dtype=np.intp)
    ci = np.concatenate(found_c) if found_c else np.zeros(0, dtype=np.intp)
    scores = dice_pairs(q_bits, c_bits, qi, ci)
    keep = scores >= threshold
    return Scored(qi[keep], ci[keep], scores[keep], len(q_bits) * len(c_bits))


def _incidence(encodings: Sequence[Encoding], ids: dict[str, int]) -> tuple[Index, Index]:
    """(token id, record) for every blocking token of every record, new tokens numbered."""
    tokens: list[int] = []
    records: list[int] = []
    for number, encoding in enumerate(encodings):
        for token in encoding.blocks:
            tokens.append(ids.setdefault(token, len(ids)))
            records.append(number)
    return np.asarray(tokens, dtype=np.intp), np.asarray(records, dtype=np.intp)


def blocked_pairs(
    queries: Sequence[Encoding], candidates: Sequence[Encoding]
) -> tuple[Index, Index]:
    """Distinct (query, candidate) pairs that share at least one blocking token, by query."""
    ids: dict[str, int] = {}
    c_tok, c_rec = _incidence(candidates, ids)
    q_tok, q_rec = _incidence(queries, ids)
    order = np.argsort(c_tok, kind="stable")
    c_tok, c_rec = c_tok[order], c_rec[order]
    start = np.searchsorted(c_tok, q_tok, side="left")
    sizes = np.searchsorted(c_tok, q_tok, side="right") - start
    total = int(sizes.sum())
    if total == 0:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    qi = np.repeat(q_rec, sizes)
    offsets = np.arange(total, dtype=np.intp) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    ci = c_rec[np.repeat(start, sizes) + offsets]
    pairs = np.unique(qi.astype(np.int64) * len(candidates) + ci)
    return (pairs // len(candidates)).astype(np.intp), (pairs % len(candidates)).astype(np.intp)


def score_blocked(
    queries: Sequence[Encoding], candidates: Sequence[Encoding], threshold: float
) -> Scored:
    q_bits, c_bits = pack(queries), pack(candidates)
    if q_bits.shape[1] != c_bits.shape[1]:
        raise ValueError("Queries and candidates must have the same length.")
    qi, ci = blocked_pairs(queries, candidates)
    scores = dice_pairs(q_bits, c_bits, qi, ci)
    keep = scores >= threshold
    return Scored(qi[keep], ci[keep], scores[keep], len(qi))


def score(
    queries: Sequence[Encoding],
    candidates: Sequence[Encoding],
    threshold: float = DEFAULT_THRESHOLD,
    use_blocking: bool = True,
) -> Scored:
    if not 0.0 < threshold <= 1.0:
        raise ValueError("The threshold must be above 0 and at most 1.")
    if not queries or not candidates:
        empty = np.zeros(0, dtype=np.intp)
        return Scored(empty, empty, np.zeros(0), 0)
    if use_blocking:
        return score_blocked(queries, candidates, threshold)
    q_bits, c_bits = pack(queries), pack(candidates)
    if q_bits.shape[1] != c_bits.shape[1]:
        raise ValueError("Queries and candidates must have the same length.")
    return score_all(q_bits, c_bits, threshold)


def similarity(query: Encoding, candidates: Sequence[Encoding]) -> list[float]:
    """Dice of one encoding against each candidate, in order (no threshold, no blocking)."""
    if not candidates:
        return []
    q_bits, c_bits = pack([query]), pack(candidates)
    if q_bits.shape[1] != c_bits.shape[1]:
        raise ValueError("Queries and candidates must have the same length.")
    everyone = np.arange(len(candidates), dtype=np.intp)
    return dice_pairs(q_bits, c_bits, np.zeros_like(everyone), everyone).tolist()


def match(
    queries: Sequence[Encoding],
    candidates: Sequence[Encoding],
    threshold: float = DEFAULT_THRESHOLD,
    use_blocking: bool = True,
) -> list[Match]:
    """Pairs with Dice >= threshold, by query, best first (ties by candidate index)."""
    found = score(queries, candidates, threshold, use_blocking)
    order = np.lexsort((found.candidate, -found.score, found.query))
    return [
        Match(query=int(q), candidate=int(c), score=float(s))
        for q, c, s in zip(
            found.query[order], found.candidate[order], found.score[order], strict=True
        )
    ]
