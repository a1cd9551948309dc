"""Plain-text rendering of a screening result (``haven screen evaluate --format text``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from .errors import InstrumentError, ScreeningInputError
from .evaluate import ScreeningResult
from .instruments import LANGUAGES
from .registry import InstrumentRegistry, default_registry

_HEADINGS: Final = {
    "en": {
        "questions": "Questions to ask next (most important first):",
        "steps": "Next steps:",
    },
    "zh-hans": {
        "questions": "接下来要问的问题（最重要的在前）：",
        "steps": "后续步骤：",
    },
}
MAX_QUESTIONS: Final = 8


def render_text(
    result: ScreeningResult | Mapping[str, Any],
    lang: str = "en",
    *,
    registry: InstrumentRegistry | None = None,
) -> str:
    """Render a result (object or JSON document) as text in ``lang`` ("en" or "zh-hans")."""
    if lang not in LANGUAGES:
        raise ScreeningInputError(
            f"unsupported language {lang!r}; expected one of {', '.join(LANGUAGES)}"
        )
    data = result.to_json() if isinstance(result, ScreeningResult) else result
    try:
        explanation = data["explanation"][lang]
        next_steps = data.get("next_steps", [])
        important = data.get("most_important_unknown", [])
        instrument_id = data["instrument"]
    except (KeyError, TypeError) as exc:
        raise ScreeningInputError(f"not a screening result document: missing {exc}") from None
    headings = _HEADINGS[lang]
    lines = [explanation]
    if important:
        registry = registry or default_registry()
        try:
            instrument = registry.get(instrument_id)
        except InstrumentError:
            instrument = None
        lines += ["", headings["questions"]]
        for item_id in important[:MAX_QUESTIONS]:
            if instrument is not None and instrument.has_item(item_id):
                item = instrument.item(item_id)
                label = item.label.get(lang)
                question = item.questions[0].get(lang)
                colon = "：" if lang == "zh-hans" else ": "
                lines.append(f"  {item_id} {label}{colon}{question}")
            else:
                lines.append(f"  {item_id}")
        if len(important) > MAX_QUESTIONS:
            lines.append(f"  (+{len(important) - MAX_QUESTIONS})")
    if next_steps:
        lines += ["", headings["steps"]]
        lines += [f"  {i}. {step[lang]}" for i, step in enumerate(next_steps, start=1)]
    return "\n".join(lines) + "\n"
