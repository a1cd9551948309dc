"""Name normalisation for linkage: Latin diacritics, Hanzi -> pinyin (with and without tones),
family/given order, romanisation variants, sex codes."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from haven.exchange.linkage import Identity
from haven.exchange.linkage.encoding import name_words
from haven.exchange.linkage.normalise import (
    fold_latin,
    name_forms,
    sex_code,
    split_hanzi_name,
    whole_name_words,
)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("José", "jose"),
        ("MÜLLER", "muller"),
        ("Łukasz Żółć", "lukasz zolc"),
        ("Straße", "strasse"),
        ("Søren Ærø", "soren aero"),
        ("Nguyễn Thị Minh Khai", "nguyen thi minh khai"),
        ("Đặng", "dang"),
        ("O'Brien", "obrien"),
        ("Jean-Pierre", "jeanpierre"),
        ("  Anna   Maria ", "anna maria"),
        ("Ｚｈａｎｇ", "zhang"),  # full-width letters
        ("smith, jr.", "smith jr"),
    ],
)
def test_fold_latin(text, folded):
    assert fold_latin(text) == folded


@pytest.mark.parametrize(
    ("text", "surname", "plain", "toned", "hanzi"),
    [
        ("张", True, "zhang", "zhang1", "张"),
        ("張", True, "zhang", "zhang1", "張"),  # traditional
        ("伟明", False, "weiming", "wei3ming2", "伟明"),
        ("偉明", False, "weiming", "wei3ming2", "偉明"),
        ("曾", True, "zeng", "zeng1", "曾"),  # surname reading, not ceng
        ("单", True, "shan", "shan4", "单"),  # not dan
        ("单", False, "dan", "dan1", "单"),  # as a given name: the everyday reading
        ("欧阳", True, "ouyang", "ou1yang2", "欧阳"),
        ("吕", True, "lu", "lu3", "吕"),  # ü written u, as on passports
        ("Zhāng", True, "zhang", "zhang1", ""),  # tone marks
        ("zhang1", True, "zhang", "zhang1", ""),  # tone numbers
        ("Wěi Míng", False, "weiming", "wei3ming2", ""),
        ("wei3-ming2", False, "weiming", "wei3ming2", ""),
        ("Lǚ", True, "lu", "lu3", ""),
        ("LYU", True, "lu", "lu", ""),
        ("Lv", True, "lu", "lu", ""),
        ("García Márquez", True, "garciamarquez", "garciamarquez", ""),  # not pinyin
        ("", False, "", "", ""),
    ],
)
def test_name_forms(text, surname, plain, toned, hanzi):
    forms = name_forms(text, surname=surname)
    assert (forms.plain, forms.toned, forms.hanzi) == (plain, toned, hanzi)


@pytest.mark.parametrize(
    ("written", "pinyin"),
    [
        ("Chang", "zhang"),
        ("Cheung", "zhang"),
        ("Hsu", "xu"),
        ("Wong", "huang"),
        ("Chan", "chen"),
        ("Lee", "li"),
        ("Ng", "wu"),
        ("Kwok", "guo"),
        ("Hsieh", "xie"),
        ("Tsang", "zeng"),
        ("Leung", "liang"),
        ("Zhang", "zhang"),
        ("Tan", "tan"),  # a pinyin surname (谭) in its own right: left alone
        ("Smith", "smith"),
    ],
)
def test_surname_romanisation_variants(written, pinyin):
    assert name_forms(written, surname=True).plain == pinyin


def test_given_name_joined_however_written():
    forms = {name_forms(t).plain for t in ["伟明", "Wei Ming", "Weiming", "WEI-MING", "Wěimíng"]}
    assert forms == {"weiming"}


@pytest.mark.parametrize(
    ("whole", "split"),
    [("张伟", ("张", "伟")), ("欧阳娜娜", ("欧阳", "娜娜")), ("司馬光", ("司馬", "光"))],
)
def test_split_hanzi_name(whole, split):
    assert split_hanzi_name(whole) == split


def test_whole_name_words():
    assert whole_name_words("欧阳娜娜") == ["ouyang", "nana"]
    assert whole_name_words("Chang Wei") == ["zhang", "wei"]
    assert whole_name_words("張偉") == ["zhang", "wei"]


@pytest.mark.parametrize(
    "identity",
    [
        Identity("张", "伟"),
        Identity("張", "偉"),
        Identity("Zhang", "Wei"),
        Identity("Wei", "Zhang"),  # family and given names swapped
        Identity("ZHANG", "WEI"),
        Identity("Zhāng", "Wěi"),
        Identity("zhang1", "wei3"),
        Identity("Chang", "Wei"),
        Identity("Cheung", "Wei"),
    ],
)
def test_one_person_many_spellings(identity):
    assert set(name_words(identity)) == {"zhang", "wei"}


def test_other_names_add_words_without_repeats():
    person = Identity("Zhang", "Wei", other_names=("张伟", "Lily Zhang"))
    assert name_words(person) == ("zhang", "wei", "lily")


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("female", "f"),
        ("Feminine", "f"),
        ("F", "f"),
        ("male", "m"),
        ("Masculine", "m"),
        ("NonSpecifiedUnknown", None),
        ("", None),
        (None, None),
        ("TransgenderFeminine", "transgenderfeminine"),
    ],
)
def test_sex_code(value, code):
    assert sex_code(value) == code


def test_engine_imports_no_django():
    package = Path(__file__).resolve().parent.parent / "linkage"
    for source in package.glob("*.py"):
        tree = ast.parse(source.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(n.split(".")[0] == "django" for n in names), source.name
