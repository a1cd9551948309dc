"""``haven retention show | run [--dry-run]``: apply the organisations' retention rules."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from haven.accounts.models import Organisation
from haven.cases.models import RetentionRule
from haven.cases.services.erasure import retention_due, retention_run


class Command(BaseCommand):
    help = "Show the retention rules, or erase identities whose retention period is over."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("show", help="List the rules and how many persons are due.")
        run = sub.add_parser("run", help="Erase the identities that are due.")
        run.add_argument(
            "--dry-run", action="store_true", help="Only count; erase nothing (do this first)."
        )
        run.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="Compute as if today were this date (YYYY-MM-DD).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "show":
            rules = RetentionRule.objects.select_related("organisation").order_by(
                "organisation__name"
            )
            if not rules:
                self.stdout.write("No retention rules: identity data is kept until erased.")
            for rule in rules:
                self.stdout.write(
                    f"{rule.organisation.name}: {rule.identity_years} years after closure, "
                    f"{retention_due(rule).count()} persons due now"
                )
            return
        result = retention_run(dry_run=options["dry_run"], today=options["today"])
        names = dict(Organisation.objects.filter(pk__in=list(result.due)).values_list("pk", "name"))
        for organisation_id, count in result.due.items():
            name = next((n for pk, n in names.items() if str(pk) == organisation_id), "?")
            self.stdout.write(f"{name}: {count} persons due")
        if result.dry_run:
            self.stdout.write("Dry run: nothing was erased. Run again without --dry-run to erase.")
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Erased the identity of {result.erased} persons.")
            )
