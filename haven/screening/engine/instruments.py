"""Screening instruments: versioned YAML data files, loaded, validated and kept in a registry.

An instrument file (``haven/screening/instruments/*.yaml``) holds the questions an interviewer
asks, in English and Simplified Chinese, the indicator IDs the answers are recorded against and
the ``decision_rule`` the engine dispatches on. Loading validates everything the engine and the
interview screens rely on and raises :class:`InstrumentError` with every problem found.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Final, Literal, cast

import yaml

from .errors import InstrumentError

LANGUAGES: Final = ("en", "zh-hans")
Strength = Literal["S", "M", "W"]
STRENGTHS: Final[tuple[Strength, ...]] = ("S", "M", "W")
ELEMENTS: Final = ("act", "means", "purpose")
ELEMENT_PREFIX: Final = {"act": "ACT_", "means": "MEANS_", "purpose": "PURPOSE_"}
ILO_EC_DIMENSIONS: Final = ("DR", "CR", "VR", "EX", "CD", "VD")
RECRUITMENT_DIMENSIONS: Final = ("DR", "CR", "VR")
DESTINATION_DIMENSIONS: Final = ("CD", "VD")
EXPLOITATION_DIMENSION: Final = "EX"

RULE_ILO_EC: Final = "ilo-ec-dimensions-v1"
RULE_ILO_2012: Final = "ilo-2012-mapped-v1"
RULE_PALERMO: Final = "palermo-elements-v1"
RULE_FIRST_CONTACT: Final = "first-contact-v1"
DECISION_RULES: Final = frozenset({RULE_ILO_EC, RULE_ILO_2012, RULE_PALERMO, RULE_FIRST_CONTACT})
DIMENSION_RULES: Final = frozenset({RULE_ILO_EC, RULE_ILO_2012})

INSTRUMENTS_DIR: Final = Path(__file__).resolve().parent.parent / "instruments"

_ID_RE = re.compile(r"^[A-Z][A-Z0-9_]*[A-Z0-9]$")
_INSTRUMENT_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_VERSION_RE = re.compile(r"^\d+\.\d+\.\d+$")
# libyaml's C loader when available (several times faster), else the pure-Python one; both safe.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

ItemKind = Literal["indicator", "element", "red_flag"]


def contains_cjk(text: str) -> bool:
    """True when ``text`` contains at least one CJK ideograph."""
    return _CJK_RE.search(text) is not None


@dataclass(frozen=True)
class Text:
    """A text in every supported language."""

    en: str
    zh_hans: str

    def get(self, lang: str) -> str:
        if lang == "en":
            return self.en
        if lang == "zh-hans":
            return self.zh_hans
        raise ValueError(f"unsupported language {lang!r}; expected one of {', '.join(LANGUAGES)}")

    def as_dict(self) -> dict[str, str]:
        return {"en": self.en, "zh-hans": self.zh_hans}


@dataclass(frozen=True)
class Contribution:
    """One count of an answered-yes item towards an ILO/EC dimension, with a strength."""

    dimension: str
    strength: Strength
    counterpart: str | None = None


@dataclass(frozen=True)
class Item:
    """A question/indicator with a stable ID. Answers are recorded per item."""

    id: str
    kind: ItemKind
    label: Text
    questions: tuple[Text, ...]
    note: Text
    contributions: tuple[Contribution, ...] = ()
    element: str | None = None
    prefill: tuple[str, ...] = ()

    @property
    def dimension(self) -> str | None:
        """The dimension of a single-dimension indicator (ILO/EC), else None."""
        return self.contributions[0].dimension if len(self.contributions) == 1 else None

    @property
    def strength(self) -> Strength | None:
        """The strongest strength among the item's contributions."""
        if not self.contributions:
            return None
        return min((c.strength for c in self.contributions), key=STRENGTHS.index)


@dataclass(frozen=True)
class Group:
    """A dimension (DR, CR, ...) or a Palermo element group (act, means, purpose)."""

    id: str
    name: Text
    description: Text


@dataclass(frozen=True)
class DecisionRule:
    id: str
    description: Text


@dataclass(frozen=True)
class SupplementarySpec:
    """Answers accepted but not asked: element items of another instrument."""

    source: str
    elements: tuple[str, ...]


