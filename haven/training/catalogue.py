"""The training content: legal library pages, indicator explanations, case studies with their
expert keys, and quizzes. Long bilingual texts written by the Haven project live as YAML files
in ``haven/training/content/`` (every text has ``en`` and ``zh-hans``); this module loads them
once, validates everything the pages rely on and raises :class:`ContentError` with every
problem found. Pure Python: no Django.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import yaml

from haven.screening.engine import OUTCOMES, Answer, InstrumentRegistry, Text, default_registry
from haven.screening.engine.instruments import LANGUAGES, contains_cjk

CONTENT_DIR: Final = Path(__file__).resolve().parent / "content"
THEMES: Final = (
    "labour_construction",
    "labour_fishing",
    "labour_factory",
    "labour_agriculture",
    "sexual_exploitation",
    "forced_marriage",
    "forced_criminality",
    "forced_begging",
    "domestic_servitude",
    "illegal_adoption",
    "not_trafficking",
)
TOPICS: Final = ("international", "eu", "prc", "referral", "ethics")
SEXES: Final = ("female", "male")
_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ContentError(ValueError):
    """A content file is missing, malformed or inconsistent (a packaging error)."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = tuple(problems) or ("unspecified content error",)
        super().__init__("; ".join(self.problems))


# ------------------------------------------------------------------------------------ types


@dataclass(frozen=True)
class Section:
    heading: Text
    paragraphs: tuple[Text, ...] = ()
    points: tuple[Text, ...] = ()


@dataclass(frozen=True)
class LibraryPage:
    id: str
    order: int
    topic: str
    title: Text
    summary: Text
    sections: tuple[Section, ...]
    sources: tuple[Text, ...]
    indicators: tuple[str, ...] = ()

    def texts(self) -> Iterable[Text]:
        yield self.title
        yield self.summary
        for section in self.sections:
            yield section.heading
            yield from section.paragraphs
            yield from section.points


@dataclass(frozen=True)
class IndicatorNote:
    """The library's explanation and example of one indicator ID (shared across instruments)."""

    id: str
    explanation: Text
    example: Text


@dataclass(frozen=True)
class Subject:
    age: int | None
    age_uncertain: bool
    sex: str | None

    @property
    def is_child(self) -> bool:
        return self.age_uncertain if self.age is None else self.age < 18


@dataclass(frozen=True)
class Key:
    """The expert key: the indicators a trained screener records as "yes" (each with the
    reason, in the vignette's words), the subject as the vignette presents it and the outcome
    the screening engine gives for them."""

    subject: Subject
    outcome: str
    indicators: Mapping[str, Text]
    teaching_points: tuple[Text, ...]

    @property
    def answers(self) -> dict[str, Answer]:
        return dict.fromkeys(self.indicators, "yes")


@dataclass(frozen=True)
class CaseStudy:
    id: str
    order: int
    theme: str
    look_alike: bool
    instrument: str
    title: Text
    summary: Text
    vignette: tuple[Text, ...]
    key: Key

    @property
    def child(self) -> bool:
        return self.key.subject.is_child


@dataclass(frozen=True)
class Choice:
    id: str
    text: Text


@dataclass(frozen=True)
class Question:
    id: str
    text: Text
    choices: tuple[Choice, ...]
    answer: str
    explanation: Text


@dataclass(frozen=True)
class Quiz:
    id: str
    title: Text
    questions: tuple[Question, ...]

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)


@dataclass(frozen=True)
class Catalogue:
    pages: tuple[LibraryPage, ...]
    indicators: Mapping[str, IndicatorNote]
    case_studies: tuple[CaseStudy, ...]
    quizzes: tuple[Quiz, ...]

    def page(self, page_id: str) -> LibraryPage | None:
        return next((p for p in self.pages if p.id == page_id), None)

    def case_study(self, case_id: str) -> CaseStudy | None:
        return next((c for c in self.case_studies if c.id == case_id), None)

    def quiz(self, quiz_id: str) -> Quiz | None:
        return next((q for q in self.quizzes if q.id == quiz_id), None)


