"""The training content: every file loads, every text is bilingual, every indicator of every
instrument is explained, and every case study's key gives its expected outcome in the engine."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from haven.screening.engine import ScreeningRequest, Subject, default_registry, evaluate
from haven.screening.engine.instruments import contains_cjk
from haven.training.catalogue import (
    CONTENT_DIR,
    THEMES,
    TOPICS,
    ContentError,
    catalogue,
    load_catalogue,
)
from haven.training.vocab import THEME_LABELS, TOPIC_LABELS

CASES = catalogue().case_studies


def _texts():
    content = catalogue()
    for page in content.pages:
        yield from page.texts()
        yield from page.sources
    for note in content.indicators.values():
        yield note.explanation
        yield note.example
    for case in content.case_studies:
        yield from (case.title, case.summary, *case.vignette)
        yield from case.key.indicators.values()
        yield from case.key.teaching_points
    for quiz in content.quizzes:
        yield quiz.title
        for question in quiz.questions:
            yield from (question.text, question.explanation, *(c.text for c in question.choices))


def test_every_text_has_english_and_chinese():
    texts = list(_texts())
    assert len(texts) > 700
    for text in texts:
        assert text.en.strip(), text
        assert contains_cjk(text.zh_hans), text


def test_every_item_of_every_instrument_is_explained():
    notes = catalogue().indicators
    for instrument in default_registry():
        for item in instrument.items:
            assert item.id in notes, (instrument.id, item.id)


def test_the_library_covers_the_brief():
    ids = {page.id for page in catalogue().pages}
    assert {
        "palermo-definition",
        "child-rule",
        "consent-irrelevance",
        "eu-directive-identification",
        "eu-directive-assistance",
        "eu-directive-non-punishment",
        "eu-directive-children",
        "prc-criminal-law",
        "prc-differences",
        "referral-mechanisms",
        "who-ethical-principles",
    } <= ids
    assert {page.topic for page in catalogue().pages} == set(TOPICS)


def test_vocabularies_have_labels():
    assert set(THEME_LABELS) == set(THEMES)
    assert set(TOPIC_LABELS) == set(TOPICS)


def test_case_studies_cover_the_brief():
    assert len(CASES) >= 16
    themes = {case.theme for case in CASES}
    assert set(THEMES) <= themes  # every theme, from construction to look-alikes
    assert sum(1 for case in CASES if case.child) >= 3
    assert sum(1 for case in CASES if case.look_alike) >= 3
    adult_men = [
        case
        for case in CASES
        if case.key.subject.sex == "male"
        and not case.child
        and case.key.outcome == "trafficking_indicators_met"
    ]
    assert adult_men  # outside PRC Criminal Law art. 240
    outcomes = {case.key.outcome for case in CASES}
    assert outcomes == {
        "no_indicators",
        "some_indicators",
        "exploitation_indicators_only",
        "trafficking_indicators_met",
    }


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_every_key_gives_its_expected_outcome(case):
    subject = case.key.subject
    result = evaluate(
        ScreeningRequest(
            case.instrument,
            case.key.answers,
            Subject(age=subject.age, age_uncertain=subject.age_uncertain, sex=subject.sex),
        )
    )

    assert result.outcome == case.key.outcome
    assert result.assessment.child_rules_applied == case.child


def _outcome(case_id: str, age: int | None, uncertain: bool) -> str:
    case = catalogue().case_study(case_id)
    request = ScreeningRequest(case.instrument, case.key.answers, Subject(age, uncertain))
    return evaluate(request).outcome


def test_the_child_cases_teach_what_they_say():
    # The same answers for an adult would not meet the indicators: the age decides.
    assert _outcome("child-factory", 16, False) == "trafficking_indicators_met"
    assert _outcome("child-factory", 19, False) == "exploitation_indicators_only"
    assert _outcome("age-uncertain", None, True) == "trafficking_indicators_met"
    assert _outcome("age-uncertain", 19, False) == "exploitation_indicators_only"


def test_the_quiz_answers_are_among_the_choices():
    quiz = catalogue().quiz("identification-basics")
    assert len(quiz.questions) >= 10
    for question in quiz.questions:
        assert question.answer in {c.id for c in question.choices}


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    return target


def test_a_missing_translation_is_refused(tmp_path):
    content = _copy(tmp_path)
    page = content / "library" / "03-consent.yaml"
    text = page.read_text(encoding="utf-8")
    page.write_text(
        text.replace('  zh-hans: "一旦使用了手段，同意即不相关"\n', "", 1), encoding="utf-8"
    )

    with pytest.raises(ContentError) as error:
        load_catalogue(content)
    assert any("missing key 'zh-hans'" in p for p in error.value.problems)


def test_chinese_without_chinese_characters_is_refused(tmp_path):
    content = _copy(tmp_path)
    path = content / "case_studies" / "14-smuggled-migrant.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('zh-hans: "检查站的卡车"', 'zh-hans: "The lorry"'), encoding="utf-8"
    )

    with pytest.raises(ContentError) as error:
        load_catalogue(content)
    assert any("contains no Chinese characters" in p for p in error.value.problems)


def test_a_key_naming_an_item_the_instrument_does_not_ask_is_refused(tmp_path):
    content = _copy(tmp_path)
    path = content / "case_studies" / "14-smuggled-migrant.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    ACT_TRANSPORTATION:", "    DR01:"), encoding="utf-8")

    with pytest.raises(ContentError) as error:
        load_catalogue(content)
    assert any("does not ask 'DR01'" in p for p in error.value.problems)


def test_an_unexplained_indicator_is_refused(tmp_path):
    content = _copy(tmp_path)
    path = content / "indicators" / "first-contact.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.split("FC12:")[0], encoding="utf-8")

    with pytest.raises(ContentError) as error:
        load_catalogue(content)
    assert "indicators: no explanation for FC12" in error.value.problems
