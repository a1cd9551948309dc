"""The registry of instruments by id (loaded once from the instrument files)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from .errors import InstrumentError
from .instruments import (
    DIMENSION_RULES,
    INSTRUMENTS_DIR,
    RULE_PALERMO,
    Instrument,
    load_instrument,
)

# ----------------------------------------------------------------------------------- registry


class InstrumentRegistry:
    """Instruments by ID, with cross-instrument references resolved and checked."""

    def __init__(self, instruments: Iterable[Instrument]) -> None:
        by_id: dict[str, Instrument] = {}
        problems: list[str] = []
        for instrument in instruments:
            if instrument.id in by_id:
                problems.append(f"duplicate instrument id {instrument.id!r}")
            by_id[instrument.id] = instrument
        resolved: dict[str, Instrument] = {}
        for instrument in by_id.values():
            resolved[instrument.id] = self._resolve(instrument, by_id, problems)
        self._check_references(resolved, problems)
        if problems:
            raise InstrumentError(problems)
        self._instruments = resolved

    @staticmethod
    def _resolve(
        instrument: Instrument, by_id: Mapping[str, Instrument], problems: list[str]
    ) -> Instrument:
        spec = instrument.supplementary_spec
        if spec is None:
            return instrument
        source = by_id.get(spec.source)
        if source is None or source.decision_rule.id != RULE_PALERMO:
            problems.append(
                f"{instrument.id}: supplementary_answers.from {spec.source!r} is not a loaded Palermo elements instrument"
            )
            return instrument
        extra = tuple(item for item in source.items if item.element in spec.elements)
        clash = set(instrument.item_ids) & {item.id for item in extra}
        if clash:
            problems.append(
                f"{instrument.id}: supplementary answers repeat asked items {sorted(clash)}"
            )
        return replace(instrument, supplementary=extra)

    @staticmethod
    def _check_references(instruments: Mapping[str, Instrument], problems: list[str]) -> None:
        palermo = [i for i in instruments.values() if i.decision_rule.id == RULE_PALERMO]
        act_ids = {item.id for p in palermo for item in p.items if item.element == "act"}
        for instrument in instruments.values():
            missing = act_ids - instrument.accepted_ids
            if missing:
                problems.append(
                    f"{instrument.id}: must accept every act ID; missing {sorted(missing)}"
                )
            if instrument.decision_rule.id in DIMENSION_RULES:
                unasked = act_ids - set(instrument.item_ids)
                if unasked:
                    problems.append(
                        f"{instrument.id}: the full interview must ask {sorted(unasked)}"
                    )
            if instrument.prefill_instrument is None:
                continue
            target = instruments.get(instrument.prefill_instrument)
            if target is None:
                problems.append(
                    f"{instrument.id}: prefill_instrument {instrument.prefill_instrument!r} is not loaded"
                )
                continue
            for item in instrument.items:
                for target_id in item.prefill:
                    if target_id not in target.item_ids:
                        problems.append(
                            f"{instrument.id}: {item.id} pre-fills {target_id!r}, which {target.id} does not ask"
                        )

    @classmethod
    def from_directory(cls, directory: Path = INSTRUMENTS_DIR) -> InstrumentRegistry:
        paths = sorted(directory.glob("*.yaml"))
        if not paths:
            raise InstrumentError(f"no instrument files in {directory}")
        instruments: list[Instrument] = []
        problems: list[str] = []
        for path in paths:
            try:
                instruments.append(load_instrument(path))
            except InstrumentError as exc:
                problems.extend(exc.problems)
        if problems:
            raise InstrumentError(problems)
        return cls(instruments)

    def get(self, instrument_id: str) -> Instrument:
        try:
            return self._instruments[instrument_id]
        except KeyError:
            raise InstrumentError(
                f"unknown instrument {instrument_id!r}; known: {', '.join(self.ids())}"
            ) from None

    def __contains__(self, instrument_id: object) -> bool:
        return instrument_id in self._instruments

    def __iter__(self) -> Iterator[Instrument]:
        return iter(self._instruments[i] for i in self.ids())

    def __len__(self) -> int:
        return len(self._instruments)

    def ids(self) -> tuple[str, ...]:
        return tuple(sorted(self._instruments))


@lru_cache(maxsize=1)
def default_registry() -> InstrumentRegistry:
    """The instruments shipped in ``haven/screening/instruments/`` (loaded once)."""
    return InstrumentRegistry.from_directory(INSTRUMENTS_DIR)


def get_instrument(instrument_id: str) -> Instrument:
    return default_registry().get(instrument_id)
