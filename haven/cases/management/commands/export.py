"""``haven export htcds``: the cases a user may export, as an HTCDS 2.0 file.

    haven export htcds [--format xlsx|csv] --out FILE --user USERNAME

The command acts as ``USERNAME`` (an active user with ``cases.export_htcds``), so the same
policy and audit apply as in the web UI: the file holds the cases of that user's
organisation(s) and one ``case.exported`` audit event is written. ``--out -`` writes the file
to standard output. Exit status: 0 on success; 2 on bad input (unknown user, no permission,
unwritable file) with the reason on standard error.

``haven export ctdc [--k 11] --out FILE [--user USERNAME]`` (anonymised CTDC file) is the stats
app's: see ``haven/stats/cli.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from haven.cases.htcds import FORMATS, build_export
from haven.cases.htcds.cli import EXIT_BAD_INPUT, acting_user


class Command(BaseCommand):
    help = "Export the cases a user may see as an HTCDS 2.0 file (IOM's Excel layout or CSV)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "standard",
            choices=["htcds", "ctdc"],
            help="Data standard: htcds (2.0), or ctdc (anonymised; see haven.stats.cli).",
        )
        parser.add_argument("--format", choices=FORMATS, default="xlsx")
        parser.add_argument("--k", type=int, default=11, help="ctdc: k-anonymity (default 11).")
        parser.add_argument("--out", required=True, metavar="FILE", help='"-" for stdout.')
        parser.add_argument("--user", metavar="USERNAME", help="Act as (required for htcds).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["standard"] == "ctdc":
            from haven.stats.cli import export_ctdc

            export_ctdc(self, options)
            return
        if not options["user"]:
            raise CommandError("htcds: --user is required.", returncode=EXIT_BAD_INPUT)
        user = acting_user(options["user"])
        with translation.override(user.language):
            try:
                export = build_export(user, options["format"])
            except PermissionDenied:
                raise CommandError(
                    f"{user.username} may not export HTCDS files (needs cases.export_htcds).",
                    returncode=EXIT_BAD_INPUT,
                ) from None
        if options["out"] == "-":
            sys.stdout.buffer.write(export.content)
            sys.stdout.flush()
            return
        try:
            Path(options["out"]).write_bytes(export.content)
        except OSError as exc:
            raise CommandError(
                f"cannot write {options['out']}: {exc.strerror or exc}", returncode=EXIT_BAD_INPUT
            ) from None
        self.stdout.write(f"{export.count} cases -> {options['out']}")
