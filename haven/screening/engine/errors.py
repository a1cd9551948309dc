"""Errors raised by the screening engine."""

from __future__ import annotations

from collections.abc import Iterable


class ScreeningEngineError(ValueError):
    """Base class: every problem carries a list of human-readable messages."""

    def __init__(self, problems: str | Iterable[str]) -> None:
        self.problems: tuple[str, ...] = (
            (problems,) if isinstance(problems, str) else tuple(problems)
        )
        if not self.problems:
            self.problems = ("unspecified error",)
        super().__init__("; ".join(self.problems))


class InstrumentError(ScreeningEngineError):
    """An instrument data file is missing, malformed or inconsistent (a programming or packaging
    error, never the user's fault)."""


class ScreeningInputError(ScreeningEngineError):
    """Answers submitted for evaluation are invalid: unknown instrument, unknown indicator ID,
    bad answer value, malformed structure, bad age, malformed JSON."""