@dataclass(frozen=True)
class Instrument:
    id: str
    version: str
    title: Text
    source: Text
    decision_rule: DecisionRule
    items: tuple[Item, ...]
    dimensions: tuple[Group, ...] = ()
    element_groups: tuple[Group, ...] = ()
    supplementary_spec: SupplementarySpec | None = None
    supplementary: tuple[Item, ...] = ()
    prefill_instrument: str | None = None

    @cached_property
    def _index(self) -> dict[str, Item]:
        return {item.id: item for item in (*self.items, *self.supplementary)}

    @property
    def item_ids(self) -> tuple[str, ...]:
        """IDs of the items asked in this instrument, in interview order."""
        return tuple(item.id for item in self.items)

    @cached_property
    def accepted_ids(self) -> frozenset[str]:
        """Every ID an answer may be recorded against (asked and supplementary)."""
        return frozenset(self._index)

    def item(self, item_id: str) -> Item:
        try:
            return self._index[item_id]
        except KeyError:
            raise InstrumentError(f"{self.id}: no item {item_id!r}") from None

    def has_item(self, item_id: str) -> bool:
        return item_id in self._index

    def dimension(self, dimension_id: str) -> Group:
        for group in self.dimensions:
            if group.id == dimension_id:
                return group
        raise InstrumentError(f"{self.id}: no dimension {dimension_id!r}")

    def element_group(self, element_id: str) -> Group | None:
        for group in self.element_groups:
            if group.id == element_id:
                return group
        return None


# ------------------------------------------------------------------------------------ parsing


