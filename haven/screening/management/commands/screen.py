"""``haven screen evaluate|instruments``: the screening engine on the command line.

``haven screen evaluate --answers FILE`` reads the JSON interchange document described in
:mod:`haven.screening.engine.evaluate` (``-`` reads standard input) and prints the engine's
result document: JSON (UTF-8, indented 2), or with ``--format text`` the explanation and next
steps in ``--lang``. ``haven screen instruments`` lists the installed instruments (id, version,
title). Output is always UTF-8, whatever the locale says.

Exit status: 0 on success; 2 on bad input (unreadable file, malformed JSON, unknown instrument
or indicator ID, bad answer value, ...) with every problem on standard error; 1 when the
installed instrument files are broken (not the user's fault).
"""

from __future__ import annotations

import codecs
import io
import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.screening.engine import (
    LANGUAGES,
    InstrumentError,
    ScreeningInputError,
    default_registry,
    evaluate_json,
    render_text,
)

EXIT_BAD_INPUT = 2
STDIN = "-"


def _bad_input(summary: str, problems: tuple[str, ...] = ()) -> CommandError:
    lines = [summary, *(f"  - {problem}" for problem in problems)]
    return CommandError("\n".join(lines), returncode=EXIT_BAD_INPUT)


def _read(source: str) -> bytes | str:
    """The document's bytes (the engine decodes UTF-8, with or without a byte-order mark)."""
    if source == STDIN:
        stream = sys.stdin
        buffer = getattr(stream, "buffer", None)
        return buffer.read() if buffer is not None else stream.read()
    try:
        with open(source, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise _bad_input(f"cannot read {source}: {exc.strerror or exc}") from None


def _utf8(stream: Any) -> None:
    """Make a real console stream write UTF-8 (the interchange format) in any locale."""
    encoding = getattr(stream, "encoding", None)
    if (
        isinstance(stream, io.TextIOWrapper)
        and encoding
        and codecs.lookup(encoding).name != "utf-8"
    ):
        stream.reconfigure(encoding="utf-8")


class Command(BaseCommand):
    help = (
        "Evaluate screening answers with the screening engine (evaluate --answers FILE, "
        "- for standard input), or list the installed instruments (instruments)."
    )
    # Stateless and quick: no database, nothing the system checks guard.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["evaluate", "instruments"])
        parser.add_argument(
            "--answers",
            metavar="FILE",
            help='evaluate: JSON document {"instrument": ..., "answers": {...}, "subject": '
            '{...}}; "-" reads standard input.',
        )
        parser.add_argument(
            "--format",
            choices=["json", "text"],
            default=None,
            help="Output format (evaluate: json by default; instruments: text by default).",
        )
        parser.add_argument(
            "--lang",
            choices=list(LANGUAGES),
            default="en",
            help="Language of text output and instrument titles.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        _utf8(sys.stdout)
        if options["action"] == "evaluate":
            if not options["answers"]:
                raise _bad_input("evaluate needs --answers FILE (- reads standard input).")
            self._evaluate(options["answers"], options["format"] or "json", options["lang"])
        else:
            if options["answers"]:
                raise _bad_input("--answers is only for evaluate.")
            self._instruments(options["format"] or "text", options["lang"])

    def _evaluate(self, source: str, output: str, lang: str) -> None:
        document = _read(source)
        try:
            result = evaluate_json(document)
        except ScreeningInputError as exc:
            name = "standard input" if source == STDIN else source
            raise _bad_input(
                f"{name}: the screening answers are not valid:", exc.problems
            ) from None
        except InstrumentError as exc:
            raise CommandError("the installed instruments are broken: " + str(exc)) from None
        if output == "text":
            self.stdout.write(render_text(result, lang), ending="")
        else:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))

    def _instruments(self, output: str, lang: str) -> None:
        try:
            instruments = list(default_registry())
        except InstrumentError as exc:
            raise CommandError("the installed instruments are broken: " + str(exc)) from None
        rows = [(i.id, i.version, i.title.get(lang)) for i in instruments]
        if output == "json":
            listing = [{"id": id_, "version": v, "title": title} for id_, v, title in rows]
            self.stdout.write(json.dumps(listing, ensure_ascii=False, indent=2))
            return
        id_width = max(len(row[0]) for row in rows)
        version_width = max(len(row[1]) for row in rows)
        for id_, version, title in rows:
            self.stdout.write(f"{id_:<{id_width}}  {version:<{version_width}}  {title}")
