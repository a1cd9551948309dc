"""The legal library: pages and indicator explanations, and a search over both (in both
languages, so that a Chinese term finds a page read in English and the reverse). No Django."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from haven.screening.engine import Instrument, Item, Text, default_registry
from haven.training.catalogue import IndicatorNote, LibraryPage, catalogue

SNIPPET = 220
MAX_HITS = 50


@dataclass(frozen=True)
class Usage:
    """An indicator as one instrument asks it."""

    instrument: Instrument
    item: Item
    group: Text | None  # the dimension or Palermo element group it belongs to


@dataclass(frozen=True)
class Indicator:
    id: str
    note: IndicatorNote
    usages: tuple[Usage, ...]
    pages: tuple[LibraryPage, ...]

    @property
    def label(self) -> Text:
        return self.usages[0].item.label


def _group(instrument: Instrument, item: Item) -> Text | None:
    if item.dimension and any(d.id == item.dimension for d in instrument.dimensions):
        return instrument.dimension(item.dimension).name
    if item.element:
        group = instrument.element_group(item.element)
        if group is None and "palermo-elements" in default_registry():
            group = default_registry().get("palermo-elements").element_group(item.element)
        return group.name if group else None
    return None


def indicator(item_id: str) -> Indicator | None:
    """The library entry of an indicator ID, with every instrument that asks it."""
    note = catalogue().indicators.get(item_id)
    if note is None:
        return None
    usages = tuple(
        Usage(instrument, instrument.item(item_id), _group(instrument, instrument.item(item_id)))
        for instrument in default_registry()
        if item_id in instrument.item_ids
    )
    if not usages:
        return None
    pages = tuple(p for p in catalogue().pages if item_id in p.indicators)
    return Indicator(id=item_id, note=note, usages=usages, pages=pages)


def indicators_by_instrument() -> list[tuple[Instrument, list[Item]]]:
    return [(instrument, list(instrument.items)) for instrument in default_registry()]


@dataclass(frozen=True)
class Hit:
    kind: str  # "page" or "indicator"
    id: str
    title: str
    snippet: str
    score: int


def _matches(text: Text, needle: str) -> bool:
    return needle in text.en.casefold() or needle in text.zh_hans.casefold()


def _snippet(texts: Iterable[Text], needle: str, lang: str, fallback: Text) -> str:
    for text in texts:
        if _matches(text, needle):
            value = text.get(lang)
            if needle not in value.casefold():
                value = text.get("zh-hans" if lang == "en" else "en")
            start = max(0, value.casefold().find(needle) - SNIPPET // 3)
            part = value[start : start + SNIPPET]
            return ("…" if start else "") + part + ("…" if start + SNIPPET < len(value) else "")
    return fallback.get(lang)[:SNIPPET]


def search(query: str, lang: str) -> list[Hit]:
    """Pages and indicators whose texts contain ``query`` (either language), best first."""
    needle = " ".join(query.split()).casefold()
    if not needle:
        return []
    hits: list[Hit] = []
    for page in catalogue().pages:
        texts = list(page.texts())
        score = sum(1 for t in texts if _matches(t, needle)) + (
            3 if _matches(page.title, needle) else 0
        )
        if score:
            hits.append(
                Hit(
                    "page",
                    page.id,
                    page.title.get(lang),
                    _snippet(texts, needle, lang, page.summary),
                    score,
                )
            )
    for item_id in sorted(catalogue().indicators):
        entry = indicator(item_id)
        if entry is None:
            continue
        label = entry.label
        texts = [label, entry.note.explanation, entry.note.example]
        texts += [u.item.note for u in entry.usages]
        score = sum(1 for t in texts if _matches(t, needle))
        if needle == item_id.casefold() or _matches(label, needle):
            score += 3
        if score:
            title = f"{item_id} · {label.get(lang)}"
            hits.append(
                Hit(
                    "indicator",
                    item_id,
                    title,
                    _snippet(texts, needle, lang, entry.note.explanation),
                    score,
                )
            )
    hits.sort(key=lambda h: (-h.score, h.kind != "page", h.id))
    return hits[:MAX_HITS]
