"""The JSON interchange other tools depend on: evaluate_json / evaluate_mapping / render_text,
and every kind of bad input (the CLI exits 2 with the message of ScreeningInputError)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from haven.screening.engine import (
    ScreeningInputError,
    ScreeningRequest,
    Subject,
    evaluate,
    evaluate_json,
    evaluate_mapping,
    render_text,
)
from haven.screening.engine.instruments import contains_cjk

ILO_EC = "ilo-ec-2009-adult-labour"

REQUIRED_KEYS = {
    "instrument",
    "instrument_version",
    "outcome",
    "child_rules_applied",
    "dimensions",
    "elements",
    "unknown",
    "outcome_could_change",
    "explanation",
}


def doc(**overrides: Any) -> str:
    base: dict[str, Any] = {
        "instrument": ILO_EC,
        "answers": {"DR01": "yes", "EX01": "no"},
        "subject": {"age": 17, "age_uncertain": False},
    }
    base.update(overrides)
    return json.dumps(base)


def test_example_from_the_specification() -> None:
    result = evaluate_json(doc())
    assert set(result) >= REQUIRED_KEYS
    assert result["instrument"] == ILO_EC
    assert result["instrument_version"] == "1.0.0"
    assert result["outcome"] == "some_indicators"
    assert result["child_rules_applied"] is True
    assert set(result["dimensions"]) == {"DR", "CR", "VR", "EX", "CD", "VD"}
    assert result["dimensions"]["DR"] == {
        **result["dimensions"]["DR"],
        "positive": False,
        "yes": ["DR01"],
        "rule": "not_met",
    }
    assert set(result["dimensions"]["DR"]) >= {"positive", "yes", "rule"}
    assert result["elements"] == {"act": False, "means": False, "purpose": False}
    assert "DR01" not in result["unknown"]
    assert "EX01" not in result["unknown"]
    assert result["unknown"] == sorted(result["unknown"])
    assert result["outcome_could_change"] is True
    assert set(result["explanation"]) == {"en", "zh-hans"}
    assert contains_cjk(result["explanation"]["zh-hans"])
    assert "not a legal determination" in result["explanation"]["en"]
    assert "并非法律认定" in result["explanation"]["zh-hans"]
    assert result["rule_version"] == "1.0.0"


def test_result_is_plain_json() -> None:
    result = evaluate_json(doc())
    assert json.loads(json.dumps(result, ensure_ascii=False)) == result


@pytest.mark.parametrize(
    "subject",
    [
        pytest.param(None, id="subject-null"),
        pytest.param({"age": None}, id="age-null"),
        pytest.param({"age": None, "age_uncertain": False}, id="age-null-certain"),
    ],
)
def test_subject_optional_and_adult_by_default(subject: object) -> None:
    assert evaluate_json(doc(subject=subject))["child_rules_applied"] is False
    data = json.loads(doc())
    del data["subject"]
    assert evaluate_mapping(data)["child_rules_applied"] is False


def test_age_uncertain_without_age_is_a_child() -> None:
    assert (
        evaluate_json(doc(subject={"age": None, "age_uncertain": True}))["child_rules_applied"]
        is True
    )


def test_empty_answers_and_unknown_values() -> None:
    result = evaluate_json(doc(answers={}))
    assert result["outcome"] == "no_indicators"
    assert len(result["unknown"]) == 72
    assert evaluate_json(doc(answers={"DR01": "unknown"}))["unknown"] == result["unknown"]


def test_bytes_with_bom_accepted() -> None:
    assert evaluate_json(("\ufeff" + doc()).encode("utf-8"))["outcome"] == "some_indicators"


def test_instrument_version_pin() -> None:
    assert evaluate_json(doc(instrument_version="1.0.0"))["instrument_version"] == "1.0.0"


def test_first_contact_shape() -> None:
    result = evaluate_json(json.dumps({"instrument": "first-contact", "answers": {"FC01": "yes"}}))
    assert set(result) >= REQUIRED_KEYS
    assert result["outcome"] == "run_full_interview"
    assert result["dimensions"] == {}
    assert result["prefill"] == {"CD01": "yes"}
    assert result["prefill_instrument"] == ILO_EC
    assert result["red_flags"] == ["FC01"]


def test_extra_keys_present() -> None:
    result = evaluate_json(doc())
    for key in (
        "most_important_unknown",
        "change_paths",
        "next_steps",
        "legal_provisions",
        "decision_rule",
    ):
        assert key in result
    assert result["next_steps"][0]["id"] == "SAFETY"
    assert all({"id", "en", "zh-hans"} <= set(step) for step in result["next_steps"])
    provisions = {p["id"] for p in result["legal_provisions"]}
    assert {"UN-TIP-PROTOCOL-ART3", "EU-DIR-2011-36-ART2", "EU-DIR-2011-36-ART13"} <= provisions


BAD_INPUTS = [
    pytest.param("", "malformed JSON", id="empty"),
    pytest.param("{", "malformed JSON", id="truncated"),
    pytest.param("{'instrument': 1}", "malformed JSON", id="single-quotes"),
    pytest.param('{"instrument": "x", "answers": {"DR01": NaN}}', "NaN", id="nan"),
    pytest.param("[]", "must be a JSON object", id="array"),
    pytest.param('"text"', "must be a JSON object", id="string"),
    pytest.param("null", "must be a JSON object", id="null"),
    pytest.param('{"answers": {}}', "missing key 'instrument'", id="no-instrument"),
    pytest.param(json.dumps({"instrument": ILO_EC}), "missing key 'answers'", id="no-answers"),
    pytest.param(
        doc(instrument="ilo-ec-2010"), "unknown instrument 'ilo-ec-2010'", id="unknown-instrument"
    ),
    pytest.param(
        doc(instrument=7), "instrument must be a non-empty string", id="instrument-number"
    ),
    pytest.param(
        doc(instrument_version="9.9.9"), "version '9.9.9' requested", id="version-mismatch"
    ),
    pytest.param(
        doc(instrument_version=1), "instrument_version must be a string", id="version-number"
    ),
    pytest.param(doc(answers=[]), "answers must be an object", id="answers-array"),
    pytest.param(doc(answers={"DR99": "yes"}), "unknown indicator ID 'DR99'", id="unknown-id"),
    pytest.param(
        doc(answers={"FL01": "yes"}),
        "unknown indicator ID 'FL01' for instrument ilo-ec",
        id="other-instrument-id",
    ),
    pytest.param(doc(answers={"dr01": "yes"}), "did you mean DR01", id="lower-case-id"),
    pytest.param(doc(answers={"DR01": "Yes"}), "bad answer 'Yes' for DR01", id="capitalised"),
    pytest.param(doc(answers={"DR01": True}), "bad answer True for DR01", id="boolean"),
    pytest.param(doc(answers={"DR01": None}), "bad answer None for DR01", id="null-answer"),
    pytest.param(doc(answers={"DR01": 1}), "bad answer 1 for DR01", id="number-answer"),
    pytest.param(doc(subject={"age": -1}), "between 0 and 130", id="negative-age"),
    pytest.param(doc(subject={"age": 131}), "between 0 and 130", id="age-too-high"),
    pytest.param(doc(subject={"age": "17"}), "whole number of years", id="age-string"),
    pytest.param(doc(subject={"age": 17.5}), "whole number of years", id="age-float"),
    pytest.param(doc(subject={"age": True}), "whole number of years", id="age-bool"),
    pytest.param(
        doc(subject={"age": 17, "age_uncertain": "yes"}),
        "age_uncertain must be true or false",
        id="uncertain-string",
    ),
    pytest.param(
        doc(subject={"age": 17, "age_uncertain": None}),
        "age_uncertain must be true or false",
        id="uncertain-null",
    ),
    pytest.param(doc(subject={"sex": "f"}), "subject.sex must be one of", id="sex-value"),
    pytest.param(doc(subject=[17]), "subject must be an object", id="subject-array"),
    pytest.param(
        doc(subject={"dob": "2010-01-01"}), "unexpected key subject.dob", id="subject-extra-key"
    ),
    pytest.param(doc(answer={}), "unexpected key 'answer'", id="top-level-typo"),
    pytest.param(
        '{"instrument": "a", "instrument": "b", "answers": {}}',
        "duplicate key 'instrument'",
        id="duplicate-key",
    ),
    pytest.param(
        '{"instrument": "ilo-ec-2009-adult-labour", "answers": {"DR01": "yes", "DR01": "no"}}',
        "duplicate key 'DR01'",
        id="duplicate-answer",
    ),
    pytest.param("[" * 100_000 + "]" * 100_000, "malformed JSON", id="deeply-nested"),
]


@pytest.mark.parametrize(("text", "message"), BAD_INPUTS)
def test_bad_input(text: str, message: str) -> None:
    with pytest.raises(ScreeningInputError) as excinfo:
        evaluate_json(text)
    assert message in str(excinfo.value)
    assert isinstance(excinfo.value, ValueError)


def test_invalid_utf8() -> None:
    with pytest.raises(ScreeningInputError, match="not valid UTF-8"):
        evaluate_json(b"\xff\xfe{")


def test_all_problems_reported_together() -> None:
    with pytest.raises(ScreeningInputError) as excinfo:
        evaluate_json(doc(answers={"DR99": "yes", "EX01": "maybe"}, subject={"age": -3}))
    assert len(excinfo.value.problems) == 3


def test_python_api_validates_too() -> None:
    with pytest.raises(ScreeningInputError, match="bad answer"):
        evaluate(ScreeningRequest(ILO_EC, json.loads('{"DR01": "y"}')))
    with pytest.raises(ScreeningInputError, match=r"subject\.age"):
        evaluate(ScreeningRequest(ILO_EC, {}, Subject(age=-5)))
    with pytest.raises(ScreeningInputError, match="unknown instrument"):
        evaluate(ScreeningRequest("nope", {}))


# ------------------------------------------------------------------------------ rendering


@pytest.mark.parametrize(("lang", "needle"), [("en", "Outcome:"), ("zh-hans", "结果：")])
def test_render_text(lang: str, needle: str) -> None:
    result = evaluate_json(doc(answers={"EX01": "yes", "EX02": "yes"}))
    text = render_text(result, lang)
    assert needle in text
    assert text.endswith("\n")
    assert ("后续步骤" in text) == (lang == "zh-hans")
    if lang == "zh-hans":
        assert contains_cjk(text)


def test_render_text_from_result_object_and_with_questions() -> None:
    result = evaluate(
        ScreeningRequest(
            ILO_EC, {"DR01": "yes", "DR08": "yes", "EX01": "yes", "EX04": "yes", "CD01": "yes"}
        )
    )
    text = render_text(result, "en")
    assert "Questions to ask next" in text
    assert "CD03" in text
    assert render_text(result.to_json(), "en") == text


def test_render_text_rejects_bad_language_and_documents() -> None:
    result = evaluate_json(doc())
    with pytest.raises(ScreeningInputError, match="unsupported language"):
        render_text(result, "fr")
    with pytest.raises(ScreeningInputError, match="not a screening result"):
        render_text({"outcome": "x"}, "en")
