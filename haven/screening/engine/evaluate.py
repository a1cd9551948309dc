"""Evaluate a screening: the engine's entry points.

Python callers build a :class:`ScreeningRequest` and call :func:`evaluate`; the JSON interchange
(used by the CLI ``haven screen evaluate``, the API and other tools) is :func:`evaluate_json` /
:func:`evaluate_mapping`, which validate strictly and raise :class:`ScreeningInputError` with
every problem found.

Input::

    {"instrument": "ilo-ec-2009-adult-labour",
     "instrument_version": "1.0.0",                      (optional: must match if given)
     "answers": {"DR01": "yes", "EX01": "no", ...},      (unanswered = unknown)
     "subject": {"age": 17, "age_uncertain": false}}     (optional; age may be null;
                                                          optional "sex": female|male|other|unknown)

Output: see :meth:`ScreeningResult.to_json`.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from .completeness import Completeness, analyse
from .errors import InstrumentError, ScreeningInputError
from .explain import CLAUSE_LABELS, OUTCOME_LABELS, explain
from .instruments import (
    DIMENSION_RULES,
    RULE_FIRST_CONTACT,
    Instrument,
    Text,
)
from .legal import DISCLAIMER, LegalProvision, Sex, select_provisions
from .next_steps import NextStep, select_next_steps
from .registry import InstrumentRegistry, default_registry
from .rules import ANSWERS, RULE_VERSION, Answer, Assessment, Elements, assess

MAX_AGE: Final = 130
SEX_VALUES: Final = ("female", "male", "other", "unknown")
_TOP_KEYS: Final = ("instrument", "instrument_version", "answers", "subject")
_SUBJECT_KEYS: Final = ("age", "age_uncertain", "sex")


@dataclass(frozen=True)
class Subject:
    """The person screened. ``age`` in whole years or None; ``age_uncertain`` when the age is
    an estimate. Children: age under 18, or no age and age uncertain (presumed a child, EU
    Directive 2011/36/EU art. 13(2)). When an estimate is uncertain, record its lowest plausible
    value, so that "possibly under 18" shows as under 18."""

    age: int | None = None
    age_uncertain: bool = False
    sex: str | None = None

    @property
    def is_child(self) -> bool:
        if self.age is None:
            return self.age_uncertain
        return self.age < 18

    @property
    def legal_sex(self) -> Sex | None:
        if self.sex == "female":
            return "female"
        if self.sex == "male":
            return "male"
        return None


@dataclass(frozen=True)
class ScreeningRequest:
    instrument: str
    answers: Mapping[str, Answer] = field(default_factory=dict)
    subject: Subject = field(default_factory=Subject)
    instrument_version: str | None = None


@dataclass(frozen=True)
class ScreeningResult:
    instrument: Instrument
    subject: Subject
    answers: Mapping[str, Answer]
    assessment: Assessment
    completeness: Completeness
    legal_provisions: tuple[LegalProvision, ...]
    next_steps: tuple[NextStep, ...]
    explanation: Text
    rule_version: str = RULE_VERSION

    @property
    def outcome(self) -> str:
        return self.assessment.outcome

    @property
    def instrument_id(self) -> str:
        return self.instrument.id

    @property
    def instrument_version(self) -> str:
        return self.instrument.version

    @property
    def elements(self) -> Elements:
        return self.assessment.elements

    def to_json(self) -> dict[str, Any]:
        """The JSON interchange document (only JSON types)."""
        a, c = self.assessment, self.completeness
        data: dict[str, Any] = {
            "instrument": self.instrument.id,
            "instrument_version": self.instrument.version,
            "decision_rule": self.instrument.decision_rule.id,
            "rule_version": self.rule_version,
            "outcome": a.outcome,
            "outcome_label": OUTCOME_LABELS[a.outcome].as_dict(),
            "child_rules_applied": a.child_rules_applied,
            "combination": a.combination,
            "subject": {
                "age": self.subject.age,
                "age_uncertain": self.subject.age_uncertain,
                "sex": self.subject.sex,
            },
            "dimensions": {
                d.id: {
                    "positive": d.positive,
                    "yes": list(d.yes),
                    "rule": d.rule,
                    "rule_label": CLAUSE_LABELS[d.rule].as_dict(),
                    "strong": d.strong,
                    "medium": d.medium,
                    "weak": d.weak,
                }
                for d in a.dimensions
            },
            "elements": a.elements.as_dict(),
            "element_sources": {
                "act": list(a.elements.act_from),
                "means": list(a.elements.means_from),
                "purpose": list(a.elements.purpose_from),
            },
            "yes": list(a.yes),
            "unknown": list(c.unknown),
            "outcome_could_change": c.outcome_could_change,
            "most_important_unknown": list(c.most_important),
            "change_paths": [
                {
                    "reaches": p.reaches,
                    "min_answers": p.min_answers,
                    "answer": p.answer,
                    "questions": [{"id": q.id, "share": q.share} for q in p.questions],
                }
                for p in c.paths
            ],
            "legal_provisions": [p.as_dict() for p in self.legal_provisions],
            "next_steps": [s.as_dict() for s in self.next_steps],
            "disclaimer": DISCLAIMER.as_dict(),
            "explanation": self.explanation.as_dict(),
        }
        if self.instrument.decision_rule.id == RULE_FIRST_CONTACT:
            data["red_flags"] = list(a.red_flags)
            data["prefill_instrument"] = self.instrument.prefill_instrument
            data["prefill"] = dict(a.prefill)
        return data


# --------------------------------------------------------------------------------- checks


def _suggest(value: str, options: list[str]) -> str:
    by_folded = {option.casefold(): option for option in options}
    close = difflib.get_close_matches(value.casefold(), list(by_folded), n=1)
    return f" (did you mean {by_folded[close[0]]}?)" if close else ""


def _check_answers(instrument: Instrument, answers: object) -> list[str]:
    if not isinstance(answers, Mapping):
        return [
            f"answers must be an object mapping indicator IDs to yes/no/unknown, got {type(answers).__name__}"
        ]
    problems = []
    accepted = sorted(instrument.accepted_ids)
    for key, value in answers.items():
        if not isinstance(key, str) or key not in instrument.accepted_ids:
            problems.append(
                f"unknown indicator ID {key!r} for instrument {instrument.id}{_suggest(str(key), accepted)}"
            )
        elif not isinstance(value, str) or value not in ANSWERS:
            problems.append(f"bad answer {value!r} for {key}: expected one of {', '.join(ANSWERS)}")
    return problems


def _check_subject(subject: Subject) -> list[str]:
    problems = []
    age = subject.age
    if age is not None and (isinstance(age, bool) or not isinstance(age, int)):
        problems.append(f"subject.age must be a whole number of years or null, got {age!r}")
    elif age is not None and not 0 <= age <= MAX_AGE:
        problems.append(f"subject.age must be between 0 and {MAX_AGE}, got {age}")
    if not isinstance(subject.age_uncertain, bool):
        problems.append(
            f"subject.age_uncertain must be true or false, got {subject.age_uncertain!r}"
        )
    if subject.sex is not None and subject.sex not in SEX_VALUES:
        problems.append(
            f"subject.sex must be one of {', '.join(SEX_VALUES)} or null, got {subject.sex!r}"
        )
    return problems


def _instrument(registry: InstrumentRegistry, instrument_id: object, version: object) -> Instrument:
    if not isinstance(instrument_id, str) or not instrument_id:
        raise ScreeningInputError(
            f"instrument must be a non-empty string naming one of: {', '.join(registry.ids())}"
        )
    try:
        instrument = registry.get(instrument_id)
    except InstrumentError:
        raise ScreeningInputError(
            f"unknown instrument {instrument_id!r}{_suggest(instrument_id, list(registry.ids()))}; "
            f"known: {', '.join(registry.ids())}"
        ) from None
    if version is not None and version != instrument.version:
        raise ScreeningInputError(
            f"instrument {instrument.id} version {version!r} requested, but version {instrument.version} is installed"
        )
    return instrument


# ------------------------------------------------------------------------------- evaluate


def evaluate(
    request: ScreeningRequest, *, registry: InstrumentRegistry | None = None
) -> ScreeningResult:
    """Evaluate one screening. Raises :class:`ScreeningInputError` on invalid input."""
    registry = registry or default_registry()
    instrument = _instrument(registry, request.instrument, request.instrument_version)
    problems = _check_answers(instrument, request.answers) + _check_subject(request.subject)
    if problems:
        raise ScreeningInputError(problems)
    answers: dict[str, Answer] = dict(request.answers)
    child = request.subject.is_child
    assessment = assess(instrument, answers, child=child)
    first_contact = instrument.decision_rule.id == RULE_FIRST_CONTACT
    if first_contact and instrument.prefill_instrument:
        # Provisional Palermo elements: the pre-filled answers read by the full interview's rule.
        target = registry.get(instrument.prefill_instrument)
        provisional = assess(target, assessment.prefill, child=child)
        assessment = Assessment(
            outcome=assessment.outcome,
            combination=assessment.combination,
            child_rules_applied=assessment.child_rules_applied,
            elements=provisional.elements,
            yes=assessment.yes,
            red_flags=assessment.red_flags,
            prefill=assessment.prefill,
        )
        coercion_source, labour_source = target, target
    else:
        coercion_source = labour_source = instrument
    completeness = analyse(instrument, answers, child=child, outcome=assessment.outcome)
    coercion_ids = _ids_counting_in(coercion_source, ("CD", "CR"))
    labour_ids = _ids_counting_in(labour_source, ("EX",))
    provisions = select_provisions(
        assessment,
        coercion_ids=coercion_ids,
        labour_ids=labour_ids,
        child=child,
        age=request.subject.age,
        sex=request.subject.legal_sex,
    )
    steps = select_next_steps(
        assessment, could_change=completeness.outcome_could_change, first_contact=first_contact
    )
    explanation = explain(
        instrument,
        assessment,
        completeness,
        provisions,
        age=request.subject.age,
        age_uncertain=request.subject.age_uncertain,
        sex=request.subject.legal_sex,
    )
    return ScreeningResult(
        instrument=instrument,
        subject=request.subject,
        answers=answers,
        assessment=assessment,
        completeness=completeness,
        legal_provisions=provisions,
        next_steps=steps,
        explanation=explanation,
    )


def _ids_counting_in(instrument: Instrument, dimensions: tuple[str, ...]) -> frozenset[str]:
    if instrument.decision_rule.id not in DIMENSION_RULES:
        return frozenset()
    return frozenset(
        item.id
        for item in instrument.items
        if any(c.dimension in dimensions for c in item.contributions)
    )


# ---------------------------------------------------------------------------- interchange


def parse_request(data: object, *, registry: InstrumentRegistry | None = None) -> ScreeningRequest:
    """Validate a decoded JSON document and build a :class:`ScreeningRequest`."""
    registry = registry or default_registry()
    if not isinstance(data, Mapping):
        raise ScreeningInputError(
            "the document must be a JSON object with the keys instrument, answers and optionally subject"
        )
    problems = [
        f"unexpected key {key!r}; allowed: {', '.join(_TOP_KEYS)}"
        for key in data
        if key not in _TOP_KEYS
    ]
    if "instrument" not in data:
        problems.append("missing key 'instrument'")
    if "answers" not in data:
        problems.append("missing key 'answers' (use {} when nothing is answered yet)")
    version = data.get("instrument_version")
    if version is not None and not isinstance(version, str):
        problems.append('instrument_version must be a string like "1.0.0"')
    if problems:
        raise ScreeningInputError(problems)
    instrument = _instrument(registry, data["instrument"], version)
    answers = data["answers"]
    problems = _check_answers(instrument, answers)

    subject = Subject()
    raw_subject = data.get("subject")
    if raw_subject is not None:
        if not isinstance(raw_subject, Mapping):
            problems.append(
                "subject must be an object with age, age_uncertain and optionally sex, or null"
            )
        else:
            problems += [
                f"unexpected key subject.{key}; allowed: {', '.join(_SUBJECT_KEYS)}"
                for key in raw_subject
                if key not in _SUBJECT_KEYS
            ]
            subject = Subject(
                age=raw_subject.get("age"),
                age_uncertain=raw_subject.get("age_uncertain", False),
                sex=raw_subject.get("sex"),
            )
            problems += _check_subject(subject)
    if problems:
        raise ScreeningInputError(problems)
    return ScreeningRequest(
        instrument=instrument.id,
        answers=dict(answers),
        subject=subject,
        instrument_version=version,
    )


def evaluate_mapping(data: object, *, registry: InstrumentRegistry | None = None) -> dict[str, Any]:
    """Evaluate a decoded JSON document; returns the JSON result document."""
    return evaluate(parse_request(data, registry=registry), registry=registry).to_json()


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ScreeningInputError(f"duplicate key {key!r} in the JSON document")
        result[key] = value
    return result


def _reject_constant(name: str) -> None:
    raise ScreeningInputError(f"malformed JSON: {name} is not allowed")


def evaluate_json(
    text: str | bytes, *, registry: InstrumentRegistry | None = None
) -> dict[str, Any]:
    """Evaluate a JSON document given as text (for the CLI and other tools).

    Raises :class:`ScreeningInputError` for malformed JSON and for any invalid content.
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ScreeningInputError(f"the document is not valid UTF-8: {exc}") from None
    if not isinstance(text, str):
        raise ScreeningInputError("the document must be text")
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise ScreeningInputError(
            f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except RecursionError:
        raise ScreeningInputError("malformed JSON: nested too deeply") from None
    return evaluate_mapping(data, registry=registry)
