"""``haven encodings [--check]``: (re)build the duplicate-warning encodings of persons that
have none (registered before encodings existed) or one made under an old key (after
``haven rotate-keys``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from haven.cases import duplicates


class Command(BaseCommand):
    help = "Re-encode persons whose duplicate-warning encoding is missing or under an old key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="Only count; change nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["check"]:
            count = duplicates.stale_persons().count()
            self.stdout.write(f"{count} persons need a new encoding.")
            return
        count = duplicates.refresh()
        self.stdout.write(self.style.SUCCESS(f"Re-encoded {count} persons."))
