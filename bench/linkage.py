"""Privacy-preserving record linkage (``haven.exchange.linkage``): quality and speed.

``python bench/run.py linkage`` writes ``bench/results/linkage-engine.json`` (no database).

- FEBRL4 (``../shared/data/febrl/dataset4a.csv`` vs ``dataset4b.csv``, 5,000 true pairs), the
  social security number ignored, twice: with the fields Haven's match queries encode (names,
  birth date) and with every other FEBRL field as agreed attributes (street number, address,
  suburb, postcode, state).
- FEBRL3 (``dataset3.csv``) deduplicated against itself (6,538 true pairs).
- A generated set of Chinese names: Hanzi (simplified or traditional) on one side, pinyin
  variants on the other (tone marks, tone numbers, capitals, Wade-Giles/Cantonese surnames,
  family/given order swapped, given name joined, spaced or hyphenated) with typing errors and
  missing or wrong birth dates, against distractors drawn from the same common names.

Precision, recall and F1 count every pair at or above the threshold (no one-to-one assignment),
at the best threshold (swept from 0.6 in steps of 0.005) and at ``DEFAULT_THRESHOLD``. Speed is
comparisons per second of the matcher itself at ``DEFAULT_THRESHOLD`` (exact Dice of every hit
included) on one core (BLAS and OpenMP limited to one thread), per CPU second and per wall
second, best of three; the machine may be shared, so the CPU-second figure is the steadier one. Targets: F1 >= 0.99 on FEBRL4, >= 50 million comparisons per second.
"""

from __future__ import annotations

import os

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_name] = "1"  # before numpy is imported (run.py imports it no earlier)

import csv  # noqa: E402
import datetime  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

from bench.common import write  # noqa: E402
from haven.exchange.linkage import (  # noqa: E402
    BITS,
    DEFAULT_THRESHOLD,
    SCHEME,
    Encoding,
    Identity,
    derive_key,
    encode_many,
)
from haven.exchange.linkage import encoding as clk  # noqa: E402
from haven.exchange.linkage.matching import Scored, blocked_pairs, score  # noqa: E402
from haven.exchange.linkage.variants import SURNAME_ROMANISATIONS  # noqa: E402

FEBRL = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "febrl"
ATTRIBUTES = ("street_number", "address_1", "address_2", "suburb", "postcode", "state")
KEY = derive_key(b"bench-linkage-secret-0123456789", "haven-match/bench")
SWEEP_FROM = 0.6


# --- Data ----------------------------------------------------------------------------------


def _date(text: str) -> datetime.date | None:
    try:
        return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:  # missing, or an impossible date FEBRL made on purpose
        return None


