"""``POST /api/v1/screening/evaluate``: who may call it, the same JSON as the CLI, every problem
of bad input as problem details, and nothing stored or audited."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from haven.accounts import services
from haven.accounts.roles import MATRIX, Cap, Role
from haven.audit.models import AuditEvent
from haven.screening.apis import problem_field
from haven.screening.engine import evaluate_json

URL = "/api/v1/screening/evaluate"
PROBLEM = "application/problem+json"
ILO_EC = "ilo-ec-2009-adult-labour"
CAPS = {Cap.SCREENING_RUN, Cap.TRAINING_EXERCISE}
ALLOWED = [r for r in Role if CAPS & set(MATRIX[r])]
REFUSED = [r for r in Role if not CAPS & set(MATRIX[r])]


def document(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "instrument": ILO_EC,
        "answers": {"DR01": "yes", "EX01": "no"},
        "subject": {"age": 17, "age_uncertain": False},
    }
    base.update(overrides)
    return base


def post(client: Any, body: dict[str, Any] | str, **extra: Any) -> Any:
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(URL, data, content_type="application/json", **extra)


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    return body


@pytest.fixture
def screener(world: Any, login: Any) -> Any:
    return login(world.user(Role.SCREENER))


def test_the_roles_are_the_ones_expected() -> None:
    assert set(ALLOWED) == {Role.SCREENER, Role.CASEWORKER, Role.COORDINATOR, Role.TRAINEE}


def test_anonymous_gets_401(db: Any, client: Any) -> None:
    response = post(client, document())

    assert_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Token")


@pytest.mark.parametrize("role", REFUSED)
def test_roles_without_the_capability_get_403(world: Any, login: Any, role: Role) -> None:
    assert_problem(post(login(world.user(role)), document()), 403)


@pytest.mark.parametrize("role", ALLOWED)
def test_roles_with_the_capability_evaluate(world: Any, login: Any, role: Role) -> None:
    response = post(login(world.user(role)), document())

    assert response.status_code == 200, response.content
    assert response.json()["child_rules_applied"] is True


def test_a_token_works_too(world: Any, client: Any) -> None:
    _instance, token = services.api_token_create(user=world.user(Role.SCREENER))

    response = post(client, document(), HTTP_AUTHORIZATION=f"Token {token}")

    assert response.status_code == 200, response.content


def test_same_json_as_the_cli(screener: Any, tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(document()), encoding="utf-8")
    out = io.StringIO()
    call_command("screen", "evaluate", "--answers", str(path), stdout=out)

    response = post(screener, document())

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == json.loads(out.getvalue())
    assert response.json() == evaluate_json(json.dumps(document()))


def test_adult_and_chinese_text(screener: Any) -> None:
    response = post(screener, document(subject={"age": 30, "age_uncertain": False}))

    body = response.json()
    assert body["child_rules_applied"] is False
    assert set(body["elements"]) == {"act", "means", "purpose"}
    assert "人口贩运" in response.content.decode("utf-8"), "UTF-8, not \\u escapes"


BAD = [
    pytest.param(
        document(instrument="ilo-ec-2009"),
        [("instrument", "unknown instrument 'ilo-ec-2009'")],
        id="unknown-instrument",
    ),
    pytest.param(
        document(instrument_version="9.9.9"),
        [("instrument_version", "version '9.9.9' requested")],
        id="wrong-version",
    ),
    pytest.param(
        document(answers={"DR99": "yes", "DR01": "maybe", "EX01": True}),
        [
            ("answers.DR99", "unknown indicator ID 'DR99'"),
            ("answers.DR01", "bad answer 'maybe' for DR01"),
            ("answers.EX01", "bad answer True for EX01"),
        ],
        id="answers",
    ),
    pytest.param(
        document(answers={"it's": "yes"}),
        [("answers.it's", 'unknown indicator ID "it\'s"')],
        id="quoted-indicator",
    ),
    pytest.param(
        document(answers=["DR01"]),
        [("answers", "answers must be an object")],
        id="answers-not-an-object",
    ),
    pytest.param(
        document(subject={"age": 200, "age_uncertain": "no", "sex": "x", "name": "A"}),
        [
            ("subject.name", "unexpected key subject.name"),
            ("subject.age", "subject.age must be between 0 and 130"),
            ("subject.age_uncertain", "subject.age_uncertain must be true or false"),
            ("subject.sex", "subject.sex must be one of"),
        ],
        id="subject",
    ),
    pytest.param(
        document(subject="17"),
        [("subject", "subject must be an object")],
        id="subject-not-an-object",
    ),
    pytest.param(
        {"answers": {}, "extra": 1, "instrument_version": 1},
        [
            ("extra", "unexpected key 'extra'"),
            ("instrument", "missing key 'instrument'"),
            ("instrument_version", "instrument_version must be a string"),
        ],
        id="keys",
    ),
    pytest.param(
        {"instrument": ILO_EC},
        [("answers", "missing key 'answers'")],
        id="missing-answers",
    ),
    pytest.param(
        document(instrument=""),
        [("instrument", "instrument must be a non-empty string")],
        id="empty-instrument",
    ),
    pytest.param('{"instrument": ', [("", "malformed JSON")], id="malformed-json"),
    pytest.param(" ", [("", "malformed JSON")], id="blank-body"),
    pytest.param('{"answers": {}, "answers": {}}', [("", "duplicate key")], id="duplicate"),
    pytest.param('{"answers": NaN}', [("", "NaN is not allowed")], id="nan"),
    pytest.param("[]", [("", "must be a JSON object")], id="not-an-object"),
]


@pytest.mark.parametrize(("body", "expected"), BAD)
def test_bad_input_is_400_listing_every_problem(
    screener: Any, body: Any, expected: list[tuple[str, str]]
) -> None:
    problem = assert_problem(post(screener, body), 400)

    assert problem["detail"] == "The screening answers are not valid."
    errors = problem["errors"]
    assert len(errors) == len(expected), errors
    for error, (field, text) in zip(errors, expected, strict=True):
        assert error["field"] == field
        assert text in error["message"]
        assert error["code"] == "invalid"


def test_not_json_is_415(screener: Any) -> None:
    response = screener.post(URL, {"instrument": ILO_EC})

    assert_problem(response, 415)


def test_get_is_not_allowed(screener: Any) -> None:
    assert_problem(screener.get(URL), 405)


def test_unknown_wording_is_about_the_whole_document() -> None:
    assert problem_field("something new went wrong") == ""


def test_nothing_is_stored_or_audited(screener: Any) -> None:
    before = AuditEvent.objects.count()

    assert post(screener, document()).status_code == 200
    assert post(screener, document(answers={"DR99": "yes"})).status_code == 400
    assert post(screener, "{").status_code == 400

    assert AuditEvent.objects.count() == before


def test_schema_describes_the_operation(screener: Any) -> None:
    schema = screener.get("/api/schema/", {"format": "json"}).json()

    operation = schema["paths"][URL]["post"]
    assert operation["summary"]
    content = operation["requestBody"]["content"]["application/json"]
    example = next(iter(content["examples"].values()))["value"]
    assert post(screener, example).status_code == 200
    request = schema["components"]["schemas"]["ScreeningEvaluateRequest"]
    assert {"instrument", "answers"} <= set(request["required"])
    assert "200" in operation["responses"]