class _Parser:
    """Collects every problem of one file before raising."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.problems: list[str] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{self.origin}: {where}: {message}")

    def mapping(self, raw: object, where: str) -> Mapping[str, Any]:
        if not isinstance(raw, Mapping):
            self.problem(where, f"expected a mapping, got {type(raw).__name__}")
            return {}
        return cast(Mapping[str, Any], raw)

    def keys(
        self, raw: Mapping[str, Any], where: str, required: set[str], allowed: set[str]
    ) -> None:
        for key in sorted(required - set(raw)):
            self.problem(where, f"missing key {key!r}")
        for key in sorted(set(raw) - required - allowed, key=str):
            self.problem(where, f"unexpected key {key!r}")

    def string(self, raw: object, where: str) -> str:
        if not isinstance(raw, str) or not raw.strip():
            self.problem(where, "expected a non-empty string")
            return ""
        return raw.strip()

    def text(self, raw: object, where: str) -> Text:
        data = self.mapping(raw, where)
        if not data:
            return Text("", "")
        self.keys(data, where, set(LANGUAGES), set())
        en = self.string(data.get("en"), f"{where}.en") if "en" in data else ""
        zh = self.string(data.get("zh-hans"), f"{where}.zh-hans") if "zh-hans" in data else ""
        if zh and not contains_cjk(zh):
            self.problem(f"{where}.zh-hans", "contains no Chinese characters")
        return Text(en, zh)

    def item_id(self, raw: object, where: str) -> str:
        value = self.string(raw, where)
        if value and not _ID_RE.match(value):
            self.problem(where, f"{value!r} is not a valid ID (upper-case letters, digits, _)")
        return value

    def questions(self, raw: object, where: str) -> tuple[Text, ...]:
        if not isinstance(raw, list) or not raw:
            self.problem(where, "expected a non-empty list of questions")
            return ()
        return tuple(self.text(q, f"{where}[{i}]") for i, q in enumerate(raw))

    def groups(self, raw: object, where: str) -> tuple[Group, ...]:
        if not isinstance(raw, list) or not raw:
            self.problem(where, "expected a non-empty list")
            return ()
        groups = []
        for i, entry in enumerate(raw):
            data = self.mapping(entry, f"{where}[{i}]")
            self.keys(data, f"{where}[{i}]", {"id", "name", "description"}, set())
            groups.append(
                Group(
                    id=self.string(data.get("id"), f"{where}[{i}].id"),
                    name=self.text(data.get("name"), f"{where}[{i}].name"),
                    description=self.text(data.get("description"), f"{where}[{i}].description"),
                )
            )
        return tuple(groups)

    def strength(self, raw: object, where: str) -> Strength:
        if raw not in STRENGTHS:
            self.problem(where, f"strength must be one of S, M, W, got {raw!r}")
            return "W"
        return raw

    def contribution(self, raw: object, where: str) -> Contribution:
        data = self.mapping(raw, where)
        self.keys(data, where, {"dimension", "strength"}, {"counterpart"})
        counterpart = data.get("counterpart")
        return Contribution(
            dimension=self.string(data.get("dimension"), f"{where}.dimension"),
            strength=self.strength(data.get("strength"), f"{where}.strength"),
            counterpart=self.item_id(counterpart, f"{where}.counterpart")
            if counterpart is not None
            else None,
        )

    def item(self, raw: object, where: str, kind: ItemKind) -> Item:
        data = self.mapping(raw, where)
        common = {"id", "label", "questions", "note"}
        item_id = self.item_id(data.get("id"), f"{where}.id")
        where = f"{where} ({item_id})" if item_id else where
        contributions: tuple[Contribution, ...] = ()
        element: str | None = None
        prefill: tuple[str, ...] = ()
        if kind == "indicator":
            if "maps_to" in data:
                self.keys(data, where, common | {"maps_to"}, set())
                raw_map = data.get("maps_to")
                if not isinstance(raw_map, list) or not raw_map:
                    self.problem(f"{where}.maps_to", "expected a non-empty list")
                else:
                    contributions = tuple(
                        self.contribution(c, f"{where}.maps_to[{i}]") for i, c in enumerate(raw_map)
                    )
            else:
                self.keys(data, where, common | {"dimension", "strength"}, set())
                contributions = (
                    Contribution(
                        dimension=self.string(data.get("dimension"), f"{where}.dimension"),
                        strength=self.strength(data.get("strength"), f"{where}.strength"),
                    ),
                )
        elif kind == "element":
            self.keys(data, where, common | {"element"}, set())
            element = self.string(data.get("element"), f"{where}.element")
            if element not in ELEMENTS:
                self.problem(f"{where}.element", f"must be one of {', '.join(ELEMENTS)}")
            elif item_id and not item_id.startswith(ELEMENT_PREFIX[element]):
                self.problem(
                    f"{where}.id", f"an {element} item ID must start with {ELEMENT_PREFIX[element]}"
                )
        else:
            self.keys(data, where, common | {"prefill"}, set())
            raw_prefill = data.get("prefill")
            if not isinstance(raw_prefill, list) or not raw_prefill:
                self.problem(f"{where}.prefill", "expected a non-empty list of indicator IDs")
            else:
                prefill = tuple(
                    self.item_id(p, f"{where}.prefill[{i}]") for i, p in enumerate(raw_prefill)
                )
                if len(set(prefill)) != len(prefill):
                    self.problem(f"{where}.prefill", "duplicate IDs")
        return Item(
            id=item_id,
            kind=kind,
            label=self.text(data.get("label"), f"{where}.label"),
            questions=self.questions(data.get("questions"), f"{where}.questions"),
            note=self.text(data.get("note"), f"{where}.note"),
            contributions=contributions,
            element=element,
            prefill=prefill,
        )


_TOP_REQUIRED = {"id", "version", "title", "source", "decision_rule"}
_TOP_ALLOWED = {
    "dimensions",
    "element_groups",
    "indicators",
    "elements",
    "red_flags",
    "supplementary_answers",
    "prefill_instrument",
}


def parse_instrument(raw: object, origin: str = "<instrument>") -> Instrument:
    """Build and validate an :class:`Instrument` from parsed YAML."""
    p = _Parser(origin)
    data = p.mapping(raw, "top level")
    if not data:
        raise InstrumentError(p.problems or [f"{origin}: empty instrument file"])
    p.keys(data, "top level", _TOP_REQUIRED, _TOP_ALLOWED)

    instrument_id = p.string(data.get("id"), "id")
    if instrument_id and not _INSTRUMENT_ID_RE.match(instrument_id):
        p.problem("id", f"{instrument_id!r} must be lower-case words joined by hyphens")
    version = data.get("version")
    if not isinstance(version, str) or not _VERSION_RE.match(version):
        p.problem("version", f'expected a quoted semantic version like "1.0.0", got {version!r}')
        version = ""

    rule_raw = p.mapping(data.get("decision_rule"), "decision_rule")
    p.keys(rule_raw, "decision_rule", {"id", "description"}, set())
    rule_id = p.string(rule_raw.get("id"), "decision_rule.id")
    if rule_id and rule_id not in DECISION_RULES:
        p.problem(
            "decision_rule.id",
            f"unknown rule {rule_id!r}; known: {', '.join(sorted(DECISION_RULES))}",
        )
    rule = DecisionRule(rule_id, p.text(rule_raw.get("description"), "decision_rule.description"))

    items: list[Item] = []
    for key, kind in (
        ("indicators", "indicator"),
        ("elements", "element"),
        ("red_flags", "red_flag"),
    ):
        if key in data:
            entries = data[key]
            if not isinstance(entries, list) or not entries:
                p.problem(key, "expected a non-empty list")
                continue
            items.extend(
                p.item(e, f"{key}[{i}]", cast(ItemKind, kind)) for i, e in enumerate(entries)
            )

    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            p.problem("items", f"duplicate ID {item.id}")
        seen.add(item.id)

    dimensions = p.groups(data["dimensions"], "dimensions") if "dimensions" in data else ()
    element_groups = (
        p.groups(data["element_groups"], "element_groups") if "element_groups" in data else ()
    )

    supplementary_spec: SupplementarySpec | None = None
    if "supplementary_answers" in data:
        sup = p.mapping(data["supplementary_answers"], "supplementary_answers")
        p.keys(sup, "supplementary_answers", {"from", "elements"}, set())
        elements = sup.get("elements")
        if not isinstance(elements, list) or not elements or not set(elements) <= set(ELEMENTS):
            p.problem(
                "supplementary_answers.elements",
                f"expected a list drawn from {', '.join(ELEMENTS)}",
            )
            elements = []
        supplementary_spec = SupplementarySpec(
            p.string(sup.get("from"), "supplementary_answers.from"), tuple(elements)
        )

    prefill_instrument = None
    if "prefill_instrument" in data:
        prefill_instrument = p.string(data["prefill_instrument"], "prefill_instrument")

    instrument = Instrument(
        id=instrument_id,
        version=version,
        title=p.text(data.get("title"), "title"),
        source=p.text(data.get("source"), "source"),
        decision_rule=rule,
        items=tuple(items),
        dimensions=dimensions,
        element_groups=element_groups,
        supplementary_spec=supplementary_spec,
        prefill_instrument=prefill_instrument,
    )
    if rule_id in DECISION_RULES:
        _check_rule_shape(instrument, p)
    if p.problems:
        raise InstrumentError(p.problems)
    return instrument


def _check_rule_shape(instrument: Instrument, p: _Parser) -> None:
    """What each decision rule needs from the file."""
    rule = instrument.decision_rule.id
    kinds = {item.kind for item in instrument.items}
    if rule in DIMENSION_RULES:
        if tuple(d.id for d in instrument.dimensions) != ILO_EC_DIMENSIONS:
            p.problem(
                "dimensions",
                f"{rule} needs exactly the dimensions {', '.join(ILO_EC_DIMENSIONS)} in that order",
            )
        if "red_flag" in kinds:
            p.problem("red_flags", f"{rule} takes no red flags")
        for item in instrument.items:
            if item.kind == "element" and item.element != "act":
                p.problem(item.id, f"{rule} asks only the act element questions")
            if item.kind != "indicator":
                continue
            if not item.contributions:
                p.problem(item.id, "indicator counts in no dimension")
            dims = [c.dimension for c in item.contributions]
            if len(set(dims)) != len(dims):
                p.problem(item.id, "an indicator may count at most once in a dimension")
            for dim in dims:
                if dim not in ILO_EC_DIMENSIONS:
                    p.problem(item.id, f"unknown dimension {dim!r}")
            if rule == RULE_ILO_EC and len(item.contributions) != 1:
                p.problem(item.id, f"{rule} indicators have exactly one dimension and strength")
            if rule == RULE_ILO_2012 and any(c.counterpart is None for c in item.contributions):
                p.problem(item.id, "every maps_to entry names its ILO/EC counterpart")
        if not any(item.kind == "indicator" for item in instrument.items):
            p.problem("indicators", f"{rule} needs indicators")
    elif rule == RULE_PALERMO:
        if kinds != {"element"}:
            p.problem("items", f"{rule} takes element items only")
        if tuple(g.id for g in instrument.element_groups) != ELEMENTS:
            p.problem("element_groups", f"{rule} needs the element groups {', '.join(ELEMENTS)}")
        for element in ELEMENTS:
            if not any(item.element == element for item in instrument.items):
                p.problem("elements", f"no {element} item")
    elif rule == RULE_FIRST_CONTACT:
        if kinds != {"red_flag"}:
            p.problem("items", f"{rule} takes red flags only")
        if not instrument.prefill_instrument:
            p.problem("prefill_instrument", f"{rule} needs a prefill_instrument")
        if instrument.dimensions:
            p.problem("dimensions", f"{rule} has no dimensions")


def load_instrument(path: Path) -> Instrument:
    """Load and validate one instrument file (cross-instrument references are checked by the
    registry)."""
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_SafeLoader)  # noqa: S506 - safe loader
    except OSError as exc:
        raise InstrumentError(f"{path}: cannot read: {exc}") from exc
    except yaml.YAMLError as exc:
        raise InstrumentError(f"{path}: invalid YAML: {exc}") from exc
    instrument = parse_instrument(raw, origin=path.name)
    if path.stem != instrument.id:
        raise InstrumentError(
            f"{path.name}: file name must be the instrument id {instrument.id!r}.yaml"
        )
    return instrument
