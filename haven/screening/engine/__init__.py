"""Haven screening engine: pure Python, no Django.

Instruments are versioned YAML files in ``haven/screening/instruments/``; the engine loads them
(:func:`default_registry`), applies the decision rule each names, and explains the result in
English and Simplified Chinese. Results record the instrument id and version and the engine's
:data:`RULE_VERSION`.

Typical use::

    from haven.screening.engine import ScreeningRequest, Subject, evaluate
    result = evaluate(ScreeningRequest("ilo-ec-2009-adult-labour", {"DR01": "yes"}, Subject(age=17)))
    result.outcome, result.to_json()

    evaluate_json(text)           # JSON interchange, raises ScreeningInputError on bad input
    render_text(result_json, "zh-hans")
"""

from .completeness import ChangePath, Completeness, RankedQuestion
from .errors import InstrumentError, ScreeningEngineError, ScreeningInputError
from .evaluate import (
    ScreeningRequest,
    ScreeningResult,
    Subject,
    evaluate,
    evaluate_json,
    evaluate_mapping,
    parse_request,
)
from .instruments import (
    LANGUAGES,
    Instrument,
    Item,
    Text,
    load_instrument,
)
from .registry import InstrumentRegistry, default_registry, get_instrument
from .render import render_text
from .rules import (
    ANSWERS,
    FIRST_CONTACT_OUTCOMES,
    OUTCOMES,
    RULE_VERSION,
    Answer,
    Assessment,
    DimensionResult,
    Elements,
    dimension_clause,
    outcome_rank,
)

__all__ = [
    "ANSWERS",
    "FIRST_CONTACT_OUTCOMES",
    "LANGUAGES",
    "OUTCOMES",
    "RULE_VERSION",
    "Answer",
    "Assessment",
    "ChangePath",
    "Completeness",
    "DimensionResult",
    "Elements",
    "Instrument",
    "InstrumentError",
    "InstrumentRegistry",
    "Item",
    "RankedQuestion",
    "ScreeningEngineError",
    "ScreeningInputError",
    "ScreeningRequest",
    "ScreeningResult",
    "Subject",
    "Text",
    "default_registry",
    "dimension_clause",
    "evaluate",
    "evaluate_json",
    "evaluate_mapping",
    "get_instrument",
    "load_instrument",
    "outcome_rank",
    "parse_request",
    "render_text",
]