def febrl(name: str, *, attributes: bool) -> tuple[list[str], list[Identity]]:
    """(entity number per record, identities); the social security number is never read."""
    with (FEBRL / f"{name}.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle, skipinitialspace=True))
    ids, people = [], []
    for row in rows:
        ids.append(row["rec_id"].split("-")[1])
        extra = tuple((k, row[k]) for k in ATTRIBUTES if attributes and row[k])
        people.append(
            Identity(
                family_name=row["surname"],
                given_names=row["given_name"],
                birth_date=_date(row["date_of_birth"]),
                attributes=extra,
            )
        )
    return ids, people


SURNAMES = {  # simplified -> traditional
    "王": "王", "李": "李", "张": "張", "刘": "劉", "陈": "陳", "杨": "楊", "黄": "黃",
    "赵": "趙", "吴": "吳", "周": "周", "徐": "徐", "孙": "孫", "马": "馬", "朱": "朱",
    "胡": "胡", "郭": "郭", "何": "何", "林": "林", "罗": "羅", "高": "高", "梁": "梁",
    "郑": "鄭", "谢": "謝", "许": "許", "曾": "曾", "蔡": "蔡", "叶": "葉", "欧阳": "歐陽",
    "吕": "呂", "单": "單",
}  # fmt: skip
GIVEN = {
    "伟": "偉", "芳": "芳", "娜": "娜", "敏": "敏", "静": "靜", "丽": "麗", "强": "強",
    "磊": "磊", "军": "軍", "洋": "洋", "勇": "勇", "艳": "艷", "杰": "傑", "娟": "娟",
    "涛": "濤", "明": "明", "超": "超", "秀": "秀", "霞": "霞", "平": "平", "刚": "剛",
    "桂": "桂", "英": "英", "华": "華", "玉": "玉", "兰": "蘭", "红": "紅", "建": "建",
    "文": "文", "晓": "曉", "燕": "燕", "婷": "婷", "雪": "雪", "慧": "慧", "鑫": "鑫",
}  # fmt: skip


def _variants_of(pinyin: str) -> list[str]:
    return [k for k, v in SURNAME_ROMANISATIONS.items() if v == pinyin]


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 3:
        return word
    i = rng.randrange(1, len(word))
    return word[:i] + rng.choice("abcdefghijklmnopqrstuvwxyz") + word[i + 1 :]


def _pinyin_side(rng: random.Random, person: Identity) -> Identity:
    from pypinyin import Style, lazy_pinyin
    from pypinyin.contrib.tone_convert import to_tone

    from haven.exchange.linkage.normalise import SURNAME_READINGS

    family_han, given_han = person.family_name, person.given_names
    reading = SURNAME_READINGS.get(family_han)
    style = rng.choice(["plain", "marks", "numbers", "upper", "variant"])
    pinyin_style = {"marks": Style.TONE, "numbers": Style.TONE3}.get(style, Style.NORMAL)
    if reading:  # a polyphonic surname: people write its surname reading
        toneless = "".join(c for c in reading if c.isalpha())
        family = {"marks": to_tone(reading), "numbers": reading}.get(style, toneless)
    else:
        family = "".join(lazy_pinyin(family_han, style=pinyin_style))
    syllables = lazy_pinyin(given_han, style=pinyin_style)
    given = rng.choice(["".join(syllables), " ".join(syllables), "-".join(syllables)])
    if style == "variant" and (options := _variants_of(family)):
        family = rng.choice(options)
    family, given = family.capitalize(), given.capitalize()
    if style == "upper":
        family, given = family.upper(), given.upper()
    if rng.random() < 0.05:
        given = _typo(rng, given)
    if rng.random() < 0.25:  # family and given names in the other order
        family, given = given, family
    birth = person.birth_date
    roll = rng.random()
    if birth and roll < 0.08:
        birth = None
    elif birth and roll < 0.14:  # one part of the date wrong
        birth = birth.replace(day=min(28, birth.day % 28 + 1))
    sex = person.sex if rng.random() < 0.9 else None
    return Identity(family_name=family, given_names=given, birth_date=birth, sex=sex)


def chinese(
    n: int, distractors: int, seed: int = 7
) -> tuple[list[Identity], list[Identity], list[int], list[int]]:
    """n people in Hanzi; the same people in pinyin variants plus ``distractors`` others."""
    rng = random.Random(seed)

    def person() -> Identity:
        family = rng.choice(list(SURNAMES))
        given = "".join(rng.choice(list(GIVEN)) for _ in range(rng.choice((1, 2, 2))))
        birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 45))
        return Identity(family, given, birth, rng.choice(["female", "male"]))

    people = [person() for _ in range(n)]
    hanzi = []
    for p in people:
        if rng.random() < 0.3:  # traditional characters
            family = SURNAMES[p.family_name]
            p = Identity(family, "".join(GIVEN[c] for c in p.given_names), p.birth_date, p.sex)
        hanzi.append(p)
    others = [person() for _ in range(distractors)]
    latin = [_pinyin_side(rng, p) for p in people + others]
    return hanzi, latin, list(range(n)), list(range(n)) + [-1 - i for i in range(distractors)]


# --- Measures ------------------------------------------------------------------------------


def _timed(fn: Callable[[], Scored], repeat: int = 3) -> tuple[Scored, float, float]:
    cpu, wall, result = float("inf"), float("inf"), None
    for _ in range(repeat):
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        result = fn()
        cpu = min(cpu, time.process_time() - start_cpu)
        wall = min(wall, time.perf_counter() - start_wall)
    assert result is not None
    return result, cpu, wall


def _quality(
    found: Scored, truth: np.ndarray, true_pairs: int, threshold: float
) -> dict[str, float]:
    chosen = found.score >= threshold
    tp = int((truth & chosen).sum())
    precision = tp / max(int(chosen.sum()), 1)
    recall = tp / true_pairs
    f1 = 2 * precision * recall / max(precision + recall, 1e-12)
    return {
        "threshold": round(threshold, 3),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
    }


def _best(found: Scored, truth: np.ndarray, true_pairs: int) -> dict[str, float]:
    rows = [_quality(found, truth, true_pairs, t) for t in np.arange(SWEEP_FROM, 1.0, 0.005)]
    return max(rows, key=lambda r: (r["f1"], -abs(r["threshold"] - DEFAULT_THRESHOLD)))


def _rate(count: int, seconds: float) -> int:
    return round(count / seconds) if seconds > 0 else 0


