"""``haven screen evaluate|instruments``: the JSON other tools read, exit status 0 and 2, stdin,
text in both languages; through ``call_command`` and as a real process."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from haven.screening.engine import default_registry, evaluate_json
from haven.screening.engine.instruments import contains_cjk

ROOT = Path(__file__).resolve().parents[3]
ILO_EC = "ilo-ec-2009-adult-labour"
DIMENSIONS = {"DR", "CR", "VR", "EX", "CD", "VD"}


def document(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "instrument": ILO_EC,
        "answers": {"DR01": "yes", "EX01": "no"},
        "subject": {"age": 17, "age_uncertain": False},
    }
    base.update(overrides)
    return base


@pytest.fixture
def answers_file(tmp_path: Path) -> Any:
    """``answers_file(doc or text)`` writes the document and returns its path."""

    def _write(content: dict[str, Any] | str, name: str = "answers.json") -> str:
        path = tmp_path / name
        text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
        path.write_text(text, encoding="utf-8")
        return str(path)

    return _write


def screen(*args: str) -> str:
    out = io.StringIO()
    call_command("screen", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def screen_error(*args: str) -> CommandError:
    with pytest.raises(CommandError) as caught:
        screen(*args)
    return caught.value


def run(*args: str, stdin: bytes | None = None, **env: str) -> subprocess.CompletedProcess[bytes]:
    """``python -m haven.manage screen ...`` in a real process."""
    return subprocess.run(  # noqa: S603  (our own interpreter and arguments)
        [sys.executable, "-m", "haven.manage", "screen", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "haven.test_settings", **env},
        timeout=120,
        check=False,
    )


def assert_interchange_shape(result: dict[str, Any]) -> None:
    """The keys other tools depend on."""
    assert {
        "instrument",
        "instrument_version",
        "outcome",
        "child_rules_applied",
        "dimensions",
        "elements",
        "unknown",
        "outcome_could_change",
        "explanation",
    } <= set(result)
    assert set(result["dimensions"]) == DIMENSIONS
    for dimension in result["dimensions"].values():
        assert {"positive", "yes", "rule"} <= set(dimension)
        assert isinstance(dimension["positive"], bool)
        assert isinstance(dimension["yes"], list)
        assert isinstance(dimension["rule"], str)
    assert set(result["elements"]) == {"act", "means", "purpose"}
    assert set(result["explanation"]) == {"en", "zh-hans"}
    assert isinstance(result["unknown"], list)
    assert isinstance(result["outcome_could_change"], bool)


# ---------------------------------------------------------------------------- call_command


def test_json_output_is_the_engine_document(answers_file: Any) -> None:
    output = screen("evaluate", "--answers", answers_file(document()))

    expected = evaluate_json(json.dumps(document()))
    assert output == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"
    result = json.loads(output)
    assert result == expected
    assert_interchange_shape(result)
    assert result["instrument"] == ILO_EC
    assert result["instrument_version"] == "1.0.0"
    assert result["dimensions"]["DR"]["yes"] == ["DR01"]
    assert contains_cjk(result["explanation"]["zh-hans"])
    assert "\\u" not in output, "non-ASCII text is written as UTF-8, not escaped"


@pytest.mark.parametrize(
    ("subject", "child"),
    [
        ({"age": 17, "age_uncertain": False}, True),
        ({"age": None, "age_uncertain": True}, True),
        ({"age": 30, "age_uncertain": False}, False),
    ],
)
def test_child_rules(answers_file: Any, subject: dict[str, Any], child: bool) -> None:
    output = screen("evaluate", "--answers", answers_file(document(subject=subject)))

    assert json.loads(output)["child_rules_applied"] is child


def test_explicit_json_format_and_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_text(json.dumps(document()), encoding="utf-8-sig")

    output = screen("evaluate", "--answers", str(path), "--format", "json")

    assert json.loads(output) == evaluate_json(json.dumps(document()))


BAD_INPUTS = [
    pytest.param(
        document(instrument="ilo-ec-2009"),
        ["unknown instrument 'ilo-ec-2009'", "did you mean ilo-ec-2009-adult-labour"],
        id="unknown-instrument",
    ),
    pytest.param(
        document(answers={"DR99": "yes"}),
        ["unknown indicator ID 'DR99'"],
        id="unknown-indicator",
    ),
    pytest.param(
        document(answers={"DR01": "maybe"}),
        ["bad answer 'maybe' for DR01", "yes, no, unknown"],
        id="bad-answer",
    ),
    pytest.param('{"instrument": ', ["malformed JSON"], id="malformed-json"),
    pytest.param("[1, 2]", ["must be a JSON object"], id="not-an-object"),
    pytest.param(
        document(answers={"DR99": "yes", "DR01": "maybe"}, subject={"age": 200}),
        ["unknown indicator ID 'DR99'", "bad answer 'maybe' for DR01", "subject.age"],
        id="every-problem-listed",
    ),
]


@pytest.mark.parametrize(("content", "expected"), BAD_INPUTS)
def test_bad_input_exits_2_naming_the_problem(
    answers_file: Any, content: Any, expected: list[str]
) -> None:
    error = screen_error("evaluate", "--answers", answers_file(content))

    assert error.returncode == 2
    message = str(error)
    assert "not valid" in message
    for text in expected:
        assert text in message


def test_every_problem_is_on_its_own_line(answers_file: Any) -> None:
    bad = document(answers={"DR99": "yes", "DR01": "maybe", "EX01": 1})

    lines = str(screen_error("evaluate", "--answers", answers_file(bad))).splitlines()

    assert len([line for line in lines if line.startswith("  - ")]) == 3


@pytest.mark.parametrize("kind", ["missing", "directory"])
def test_unreadable_file_exits_2(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "nowhere.json" if kind == "missing" else tmp_path

    error = screen_error("evaluate", "--answers", str(path))

    assert error.returncode == 2
    assert f"cannot read {path}" in str(error)


def test_evaluate_needs_answers() -> None:
    error = screen_error("evaluate")

    assert error.returncode == 2
    assert "--answers" in str(error)


def test_answers_are_only_for_evaluate(answers_file: Any) -> None:
    assert screen_error("instruments", "--answers", answers_file(document())).returncode == 2


@pytest.mark.parametrize("binary", [True, False])
def test_dash_reads_standard_input(monkeypatch: Any, binary: bool) -> None:
    text = json.dumps(document())
    stream = io.TextIOWrapper(io.BytesIO(text.encode())) if binary else io.StringIO(text)
    monkeypatch.setattr(sys, "stdin", stream)

    output = screen("evaluate", "--answers", "-")

    assert json.loads(output) == evaluate_json(text)


def test_standard_input_is_named_in_errors(monkeypatch: Any) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("{"))

    error = screen_error("evaluate", "--answers", "-")

    assert error.returncode == 2
    assert "standard input" in str(error)


def test_text_in_english(answers_file: Any) -> None:
    output = screen("evaluate", "--answers", answers_file(document()), "--format", "text")

    assert output.startswith(evaluate_json(json.dumps(document()))["explanation"]["en"])
    assert "Next steps:" in output
    assert "Questions to ask next" in output
    assert not contains_cjk(output)


def test_text_in_chinese(answers_file: Any) -> None:
    path = answers_file(document())

    output = screen("evaluate", "--answers", path, "--format", "text", "--lang", "zh-hans")

    assert output.startswith(evaluate_json(json.dumps(document()))["explanation"]["zh-hans"])
    assert "后续步骤：" in output
    assert contains_cjk(output)


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_instruments_list(lang: str) -> None:
    lines = screen("instruments", "--lang", lang).splitlines()

    registry = default_registry()
    assert len(lines) == len(registry)
    for line, instrument in zip(lines, registry, strict=True):
        assert line.split()[:2] == [instrument.id, instrument.version]
        assert line.endswith(instrument.title.get(lang))
    assert contains_cjk("\n".join(lines)) is (lang == "zh-hans")


def test_instruments_as_json() -> None:
    listing = json.loads(screen("instruments", "--format", "json", "--lang", "zh-hans"))

    assert [row["id"] for row in listing] == list(default_registry().ids())
    assert all(set(row) == {"id", "version", "title"} for row in listing)
    assert all(contains_cjk(row["title"]) for row in listing)


# ------------------------------------------------------------------------------ a process


def test_process_exits_0_with_utf8_json(answers_file: Any) -> None:
    done = run("evaluate", "--answers", answers_file(document()))

    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    result = json.loads(done.stdout.decode("utf-8"))
    assert result == evaluate_json(json.dumps(document()))
    assert result["child_rules_applied"] is True
    assert_interchange_shape(result)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (document(instrument="nope"), "unknown instrument 'nope'"),
        (document(answers={"XX01": "yes"}), "unknown indicator ID 'XX01'"),
        (document(answers={"DR01": "Yes"}), "bad answer 'Yes' for DR01"),
        ("{not json", "malformed JSON"),
    ],
)
def test_process_exits_2_on_bad_input(answers_file: Any, content: Any, expected: str) -> None:
    done = run("evaluate", "--answers", answers_file(content))

    assert done.returncode == 2
    assert done.stdout == b""
    assert expected in done.stderr.decode()


def test_process_exits_2_on_an_unreadable_file(tmp_path: Path) -> None:
    done = run("evaluate", "--answers", str(tmp_path / "missing.json"))

    assert done.returncode == 2
    assert "cannot read" in done.stderr.decode()


def test_process_reads_standard_input() -> None:
    done = run("evaluate", "--answers", "-", stdin=json.dumps(document()).encode())

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == evaluate_json(json.dumps(document()))


def test_process_writes_utf8_text_whatever_the_locale(answers_file: Any) -> None:
    path = answers_file(document())

    done = run(
        "evaluate",
        "--answers",
        path,
        "--format",
        "text",
        "--lang",
        "zh-hans",
        PYTHONIOENCODING="ascii",
    )

    assert done.returncode == 0, done.stderr
    text = done.stdout.decode("utf-8")
    assert contains_cjk(text)
    assert "后续步骤：" in text
