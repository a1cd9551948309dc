"""REST API of screening: evaluate answers with the screening engine.

The request and response are the engine's JSON interchange documents, the same as
``haven screen evaluate`` reads and prints (see :mod:`haven.screening.engine.evaluate`).
"""

from __future__ import annotations

import ast
import re
from typing import Final

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import UnsupportedMediaType
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.accounts.roles import Cap
from haven.api.permissions import requires
from haven.api.problems import problem
from haven.screening.engine import ANSWERS, LANGUAGES, ScreeningInputError, evaluate_json
from haven.screening.engine.evaluate import MAX_AGE, SEX_VALUES

# The field each engine problem is about, read from the problem's wording (tested in
# tests/test_api.py). A problem that matches none is about the whole document (field "").
_QUOTED = r"""('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
_FIELD_PATTERNS: Final = (
    (re.compile(rf"^unknown indicator ID {_QUOTED}"), "answers.{}"),
    (re.compile(r"^bad answer .* for (\S+): expected"), "answers.{}"),
    (re.compile(rf"^(?:missing|unexpected) key {_QUOTED}"), "{}"),
    (re.compile(r"^unexpected key (subject\.\S+);"), "{}"),
    (re.compile(r"^(subject\.\w+|instrument_version|instrument|answers|subject) must "), "{}"),
    (re.compile(r"^unknown instrument "), "instrument"),
    (re.compile(r"^instrument \S+ version "), "instrument_version"),
)


def problem_field(message: str) -> str:
    """The request field an engine problem message is about, "" for the whole document."""
    for pattern, field in _FIELD_PATTERNS:
        match = pattern.match(message)
        if match is None:
            continue
        if not match.groups():
            return field
        value = match.group(1)
        if value[:1] in "'\"":
            value = str(ast.literal_eval(value))
        return field.format(value)
    return ""


_SUBJECT = inline_serializer(
    "ScreeningSubject",
    fields={
        "age": serializers.IntegerField(
            required=False,
            allow_null=True,
            min_value=0,
            max_value=MAX_AGE,
            help_text="Age in whole years (the lowest plausible value when estimated), or null.",
        ),
        "age_uncertain": serializers.BooleanField(
            required=False, help_text="The age is an estimate; with no age, presumes a child."
        ),
        "sex": serializers.ChoiceField(choices=SEX_VALUES, required=False, allow_null=True),
    },
    required=False,
    allow_null=True,
)

REQUEST = inline_serializer(
    "ScreeningEvaluate",
    fields={
        "instrument": serializers.CharField(
            help_text="Instrument id, e.g. ilo-ec-2009-adult-labour."
        ),
        "instrument_version": serializers.CharField(
            required=False, help_text="When given, must be the installed version."
        ),
        "answers": serializers.DictField(
            child=serializers.ChoiceField(choices=ANSWERS),
            help_text="Indicator ID -> yes, no or unknown; unanswered means unknown.",
        ),
        "subject": _SUBJECT,
    },
)

_BY_LANGUAGE = serializers.DictField(
    child=serializers.CharField(), help_text=f"Text by language ({', '.join(LANGUAGES)})."
)

RESPONSE = inline_serializer(
    "ScreeningEvaluateResult",
    fields={
        "instrument": serializers.CharField(),
        "instrument_version": serializers.CharField(),
        "decision_rule": serializers.CharField(),
        "rule_version": serializers.CharField(),
        "outcome": serializers.CharField(),
        "child_rules_applied": serializers.BooleanField(),
        "dimensions": serializers.DictField(
            child=serializers.DictField(),
            help_text="Dimension id (DR, CR, ...) -> positive, yes (indicator IDs), rule, ...",
        ),
        "elements": serializers.DictField(
            child=serializers.BooleanField(), help_text="act, means, purpose."
        ),
        "unknown": serializers.ListField(child=serializers.CharField()),
        "outcome_could_change": serializers.BooleanField(),
        "explanation": _BY_LANGUAGE,
    },
)

EXAMPLE = OpenApiExample(
    "A 17-year-old, two answers",
    value={
        "instrument": "ilo-ec-2009-adult-labour",
        "answers": {"DR01": "yes", "EX01": "no"},
        "subject": {"age": 17, "age_uncertain": False},
    },
    request_only=True,
)


class EvaluateView(APIView):
    """Evaluate screening answers and return the engine's result document.

    Stateless: neither the answers nor the result are stored, so nothing personal is kept and
    no audit event is recorded (there is no stored record to create, change or read).
    """

    permission_classes = [requires(Cap.SCREENING_RUN, Cap.TRAINING_EXERCISE)]
    parser_classes = [JSONParser]

    @extend_schema(
        request=REQUEST,
        responses={200: RESPONSE},
        examples=[EXAMPLE],
        summary="Evaluate screening answers (stateless: nothing is stored)",
        description="The same JSON documents as `haven screen evaluate`. Bad input answers 400 "
        "with every problem in `errors`.",
    )
    def post(self, request: Request) -> Response:
        # The engine parses the body itself, strictly (duplicate keys, NaN), like the CLI.
        if self.get_content_negotiator().select_parser(request, self.get_parsers()) is None:
            raise UnsupportedMediaType(request.content_type)
        try:
            result = evaluate_json(request.body)
        except ScreeningInputError as exc:
            errors = [
                {"field": problem_field(message), "message": message, "code": "invalid"}
                for message in exc.problems
            ]
            return problem(400, _("The screening answers are not valid."), errors=errors)
        return Response(result)
