"""``haven import htcds``: import the cases of an HTCDS 2.0 file (IOM's Excel layout or CSV).

    haven import htcds FILE --user USERNAME [--organisation ORG_UUID] [--dry-run]
                            [--skip-duplicates] [--format xlsx|csv]

The command acts as ``USERNAME`` (who must be allowed to register, edit and move cases in the
organisation), so the same policy, validation and audit apply as in the web UI. All or
nothing: if any row is bad nothing is written. ``--dry-run`` checks and reports without
writing; ``--skip-duplicates`` leaves out rows flagged as likely duplicates. ``FILE`` ``-``
reads standard input. The report is in the user's language.

Exit status: 0 on success (the report, with duplicate warnings, on standard output); 2 on bad
input (unknown user or organisation, no permission, unreadable file, any bad row) with the
report on standard error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from haven.cases.htcds import FORMATS, import_cases
from haven.cases.htcds.cli import EXIT_BAD_INPUT, acting_user, format_of, organisation_for


class Command(BaseCommand):
    help = "Import cases from an HTCDS 2.0 file (IOM's Excel layout or CSV), all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("standard", choices=["htcds"], help="Data standard: htcds (2.0).")
        parser.add_argument("file", metavar="FILE", help='.xlsx or .csv; "-" for stdin.')
        parser.add_argument("--user", required=True, metavar="USERNAME", help="Act as.")
        parser.add_argument("--organisation", metavar="ORG_UUID", default=None)
        parser.add_argument("--format", choices=FORMATS, default=None)
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing.")
        parser.add_argument(
            "--skip-duplicates", action="store_true", help="Leave out likely duplicates."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options["user"])
        organisation = organisation_for(user, options["organisation"])
        source = options["file"]
        fmt = format_of(source, options["format"]) if source != "-" else options["format"]
        if fmt is None:
            raise CommandError("give --format when reading stdin", returncode=EXIT_BAD_INPUT)
        try:
            data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
        except OSError as exc:
            raise CommandError(
                f"cannot read {source}: {exc.strerror or exc}", returncode=EXIT_BAD_INPUT
            ) from None
        with translation.override(user.language):
            try:
                report = import_cases(
                    user,
                    organisation,
                    data,
                    fmt,
                    dry_run=options["dry_run"],
                    skip_duplicates=options["skip_duplicates"],
                )
            except PermissionDenied:
                raise CommandError(
                    f"{user.username} may not import cases into this organisation "
                    "(needs cases.register, cases.edit and cases.transition).",
                    returncode=EXIT_BAD_INPUT,
                ) from None
            lines = report.lines()
        if not report.ok:
            for line in lines[1:]:
                self.stderr.write(line)
            raise CommandError(lines[0], returncode=EXIT_BAD_INPUT)
        for line in lines:
            self.stdout.write(line)
        for row, reference in report.row_references.items():
            self.stdout.write(f"{row} -> {reference}")
