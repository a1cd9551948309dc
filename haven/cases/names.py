"""Name normalisation for search and duplicate warnings (pure Python, no Django).

Names arrive in any script and in either order. We derive the forms an official might type:
Latin names without diacritics, Chinese names in Hanzi and in pinyin (with tone numbers and
without tones, spaced and joined), family-given and given-family order. Each form becomes a
keyed token elsewhere (``services``); plaintext never leaves memory.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

from pypinyin import Style, lazy_pinyin

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
NOT_WORD = re.compile(r"[^\w\s]", re.UNICODE)

# A few romanisation variants officials meet (Wade-Giles / Hong Kong spellings -> pinyin).
VARIANTS = {
    "chang": "zhang",
    "wong": "huang",
    "chan": "chen",
    "lee": "li",
    "tsai": "cai",
    "chou": "zhou",
    "hsu": "xu",
    "cheung": "zhang",
    "ng": "wu",
    "kwok": "guo",
    "lau": "liu",
    "yeung": "yang",
    "hu": "hu",
    "chiang": "jiang",
    "hsieh": "xie",
}


def has_han(text: str) -> bool:
    return bool(HAN.search(text))


def fold(text: str) -> str:
    """Lower case, no diacritics, no punctuation, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    cleaned = NOT_WORD.sub(" ", stripped.casefold().replace("ß", "ss"))
    return " ".join(cleaned.split())


def _part_forms(part: str) -> dict[str, set[str]]:
    """Forms of one name part by kind: "han", "plain" (pinyin or folded Latin), "toned"."""
    part = part.strip()
    if not part:
        return {}
    if has_han(part):
        hanzi = "".join(part.split())
        return {
            "han": {hanzi},
            "plain": {" ".join(lazy_pinyin(hanzi, errors="ignore"))},
            "toned": {" ".join(lazy_pinyin(hanzi, style=Style.TONE3, errors="ignore"))},
        }
    folded = fold(part)
    plain = {folded}
    words = folded.split()
    if words and all(w in VARIANTS for w in words):
        plain.add(" ".join(VARIANTS[w] for w in words))
    return {"plain": plain}


def _join(first: str, second: str, kind: str) -> set[str]:
    if kind == "han":
        return {first + second}
    spaced = f"{first} {second}"
    return {spaced, spaced.replace(" ", "")}


def full_name_forms(family: str, given: str, aliases: list[str] | None = None) -> set[str]:
    """Whole-name forms in both orders (each script with itself); aliases are whole names."""
    forms: set[str] = set()
    fam, giv = _part_forms(family), _part_forms(given)
    if fam and giv:
        for kind in fam.keys() & giv.keys():
            for a, b in itertools.product(fam[kind], giv[kind]):
                forms |= _join(a, b, kind) | _join(b, a, kind)
    else:
        for variants in (fam or giv).values():
            forms |= variants | {v.replace(" ", "") for v in variants}
    for alias in aliases or []:
        forms |= query_forms(alias)
    return {f for f in forms if f}


def query_forms(text: str) -> set[str]:
    """Forms of what someone typed in a search box (one or more words, any script)."""
    text = text.strip()
    if not text:
        return set()
    words = text.split()
    if has_han(text) and len(words) == 1:
        hanzi = words[0]
        return full_name_forms(hanzi[:1], hanzi[1:]) | full_name_forms(hanzi, "")
    if len(words) >= 2:
        return full_name_forms(words[0], " ".join(words[1:])) | full_name_forms(text, "")
    return full_name_forms(text, "")


def birth_year(value: object) -> str:
    """Normaliser for the birth-year blind index."""
    text = str(value)
    return text[:4] if len(text) >= 4 and text[:4].isdigit() else ""
