"""Match quality on a FEBRL4 sample kept in the repository (100 records and their 100
duplicates, social security numbers removed; see data/README.md), and on Chinese names written
in Hanzi on one side and in pinyin variants on the other. The full benchmark is
``bench/linkage.py``."""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

import pytest

from haven.exchange.linkage import DEFAULT_THRESHOLD, Identity, derive_key, encode_many, match

SAMPLE = Path(__file__).resolve().parent / "data" / "febrl4_sample.csv"
ATTRIBUTES = ("street_number", "address_1", "address_2", "suburb", "postcode", "state")
KEY = derive_key(b"quality-tests-secret-0000000001", "haven-match/quality")


def _date(text: str) -> datetime.date | None:
    try:
        return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def febrl_sample(
    *, attributes: bool
) -> tuple[list[tuple[str, Identity]], list[tuple[str, Identity]]]:
    originals: list[tuple[str, Identity]] = []
    duplicates: list[tuple[str, Identity]] = []
    with SAMPLE.open(newline="") as handle:
        for row in csv.DictReader(handle):
            person = Identity(
                family_name=row["surname"],
                given_names=row["given_name"],
                birth_date=_date(row["date_of_birth"]),
                attributes=tuple((k, row[k]) for k in ATTRIBUTES if attributes and row[k]),
            )
            number = row["rec_id"].split("-")[1]
            (originals if row["rec_id"].endswith("-org") else duplicates).append((number, person))
    return originals, duplicates


def quality(threshold: float, *, attributes: bool, use_blocking: bool) -> tuple[float, float]:
    originals, duplicates = febrl_sample(attributes=attributes)
    left = encode_many([p for _, p in originals], KEY)
    right = encode_many([p for _, p in duplicates], KEY)
    found = match(left, right, threshold=threshold, use_blocking=use_blocking)
    true = sum(originals[m.query][0] == duplicates[m.candidate][0] for m in found)
    return true / max(len(found), 1), true / len(originals)


def test_sample_is_what_the_readme_says():
    originals, duplicates = febrl_sample(attributes=True)
    assert len(originals) == len(duplicates) == 100
    assert {n for n, _ in originals} == {n for n, _ in duplicates}
    assert "soc_sec_id" not in SAMPLE.read_text().splitlines()[0]


@pytest.mark.parametrize("use_blocking", [False, True])
def test_febrl4_sample_with_all_fields_but_the_ssn(use_blocking):
    precision, recall = quality(DEFAULT_THRESHOLD, attributes=True, use_blocking=use_blocking)
    assert precision >= 0.98
    assert recall >= 0.95


def test_febrl4_sample_with_names_and_birth_date_only():
    """FEBRL replaces whole names in some duplicates; names and birth date alone still find
    most pairs, and wrong links stay rare."""
    precision, recall = quality(DEFAULT_THRESHOLD, attributes=False, use_blocking=True)
    assert precision >= 0.95
    assert recall >= 0.7
    precision, recall = quality(0.7, attributes=False, use_blocking=True)
    assert precision >= 0.9
    assert recall >= 0.85


def test_best_candidate_of_each_original_is_its_duplicate_mostly():
    originals, duplicates = febrl_sample(attributes=True)
    left = encode_many([p for _, p in originals], KEY)
    right = encode_many([p for _, p in duplicates], KEY)
    best: dict[int, int] = {}
    for m in match(left, right, threshold=0.5, use_blocking=False):
        best.setdefault(m.query, m.candidate)
    right_first = sum(originals[q][0] == duplicates[c][0] for q, c in best.items())
    assert right_first >= 98


BORN = datetime.date(1992, 8, 17)
HANZI = [
    Identity("张", "伟明", BORN, "male"),
    Identity("陳", "麗華", datetime.date(1988, 1, 2), "female"),
    Identity("欧阳", "娜娜", datetime.date(2001, 12, 30), "female"),
    Identity("吕", "强", datetime.date(1979, 5, 5), "male"),
    Identity("许", "文", datetime.date(1995, 7, 9), "male"),
    Identity("黄", "秀英", datetime.date(1990, 10, 10), "female"),
    Identity("曾", "杰", datetime.date(1983, 3, 21), "male"),
]
PINYIN = [
    Identity("Wei-Ming", "CHANG", BORN, "Masculine"),  # order swapped, Wade-Giles surname
    Identity("Chan", "Lai Wa", datetime.date(1988, 1, 2), "female"),  # Cantonese given name
    Identity("Ōuyáng", "Nànà", datetime.date(2001, 12, 30), "female"),
    Identity("LYU", "QIANG", datetime.date(1979, 5, 5), None),
    Identity("Hsu", "Wen", None, "male"),  # no birth date
    Identity("Wong", "Xiu Ying", datetime.date(1990, 10, 10), "female"),
    Identity("zeng1", "jie2", datetime.date(1983, 3, 12), "male"),  # day and month swapped
    Identity("Zhang", "Weiming", datetime.date(1970, 2, 2), "male"),  # same name, another man
]


def test_hanzi_against_pinyin_variants():
    hanzi, pinyin = encode_many(HANZI, KEY), encode_many(PINYIN, KEY)
    found = match(hanzi, pinyin, threshold=0.6)
    best: dict[int, tuple[int, float]] = {}
    for m in found:
        best.setdefault(m.query, (m.candidate, m.score))
    assert best[0][0] == 0  # the man born in 1992, not his namesake born in 1970
    assert best[2] == (2, 1.0)
    assert best[3][0] == 3
    assert best[4][0] == 4
    assert best[5][0] == 5
    assert best[6][0] == 6
    # A Cantonese given name (Lai Wa for 麗華) shares few letters with its pinyin (li hua);
    # surname, birth date and sex still carry it over the threshold.
    assert best[1][0] == 1
    assert best[1][1] >= DEFAULT_THRESHOLD
    namesake = next(m.score for m in found if (m.query, m.candidate) == (0, 7))
    assert namesake <= best[0][1] - 0.2
