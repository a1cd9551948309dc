"""``haven report annual``: the bilingual annual statistics report as PDF or XLSX.

    haven report annual --year YYYY --out FILE [--format pdf|xlsx] [--user USERNAME]
                        [--organisation UUID | --country CC]

With ``--user`` the report covers what that user's dashboard covers (same policy, audited);
without it, the whole installation (the operator at the server), still counting only people
whose statistics consent is in force and withholding small numbers. Exit status 2 on bad input.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from uuid import UUID

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from haven.accounts import policy
from haven.accounts.models import Organisation
from haven.accounts.roles import Cap
from haven.audit.services import record
from haven.cases.htcds.cli import EXIT_BAD_INPUT, acting_user
from haven.stats import actions
from haven.stats.services.reports import documents


def _bad(message: str) -> CommandError:
    return CommandError(message, returncode=EXIT_BAD_INPUT)


class Command(BaseCommand):
    help = "Write the bilingual annual statistics report (PDF or XLSX)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["annual"], help="Report: annual.")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--out", required=True, metavar="FILE")
        parser.add_argument("--format", choices=["pdf", "xlsx"], help="Default: from --out.")
        parser.add_argument("--user", metavar="USERNAME", help="Act as (policy and audit).")
        parser.add_argument("--organisation", metavar="UUID", help="Report on one organisation.")
        parser.add_argument("--country", metavar="CC", help="Report on one country (ISO code).")

    def handle(self, *args: Any, **options: Any) -> None:
        out = options["out"]
        fmt = options["format"] or ("xlsx" if out.lower().endswith(".xlsx") else "pdf")
        user = acting_user(options["user"]) if options["user"] else None
        organisation = None
        if options["organisation"]:
            try:
                organisation = Organisation.objects.get(pk=UUID(options["organisation"]))
            except (ValueError, Organisation.DoesNotExist):
                raise _bad(f"no organisation {options['organisation']!r}") from None
        if user is not None and not policy.can(user, Cap.STATS_DASHBOARD, organisation):
            raise _bad(f"{user.username} may not see statistics (needs stats.dashboard).")
        country = (options["country"] or "").upper()
        pdf, xlsx = documents(
            actor=user,
            year=options["year"],
            organisation=organisation,
            country=country,
            everything=user is None,
            formats=(fmt,),
        )
        content = (pdf if fmt == "pdf" else xlsx) or b""
        try:
            Path(out).write_bytes(content)
        except OSError as exc:
            raise _bad(f"cannot write {out}: {exc.strerror or exc}") from None
        with transaction.atomic():
            record(
                actor=user,
                action=actions.REPORT_REQUESTED,
                organisation=organisation,
                details={"year": options["year"], "format": fmt, "command_line": True},
            )
        self.stdout.write(f"annual report {options['year']} ({fmt}) -> {out}")
