"""``haven export ctdc`` (the ``ctdc`` standard of the cases app's ``export`` command
delegates here): the anonymised CTDC file of the cases in reach with statistics consent.

    haven export ctdc [--k 11] --out FILE [--user USERNAME]

With ``--user``: the cases that user may export (``stats.export_anonymised``), audited as them.
Without: every case of the installation (the operator at the server), audited without an
actor. Prints the records retained and suppressed. Exit status 2 on bad input.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from haven.cases.htcds.cli import EXIT_BAD_INPUT, acting_user
from haven.stats.services.export import ctdc_file


def export_ctdc(command: BaseCommand, options: dict[str, Any]) -> None:
    user = acting_user(options["user"]) if options.get("user") else None
    try:
        result = ctdc_file(actor=user, k=options.get("k") or 11, everything=user is None)
    except PermissionDenied:
        raise CommandError(
            f"{user.username if user else '?'} may not make anonymised exports "
            "(needs stats.export_anonymised).",
            returncode=EXIT_BAD_INPUT,
        ) from None
    except ValidationError as exc:
        raise CommandError("; ".join(exc.messages), returncode=EXIT_BAD_INPUT) from None
    out = options["out"]
    if out == "-":
        sys.stdout.buffer.write(result.content)
        sys.stdout.flush()
        return
    try:
        Path(out).write_bytes(result.content)
    except OSError as exc:
        raise CommandError(
            f"cannot write {out}: {exc.strerror or exc}", returncode=EXIT_BAD_INPUT
        ) from None
    report = result.report
    command.stdout.write(
        f"{report['records_out']} of {report['records_in']} records retained "
        f"({report['suppressed_records']} suppressed), k={report['k']} -> {out}"
    )
