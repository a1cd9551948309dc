"""Instrument files: valid, complete against the reference lists, bilingual, consistent; and the
loader rejects broken files with a clear InstrumentError."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from haven.screening.engine import (
    InstrumentError,
    InstrumentRegistry,
    Text,
    default_registry,
    get_instrument,
    load_instrument,
)
from haven.screening.engine.instruments import INSTRUMENTS_DIR, contains_cjk, parse_instrument

# Reference list ILO/EC 2009 (standards/ilo-ec-2009-adult-labour.yaml): the strengths of each
# dimension's indicators in ID order. 10/10/16/9/15/7 = 67 indicators.
ILO_EC_REFERENCE = {
    "DR": "SMMMMMMMMW",
    "CR": "SMMMMMMMMM",
    "VR": "MMMMMMMMMMMMWWWW",
    "EX": "SMMMMMMMW",
    "CD": "SSSSMMMMMMMMMMW",
    "VD": "MMMMMWW",
}
FL_REFERENCE = {
    "FL01": "Abuse of vulnerability",
    "FL02": "Deception",
    "FL03": "Restriction of movement",
    "FL04": "Isolation",
    "FL05": "Physical and sexual violence",
    "FL06": "Intimidation and threats",
    "FL07": "Retention of identity documents",
    "FL08": "Withholding of wages",
    "FL09": "Debt bondage",
    "FL10": "Abusive working and living conditions",
    "FL11": "Excessive overtime",
}
PALERMO_REFERENCE = {
    "act": [
        "ACT_RECRUITMENT",
        "ACT_TRANSPORTATION",
        "ACT_TRANSFER",
        "ACT_HARBOURING",
        "ACT_RECEIPT",
    ],
    "means": [
        "MEANS_THREAT_FORCE",
        "MEANS_ABDUCTION",
        "MEANS_FRAUD",
        "MEANS_DECEPTION",
        "MEANS_ABUSE_OF_POWER",
        "MEANS_ABUSE_OF_VULNERABILITY",
        "MEANS_PAYMENTS",
    ],
    "purpose": [
        "PURPOSE_SEXUAL_EXPLOITATION",
        "PURPOSE_FORCED_LABOUR",
        "PURPOSE_SLAVERY",
        "PURPOSE_SERVITUDE",
        "PURPOSE_ORGAN_REMOVAL",
        "PURPOSE_FORCED_BEGGING",
        "PURPOSE_CRIMINAL_ACTIVITIES",
        "PURPOSE_FORCED_MARRIAGE",
        "PURPOSE_ILLEGAL_ADOPTION",
        "PURPOSE_SURROGACY",
    ],
}
SHARED_STANDARDS = Path("/work/shared/standards")
YAML_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)  # noqa: S506 - safe loader


INSTRUMENT_IDS = (
    "first-contact",
    "ilo-2012-forced-labour",
    "ilo-ec-2009-adult-labour",
    "palermo-elements",
)
DECISION_RULES = {
    "ilo-ec-2009-adult-labour": "ilo-ec-dimensions-v1",
    "ilo-2012-forced-labour": "ilo-2012-mapped-v1",
    "palermo-elements": "palermo-elements-v1",
    "first-contact": "first-contact-v1",
}


def texts(obj: object, path: str = "") -> Iterator[tuple[str, Text]]:
    """Every Text inside an instrument (walks dataclasses and tuples)."""
    if isinstance(obj, Text):
        yield path, obj
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            yield from texts(getattr(obj, f.name), f"{path}.{f.name}")
    elif isinstance(obj, tuple):
        for i, value in enumerate(obj):
            ident = getattr(value, "id", i)
            yield from texts(value, f"{path}[{ident}]")


# ----------------------------------------------------------------------------- registry


def test_registry_holds_the_four_instruments() -> None:
    registry = default_registry()
    assert registry.ids() == INSTRUMENT_IDS
    for instrument in registry:
        assert re.fullmatch(r"\d+\.\d+\.\d+", instrument.version)
        assert instrument.decision_rule.id == DECISION_RULES[instrument.id]


@pytest.mark.parametrize("instrument_id", INSTRUMENT_IDS)
def test_every_text_is_bilingual(instrument_id: str) -> None:
    found = list(texts(get_instrument(instrument_id)))
    assert len(found) > 10
    for where, text in found:
        assert text.en.strip(), where
        assert text.zh_hans.strip(), where
        assert contains_cjk(text.zh_hans), where
        assert not contains_cjk(text.en), where  # languages not swapped


@pytest.mark.parametrize("instrument_id", INSTRUMENT_IDS)
def test_required_metadata(instrument_id: str) -> None:
    instrument = get_instrument(instrument_id)
    assert instrument.title.en
    assert instrument.source.en
    assert instrument.decision_rule.description.en
    for item in instrument.items:
        assert item.questions, item.id
        assert item.note.en, item.id


@pytest.mark.parametrize("path", sorted(INSTRUMENTS_DIR.glob("*.yaml")), ids=lambda p: p.name)
def test_ids_unique_in_raw_file(path: Path) -> None:
    raw = read_yaml(path)
    ids = [
        entry["id"] for key in ("indicators", "elements", "red_flags") for entry in raw.get(key, [])
    ]
    assert len(ids) == len(set(ids))
    assert path.stem == raw["id"]


# ---------------------------------------------------------------------------- ILO/EC 2009


def test_ilo_ec_matches_reference() -> None:
    instrument = get_instrument("ilo-ec-2009-adult-labour")
    indicators = [item for item in instrument.items if item.kind == "indicator"]
    assert len(indicators) == 67
    expected = [
        (f"{dim}{n:02d}", dim, strength)
        for dim, strengths in ILO_EC_REFERENCE.items()
        for n, strength in enumerate(strengths, start=1)
    ]
    assert [(i.id, i.dimension, i.strength) for i in indicators] == expected
    assert [d.id for d in instrument.dimensions] == ["DR", "CR", "VR", "EX", "CD", "VD"]
    counts = {dim: sum(1 for i in indicators if i.dimension == dim) for dim in ILO_EC_REFERENCE}
    assert counts == {"DR": 10, "CR": 10, "VR": 16, "EX": 9, "CD": 15, "VD": 7}


def test_full_interviews_ask_the_act_questions() -> None:
    palermo = get_instrument("palermo-elements")
    for instrument_id in ("ilo-ec-2009-adult-labour", "ilo-2012-forced-labour"):
        instrument = get_instrument(instrument_id)
        asked = [i for i in instrument.items if i.kind == "element"]
        assert [i.id for i in asked] == PALERMO_REFERENCE["act"]
        for item in asked:  # same wording as the Palermo checklist
            assert item == palermo.item(item.id)


@pytest.mark.parametrize("instrument_id", INSTRUMENT_IDS)
def test_every_instrument_accepts_act_ids(instrument_id: str) -> None:
    assert set(PALERMO_REFERENCE["act"]) <= get_instrument(instrument_id).accepted_ids


# ---------------------------------------------------------------------------- ILO 2012


def test_ilo_2012_matches_reference_and_maps_to_ilo_ec() -> None:
    instrument = get_instrument("ilo-2012-forced-labour")
    ilo_ec = get_instrument("ilo-ec-2009-adult-labour")
    indicators = [item for item in instrument.items if item.kind == "indicator"]
    assert {i.id: i.label.en for i in indicators} == FL_REFERENCE
    for item in indicators:
        assert item.contributions, item.id
        dims = [c.dimension for c in item.contributions]
        assert len(dims) == len(set(dims)), item.id
        for c in item.contributions:
            assert c.counterpart is not None
            assert ilo_ec.item(c.counterpart).dimension == c.dimension, (item.id, c)


# ------------------------------------------------------------------------------ Palermo


def test_palermo_matches_reference() -> None:
    instrument = get_instrument("palermo-elements")
    assert [g.id for g in instrument.element_groups] == ["act", "means", "purpose"]
    for element, ids in PALERMO_REFERENCE.items():
        assert [i.id for i in instrument.items if i.element == element] == ids
    assert len(instrument.items) == 22


# ------------------------------------------------------------------------- first contact


def test_first_contact_maps_to_existing_ids() -> None:
    instrument = get_instrument("first-contact")
    target = get_instrument(instrument.prefill_instrument or "")
    assert 8 <= len(instrument.items) <= 12
    assert all(i.kind == "red_flag" for i in instrument.items)
    mapped = set()
    for item in instrument.items:
        assert item.prefill, item.id
        for target_id in item.prefill:
            assert target_id in target.item_ids, (item.id, target_id)
            mapped.add(target_id)
    # the screen touches every destination-side and exploitation area the full interview scores
    assert {i[:2] for i in mapped} >= {"CD", "DR", "EX", "AC"}


# ------------------------------------------------------------- shared reference (optional)


@pytest.mark.skipif(
    not SHARED_STANDARDS.is_dir(), reason="shared reference standards not available"
)
def test_against_shared_reference_files() -> None:
    ref = yaml.safe_load(
        (SHARED_STANDARDS / "ilo-ec-2009-adult-labour.yaml").read_text(encoding="utf-8")
    )
    instrument = get_instrument("ilo-ec-2009-adult-labour")
    for entry in ref["indicators"]:
        item = instrument.item(entry["id"])
        assert (item.dimension, item.strength) == (entry["dim"], entry["s"])
        # the reference file's flow mappings cut labels at the first comma: compare the prefix
        assert item.label.en.startswith(str(entry["label"])), entry["id"]
    fl = yaml.safe_load(
        (SHARED_STANDARDS / "ilo-2012-forced-labour.yaml").read_text(encoding="utf-8")
    )
    assert {e["id"]: e["label"] for e in fl["indicators"]} == FL_REFERENCE
    palermo = yaml.safe_load(
        (SHARED_STANDARDS / "palermo-elements.yaml").read_text(encoding="utf-8")
    )
    assert {k: [e["id"] for e in v] for k, v in palermo.items()} == PALERMO_REFERENCE


# ------------------------------------------------------------------------ loader errors


def minimal(**overrides: Any) -> dict[str, Any]:
    bilingual = {"en": "Text", "zh-hans": "文本"}
    data: dict[str, Any] = {
        "id": "tiny",
        "version": "1.0.0",
        "title": bilingual,
        "source": bilingual,
        "decision_rule": {"id": "palermo-elements-v1", "description": bilingual},
        "element_groups": [
            {"id": e, "name": bilingual, "description": bilingual}
            for e in ("act", "means", "purpose")
        ],
        "elements": [
            {
                "id": f"{e.upper()}_X",
                "element": e,
                "label": bilingual,
                "questions": [bilingual],
                "note": bilingual,
            }
            for e in ("act", "means", "purpose")
        ],
    }
    data.update(overrides)
    return data


def test_minimal_instrument_parses() -> None:
    instrument = parse_instrument(minimal())
    assert instrument.item_ids == ("ACT_X", "MEANS_X", "PURPOSE_X")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"version": 1.0}, "semantic version"),
        ({"title": {"en": "Only English"}}, "missing key 'zh-hans'"),
        ({"title": {"en": "T", "zh-hans": "no chinese"}}, "contains no Chinese characters"),
        ({"title": {"en": "", "zh-hans": "文本"}}, "non-empty string"),
        (
            {"decision_rule": {"id": "magic-v9", "description": {"en": "x", "zh-hans": "文"}}},
            "unknown rule",
        ),
        ({"colour": "blue"}, "unexpected key 'colour'"),
        ({"id": "Not_Valid"}, "lower-case words"),
    ],
)
def test_loader_rejects(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(InstrumentError, match=re.escape(message)):
        parse_instrument(minimal(**overrides))


def test_loader_rejects_duplicate_ids_and_bad_element_prefix() -> None:
    data = minimal()
    data["elements"].append(dict(data["elements"][0]))
    data["elements"].append({**data["elements"][1], "id": "ACT_Y"})
    with pytest.raises(InstrumentError) as excinfo:
        parse_instrument(data)
    message = str(excinfo.value)
    assert "duplicate ID ACT_X" in message
    assert "must start with MEANS_" in message


def test_loader_rejects_bad_strength_and_dimension() -> None:
    ilo = read_yaml(INSTRUMENTS_DIR / "ilo-ec-2009-adult-labour.yaml")
    ilo["indicators"][0]["strength"] = "X"
    ilo["indicators"][1]["dimension"] = "ZZ"
    with pytest.raises(InstrumentError) as excinfo:
        parse_instrument(ilo)
    assert "strength must be one of S, M, W" in str(excinfo.value)
    assert "unknown dimension 'ZZ'" in str(excinfo.value)


def test_load_file_errors(tmp_path: Path) -> None:
    bad_yaml = tmp_path / "tiny.yaml"
    bad_yaml.write_text("id: [unclosed", encoding="utf-8")
    with pytest.raises(InstrumentError, match="invalid YAML"):
        load_instrument(bad_yaml)
    misnamed = tmp_path / "other.yaml"
    misnamed.write_text(yaml.safe_dump(minimal(), allow_unicode=True), encoding="utf-8")
    with pytest.raises(InstrumentError, match="file name must be the instrument id"):
        load_instrument(misnamed)
    with pytest.raises(InstrumentError, match="cannot read"):
        load_instrument(tmp_path / "missing.yaml")
    with pytest.raises(InstrumentError, match="no instrument files"):
        InstrumentRegistry.from_directory(tmp_path / "empty-dir")


def test_registry_checks_cross_references() -> None:
    registry = default_registry()
    first_contact = registry.get("first-contact")
    broken = dataclasses.replace(
        first_contact,
        items=(
            dataclasses.replace(first_contact.items[0], prefill=("CD99",)),
            *first_contact.items[1:],
        ),
        supplementary=(),
    )
    others = [registry.get(i) for i in registry.ids() if i != "first-contact"]
    with pytest.raises(InstrumentError, match="pre-fills 'CD99'"):
        InstrumentRegistry([*others, broken])
    with pytest.raises(InstrumentError, match="duplicate instrument id"):
        InstrumentRegistry([*others, others[0]])
    with pytest.raises(InstrumentError, match="unknown instrument"):
        registry.get("nope")


def test_registry_from_directory_copies(tmp_path: Path) -> None:
    for path in INSTRUMENTS_DIR.glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    registry = InstrumentRegistry.from_directory(tmp_path)
    assert registry.ids() == INSTRUMENT_IDS
    assert len(registry) == 4
    (tmp_path / "palermo-elements.yaml").unlink()
    with pytest.raises(InstrumentError, match=r"supplementary_answers\.from"):
        InstrumentRegistry.from_directory(tmp_path)
