"""Canonical forms of names, so that one person written differently encodes alike.

- Latin names: lower case, diacritics removed (``Müller`` -> ``muller``, ``Łukasz`` ->
  ``lukasz``), punctuation dropped, hyphens and apostrophes joined (``Jean-Pierre`` ->
  ``jeanpierre``, ``O'Brien`` -> ``obrien``).
- Chinese names in Hanzi (simplified or traditional) become toneless pinyin (``张伟`` -> ``zhang``,
  ``wei``), with the surname reading for polyphonic surnames (``曾`` -> ``zeng``, not ``ceng``)
  and ``ü`` written ``u`` as on passports (``吕`` -> ``lu``). Pinyin typed with tone marks or
  tone numbers (``Zhāng``, ``zhang1``) loses its tones the same way. The toned form is kept too
  (``zhang1``) for display and search; the encoding uses the toneless one, because most records
  carry no tones and a tone would otherwise split one person's records.
- Romanisation variants of common surnames (Wade-Giles, Cantonese, Hokkien: ``Chang``,
  ``Cheung`` -> ``zhang``; ``Hsu`` -> ``xu``) are mapped to pinyin (``variants``).
- The words of one field are joined (``Wei Ming``, ``Wei-ming`` and ``伟明`` all give
  ``weiming``); family and given names are kept as separate words without a role, so swapping
  them changes nothing.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from pypinyin import Style, lazy_pinyin
from pypinyin.contrib.tone_convert import to_tone3

from haven.exchange.linkage.variants import (
    COMPOUND_SURNAMES,
    LATIN_LETTERS,
    SURNAME_READINGS,
    SURNAME_ROMANISATIONS,
)

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef]")
HAN_RUN = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef]+)")
JOINERS = re.compile(r"['’‘`ʼ\-‐‑–]")  # apostrophes and hyphens join the parts of a word
NOT_LETTER = re.compile(r"[^a-z0-9 ]")
TONE_DIGIT = re.compile(r"(?<=[a-z])[1-5]")
DIGITS = re.compile(r"[0-9]")
# A word made only of pinyin syllables, each with an optional tone number.
PINYIN_WORD = re.compile(
    r"(?:(?:[jqx](?:iang|iong|ian|iao|ing|ia|ie|iu|in|i|uan|ue|un|u)"
    r"|(?:zh|ch|sh|[bpmfdtnlgkhrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|er|in|un|vn"
    r"|ia|ie|iu|ua|uo|ui|ue|ve|a|o|e|i|u|v))[1-5]?)+"
)

SEX_CODES = {
    "f": "f",
    "female": "f",
    "feminine": "f",
    "woman": "f",
    "girl": "f",
    "m": "m",
    "male": "m",
    "masculine": "m",
    "man": "m",
    "boy": "m",
}
UNKNOWN_SEX = {"", "u", "x", "unknown", "nonspecifiedunknown", "notspecified", "none"}


@dataclass(frozen=True)
class NameForms:
    """One name field in its canonical forms."""

    plain: str  # toneless, joined Latin letters: what the encoding uses ("weiming")
    toned: str  # pinyin with tone numbers where known ("wei3ming2"), else the plain form
    hanzi: str  # the Hanzi as written ("伟明"), or ""


def has_han(text: str) -> bool:
    return bool(HAN.search(text))


def fold_latin(text: str) -> str:
    """Lower case, no diacritics, only a-z, digits and single spaces."""
    if text.isascii():
        return " ".join(NOT_LETTER.sub(" ", JOINERS.sub("", text.lower())).split())
    lowered = unicodedata.normalize("NFKC", text).casefold()
    lowered = "".join(LATIN_LETTERS.get(c, c) for c in lowered)
    lowered = JOINERS.sub("", lowered)
    decomposed = unicodedata.normalize("NFKD", lowered)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(NOT_LETTER.sub(" ", stripped).split())


def _toned_latin(text: str) -> str:
    """Tone-number form of pinyin typed with tone marks or numbers (``Zhāng`` -> ``zhang1``);
    "" when the text is not pinyin with tones."""
    words = []
    syllables = JOINERS.sub(" ", unicodedata.normalize("NFC", text.casefold()))
    for word in syllables.replace("ü", "v").split():
        try:
            toned = to_tone3(word)
        except (KeyError, ValueError):
            return ""
        toned = fold_latin(toned).replace(" ", "")
        if not PINYIN_WORD.fullmatch(toned):
            return ""
        words.append(toned.replace("v", "u"))  # ü is written u, as on passports
    joined = "".join(words)
    return joined if TONE_DIGIT.search(joined) else ""


def _canonical_words(folded: str) -> list[str]:
    words = [DIGITS.sub("", w) for w in folded.split()]
    return [SURNAME_ROMANISATIONS.get(w, w) for w in words if w]


def split_hanzi_name(text: str) -> tuple[str, str]:
    """A whole name in Hanzi split into surname and given name (compound surnames known)."""
    hanzi = "".join(text.split())
    size = 2 if hanzi[:2] in COMPOUND_SURNAMES else 1
    return hanzi[:size], hanzi[size:]


def _toned_pinyin(hanzi: str, *, surname: bool) -> str:
    """Tone-number pinyin of a run of Hanzi, the surname reading first when ``surname``."""
    if surname:
        for size in (2, 1):
            head = hanzi[:size]
            if len(head) == size and head in SURNAME_READINGS:
                rest = _toned_pinyin(hanzi[size:], surname=False) if hanzi[size:] else ""
                return SURNAME_READINGS[head] + rest
    syllables = lazy_pinyin(hanzi, style=Style.TONE3, v_to_u=True, errors="ignore")
    return fold_latin("".join(syllables))


def _han_forms(text: str, *, surname: bool) -> tuple[str, str, str]:
    """(plain, toned, hanzi) of a field with Hanzi; runs in other scripts are folded as Latin."""
    plain: list[str] = []
    toned: list[str] = []
    hanzi: list[str] = []
    for run in HAN_RUN.split(text):
        if HAN.match(run):
            reading = _toned_pinyin(run, surname=surname and not hanzi)
            toned.append(reading)
            plain.append(DIGITS.sub("", reading))
            hanzi.append(run)
        elif run.strip():
            words = _canonical_words(fold_latin(run))
            plain.extend(words)
            toned.extend(words)
    return "".join(plain), "".join(toned), "".join(hanzi)


@functools.lru_cache(maxsize=65536)
def name_forms(text: str, *, surname: bool = False) -> NameForms:
    """Canonical forms of one name field (a family name when ``surname``)."""
    if not text or not text.strip():
        return NameForms("", "", "")
    if has_han(text):
        return NameForms(*_han_forms(text, surname=surname))
    words = _canonical_words(fold_latin(text))
    plain = "".join(words)
    if text.isascii() and not DIGITS.search(text):
        return NameForms(plain, plain, "")  # no tone marks, no tone numbers
    toned = _toned_latin(text)
    if DIGITS.sub("", toned) != plain:  # a romanisation variant was mapped: tones unknown
        toned = plain
    return NameForms(plain, toned, "")


def whole_name_words(text: str) -> list[str]:
    """Canonical words of a whole name (an alias): Hanzi split into surname and given name,
    Latin split on spaces."""
    if has_han(text) and not HAN_RUN.sub("", text).strip():
        family, given = split_hanzi_name(text)
        return [w for w in (name_forms(family, surname=True).plain, name_forms(given).plain) if w]
    return _canonical_words(fold_latin(text))


def sex_code(value: str | None) -> str | None:
    """``f``, ``m``, another folded code, or None when unknown."""
    if value is None:
        return None
    folded = fold_latin(value).replace(" ", "")
    if folded in UNKNOWN_SEX:
        return None
    return SEX_CODES.get(folded, folded)