# ---------------------------------------------------------------------------------- parsing


class _Reader:
    """Collects every problem of the content before raising."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def mapping(self, raw: object, where: str, required: set[str], allowed: set[str]) -> dict:
        if not isinstance(raw, Mapping):
            self.problem(where, f"expected a mapping, got {type(raw).__name__}")
            return {}
        for key in sorted(required - set(raw)):
            self.problem(where, f"missing key {key!r}")
        for key in sorted(set(raw) - required - allowed, key=str):
            self.problem(where, f"unexpected key {key!r}")
        return dict(raw)

    def text(self, raw: object, where: str) -> Text:
        data = self.mapping(raw, where, set(LANGUAGES), set())
        values = {}
        for lang in LANGUAGES:
            value = data.get(lang)
            if lang in data and (not isinstance(value, str) or not value.strip()):
                self.problem(f"{where}.{lang}", "expected a non-empty string")
                value = ""
            values[lang] = " ".join(str(value or "").split())
        if values["zh-hans"] and not contains_cjk(values["zh-hans"]):
            self.problem(f"{where}.zh-hans", "contains no Chinese characters")
        return Text(values["en"], values["zh-hans"])

    def texts(self, raw: object, where: str, *, required: bool = True) -> tuple[Text, ...]:
        if raw is None and not required:
            return ()
        if not isinstance(raw, list) or (required and not raw):
            self.problem(where, "expected a non-empty list")
            return ()
        return tuple(self.text(item, f"{where}[{i}]") for i, item in enumerate(raw))

    def slug(self, raw: object, where: str) -> str:
        if not isinstance(raw, str) or not _SLUG_RE.match(raw):
            self.problem(where, f"{raw!r} is not a slug (lower-case words joined by hyphens)")
            return str(raw)
        return raw

    def integer(self, raw: object, where: str) -> int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            self.problem(where, f"expected a whole number, got {raw!r}")
            return 0
        return raw


def _yaml(path: Path, reader: _Reader) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_SafeLoader)  # noqa: S506 - safe loader
    except (OSError, yaml.YAMLError) as exc:
        reader.problem(path.name, f"cannot read: {exc}")
        return None


def _page(raw: object, where: str, r: _Reader) -> LibraryPage:
    data = r.mapping(
        raw,
        where,
        {"id", "order", "topic", "title", "summary", "sections", "sources"},
        {"indicators"},
    )
    sections = []
    for i, entry in enumerate(data.get("sections") or []):
        at = f"{where}.sections[{i}]"
        s = r.mapping(entry, at, {"heading"}, {"paragraphs", "points"})
        section = Section(
            heading=r.text(s.get("heading"), f"{at}.heading"),
            paragraphs=r.texts(s.get("paragraphs"), f"{at}.paragraphs", required=False),
            points=r.texts(s.get("points"), f"{at}.points", required=False),
        )
        if not section.paragraphs and not section.points:
            r.problem(at, "a section needs paragraphs or points")
        sections.append(section)
    if not sections:
        r.problem(where, "a page needs sections")
    topic = data.get("topic")
    if topic not in TOPICS:
        r.problem(f"{where}.topic", f"must be one of {', '.join(TOPICS)}")
    indicators = data.get("indicators") or []
    if not isinstance(indicators, list):
        r.problem(f"{where}.indicators", "expected a list of indicator IDs")
        indicators = []
    return LibraryPage(
        id=r.slug(data.get("id"), f"{where}.id"),
        order=r.integer(data.get("order"), f"{where}.order"),
        topic=str(topic),
        title=r.text(data.get("title"), f"{where}.title"),
        summary=r.text(data.get("summary"), f"{where}.summary"),
        sections=tuple(sections),
        sources=r.texts(data.get("sources"), f"{where}.sources"),
        indicators=tuple(str(i) for i in indicators),
    )


def _indicators(raw: object, where: str, r: _Reader) -> list[IndicatorNote]:
    if not isinstance(raw, Mapping):
        r.problem(where, "expected a mapping of indicator IDs")
        return []
    notes = []
    for item_id, entry in raw.items():
        at = f"{where}.{item_id}"
        data = r.mapping(entry, at, {"explanation", "example"}, set())
        notes.append(
            IndicatorNote(
                id=str(item_id),
                explanation=r.text(data.get("explanation"), f"{at}.explanation"),
                example=r.text(data.get("example"), f"{at}.example"),
            )
        )
    return notes


def _subject(raw: object, where: str, r: _Reader) -> Subject:
    data = r.mapping(raw, where, {"age", "age_uncertain"}, {"sex"})
    age = data.get("age")
    if age is not None and (isinstance(age, bool) or not isinstance(age, int) or age < 0):
        r.problem(f"{where}.age", f"expected a whole number of years or null, got {age!r}")
        age = None
    uncertain = data.get("age_uncertain")
    if not isinstance(uncertain, bool):
        r.problem(f"{where}.age_uncertain", "expected true or false")
        uncertain = False
    sex = data.get("sex")
    if sex is not None and sex not in SEXES:
        r.problem(f"{where}.sex", f"must be one of {', '.join(SEXES)} or absent")
        sex = None
    return Subject(age=age, age_uncertain=uncertain, sex=sex)


def _case_study(raw: object, where: str, r: _Reader, registry: InstrumentRegistry) -> CaseStudy:
    data = r.mapping(
        raw,
        where,
        {"id", "order", "theme", "instrument", "title", "summary", "vignette", "key"},
        {"look_alike"},
    )
    key_data = r.mapping(
        data.get("key"),
        f"{where}.key",
        {"subject", "outcome", "indicators", "teaching_points"},
        set(),
    )
    instrument_id = str(data.get("instrument"))
    instrument = registry.get(instrument_id) if instrument_id in registry else None
    if instrument is None:
        r.problem(f"{where}.instrument", f"unknown instrument {instrument_id!r}")
    raw_indicators = key_data.get("indicators")
    indicators: dict[str, Text] = {}
    if raw_indicators is not None and not isinstance(raw_indicators, Mapping):
        r.problem(f"{where}.key.indicators", "expected a mapping of indicator IDs to reasons")
    for item_id, reason in (raw_indicators or {}).items():
        at = f"{where}.key.indicators.{item_id}"
        if instrument is not None and item_id not in instrument.item_ids:
            r.problem(at, f"{instrument_id} does not ask {item_id!r}")
        indicators[str(item_id)] = r.text(reason, at)
    outcome = key_data.get("outcome")
    if outcome not in OUTCOMES:
        r.problem(f"{where}.key.outcome", f"must be one of {', '.join(OUTCOMES)}")
    theme = data.get("theme")
    if theme not in THEMES:
        r.problem(f"{where}.theme", f"must be one of {', '.join(THEMES)}")
    look_alike = data.get("look_alike", False)
    if not isinstance(look_alike, bool):
        r.problem(f"{where}.look_alike", "expected true or false")
    return CaseStudy(
        id=r.slug(data.get("id"), f"{where}.id"),
        order=r.integer(data.get("order"), f"{where}.order"),
        theme=str(theme),
        look_alike=bool(look_alike),
        instrument=instrument_id,
        title=r.text(data.get("title"), f"{where}.title"),
        summary=r.text(data.get("summary"), f"{where}.summary"),
        vignette=r.texts(data.get("vignette"), f"{where}.vignette"),
        key=Key(
            subject=_subject(key_data.get("subject"), f"{where}.key.subject", r),
            outcome=str(outcome),
            indicators=indicators,
            teaching_points=r.texts(
                key_data.get("teaching_points"), f"{where}.key.teaching_points"
            ),
        ),
    )


def _quiz(raw: object, where: str, r: _Reader) -> Quiz:
    data = r.mapping(raw, where, {"id", "title", "questions"}, set())
    questions = []
    seen: set[str] = set()
    for i, entry in enumerate(data.get("questions") or []):
        at = f"{where}.questions[{i}]"
        q = r.mapping(entry, at, {"id", "text", "choices", "answer", "explanation"}, set())
        choices = []
        for j, choice in enumerate(q.get("choices") or []):
            c = r.mapping(choice, f"{at}.choices[{j}]", {"id", *LANGUAGES}, set())
            text = r.text({lang: c.get(lang) for lang in LANGUAGES}, f"{at}.choices[{j}]")
            choices.append(Choice(id=str(c.get("id")), text=text))
        ids = [c.id for c in choices]
        if len(choices) < 2 or len(set(ids)) != len(ids):
            r.problem(at, "a question needs at least two choices with distinct ids")
        if q.get("answer") not in ids:
            r.problem(f"{at}.answer", f"{q.get('answer')!r} is not one of the choices")
        question_id = str(q.get("id"))
        if question_id in seen:
            r.problem(at, f"duplicate question id {question_id!r}")
        seen.add(question_id)
        questions.append(
            Question(
                id=question_id,
                text=r.text(q.get("text"), f"{at}.text"),
                choices=tuple(choices),
                answer=str(q.get("answer")),
                explanation=r.text(q.get("explanation"), f"{at}.explanation"),
            )
        )
    if not questions:
        r.problem(where, "a quiz needs questions")
    return Quiz(
        id=r.slug(data.get("id"), f"{where}.id"),
        title=r.text(data.get("title"), f"{where}.title"),
        questions=tuple(questions),
    )


def _unique(items: Iterable[Any], kind: str, r: _Reader) -> None:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            r.problem(kind, f"duplicate id {item.id!r}")
        seen.add(item.id)


def load_catalogue(
    directory: Path = CONTENT_DIR, registry: InstrumentRegistry | None = None
) -> Catalogue:
    """Load and validate every content file under ``directory``."""
    registry = registry or default_registry()
    r = _Reader()
    pages = [
        _page(_yaml(path, r), path.name, r)
        for path in sorted((directory / "library").glob("*.yaml"))
    ]
    notes: dict[str, IndicatorNote] = {}
    for path in sorted((directory / "indicators").glob("*.yaml")):
        for note in _indicators(_yaml(path, r), path.name, r):
            if note.id in notes:
                r.problem(path.name, f"indicator {note.id} is explained twice")
            notes[note.id] = note
    known = {item.id for instrument in registry for item in instrument.items}
    for item_id in sorted(known - set(notes)):
        r.problem("indicators", f"no explanation for {item_id}")
    for item_id in sorted(set(notes) - known):
        r.problem("indicators", f"{item_id} is not an item of any instrument")
    for page in pages:
        for item_id in page.indicators:
            if item_id not in known:
                r.problem(page.id, f"unknown indicator {item_id!r}")
    cases = [
        _case_study(_yaml(path, r), path.name, r, registry)
        for path in sorted((directory / "case_studies").glob("*.yaml"))
    ]
    quizzes = [
        _quiz(_yaml(path, r), path.name, r)
        for path in sorted((directory / "quizzes").glob("*.yaml"))
    ]
    _unique(pages, "library", r)
    _unique(cases, "case_studies", r)
    _unique(quizzes, "quizzes", r)
    if r.problems:
        raise ContentError(r.problems)
    return Catalogue(
        pages=tuple(sorted(pages, key=lambda p: (p.order, p.id))),
        indicators=notes,
        case_studies=tuple(sorted(cases, key=lambda c: (c.order, c.id))),
        quizzes=tuple(quizzes),
    )


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """The shipped content (loaded once)."""
    return load_catalogue()
