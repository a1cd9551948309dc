"""``haven rotate-keys``: re-encrypt identity data under the primary key; rebuild blind indexes.

Rotation: add a new key in front of HAVEN_FIELD_KEYS (or make it ``primary`` in the keys file),
keep the old ones, run this command, then remove the old keys once ``--check`` shows none left.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from haven.core.keys import rotate


class Command(BaseCommand):
    help = "Re-encrypt every encrypted value under the primary key and rebuild blind indexes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check", action="store_true", help="Only report values per key id; change nothing."
        )
        parser.add_argument(
            "--no-reindex", action="store_true", help="Do not recompute blind indexes."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        reports = rotate(dry_run=options["check"], reindex=not options["no_reindex"])
        verb = "would rewrite" if options["check"] else "rewrote"
        for r in reports:
            keys = ", ".join(f"{kid}: {n}" for kid, n in sorted(r.values_by_key.items())) or "-"
            self.stdout.write(
                f"{r.label}: {r.rows} rows; values by key [{keys}]; {verb} {r.rewritten}"
            )
        self.stdout.write(self.style.SUCCESS("Done."))