def evaluate(
    left: Sequence[Identity],
    right: Sequence[Identity],
    left_ids: Sequence[object],
    right_ids: Sequence[object],
    *,
    dedupe: bool = False,
) -> dict[str, Any]:
    start = time.process_time()
    ea: list[Encoding] = encode_many(left, KEY)
    eb: list[Encoding] = ea if dedupe else encode_many(right, KEY)
    encode_cpu = time.process_time() - start
    lid, rid = np.asarray(left_ids), np.asarray(right_ids)

    def truth_and_keep(found: Scored) -> tuple[Scored, np.ndarray]:
        if dedupe:  # each unordered pair once, never a record with itself
            keep = found.query < found.candidate
            found = Scored(found.query[keep], found.candidate[keep], found.score[keep], 0)
        return found, lid[found.query] == rid[found.candidate]

    if dedupe:
        counts: dict[object, int] = {}
        for value in left_ids:
            counts[value] = counts.get(value, 0) + 1
        true_pairs = sum(c * (c - 1) // 2 for c in counts.values())
    else:
        true_pairs = len(set(left_ids) & set(right_ids))
    _, cpu, wall = _timed(lambda: score(ea, eb, DEFAULT_THRESHOLD, use_blocking=False))
    _, bcpu, bwall = _timed(lambda: score(ea, eb, DEFAULT_THRESHOLD, use_blocking=True))
    dense, truth = truth_and_keep(score(ea, eb, SWEEP_FROM, use_blocking=False))
    comparisons = len(ea) * len(eb)
    blocked = score(ea, eb, SWEEP_FROM, use_blocking=True)
    block_comparisons = blocked.comparisons
    blocked, btruth = truth_and_keep(blocked)
    qi, ci = blocked_pairs(ea, eb)
    candidates = {(int(q), int(c)) for q, c in zip(qi, ci, strict=True)}
    rpos: dict[object, list[int]] = {}
    for number, value in enumerate(right_ids):
        rpos.setdefault(value, []).append(number)
    true_candidates = sum(
        (q, c) in candidates
        for q, value in enumerate(left_ids)
        for c in rpos.get(value, [])
        if not dedupe or q < c
    )
    return {
        "records": [len(left), len(right)],
        "true_pairs": true_pairs,
        "encodings_per_cpu_second": _rate(len(left) + (0 if dedupe else len(right)), encode_cpu),
        "all_pairs": {
            "comparisons": comparisons,
            "cpu_seconds": round(cpu, 3),
            "wall_seconds": round(wall, 3),
            "comparisons_per_cpu_second": _rate(comparisons, cpu),
            "comparisons_per_wall_second": _rate(comparisons, wall),
            "best": _best(dense, truth, true_pairs),
            "at_default_threshold": _quality(dense, truth, true_pairs, DEFAULT_THRESHOLD),
        },
        "blocked": {
            "comparisons": block_comparisons,
            "reduction_ratio": round(1 - block_comparisons / max(comparisons, 1), 4),
            "pair_completeness": round(true_candidates / max(true_pairs, 1), 4),
            "cpu_seconds": round(bcpu, 3),
            "wall_seconds": round(bwall, 3),
            "comparisons_per_cpu_second": _rate(block_comparisons, bcpu),
            "best": _best(blocked, btruth, true_pairs),
            "at_default_threshold": _quality(blocked, btruth, true_pairs, DEFAULT_THRESHOLD),
        },
    }


def main(flags: list[str]) -> dict[str, Any]:
    if not FEBRL.is_dir():
        print(f"FEBRL data not found in {FEBRL}", file=sys.stderr)
        raise SystemExit(2)
    results: dict[str, Any] = {}
    ids_a, plain_a = febrl("dataset4a", attributes=False)
    ids_b, plain_b = febrl("dataset4b", attributes=False)
    results["febrl4_names_birth_date"] = evaluate(plain_a, plain_b, ids_a, ids_b)
    _, full_a = febrl("dataset4a", attributes=True)
    _, full_b = febrl("dataset4b", attributes=True)
    results["febrl4_all_fields_but_ssn"] = evaluate(full_a, full_b, ids_a, ids_b)
    ids_3, full_3 = febrl("dataset3", attributes=True)
    results["febrl3_dedup_all_fields_but_ssn"] = evaluate(full_3, full_3, ids_3, ids_3, dedupe=True)
    hanzi, latin, hanzi_ids, latin_ids = chinese(2000, 2000)
    results["chinese_hanzi_vs_pinyin"] = evaluate(hanzi, latin, hanzi_ids, latin_ids)
    headline = results["febrl4_all_fields_but_ssn"]["all_pairs"]
    payload = {
        "scheme": SCHEME,
        "bits": BITS,
        "bits_per_feature": {
            "name_bigram": clk.K_NAME,
            "birth_date_part": clk.K_DATE,
            "sex": clk.K_SEX,
            "attribute_bigram": clk.K_ATTRIBUTE,
        },
        "default_threshold": DEFAULT_THRESHOLD,
        "blas_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
        "targets": {
            "febrl4_f1_at_best_threshold": {"target": 0.99, "value": headline["best"]["f1"]},
            "comparisons_per_second": {
                "target": 50_000_000,
                "value_cpu": headline["comparisons_per_cpu_second"],
                "value_wall": headline["comparisons_per_wall_second"],
            },
        },
        "results": results,
    }
    path = write("linkage", "engine", payload)
    print(
        f"{'data set':34} {'thr':>5} {'P':>7} {'R':>7} {'F1':>7} {'Mcmp/cpu-s':>11} {'blk PC':>7}"
    )
    for name, row in results.items():
        best = row["all_pairs"]["best"]
        print(
            f"{name:34} {best['threshold']:5} {best['precision']:7} {best['recall']:7} "
            f"{best['f1']:7} {row['all_pairs']['comparisons_per_cpu_second'] / 1e6:11.1f} "
            f"{row['blocked']['pair_completeness']:7}"
        )
    print(f"written to {path}")
    return payload


if __name__ == "__main__":
    main(sys.argv[1:])
