"""``haven backup --out FILE``: an encrypted, consistent backup of the database and documents."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.ops import backup


class Command(BaseCommand):
    help = "Write an encrypted backup of the database and the uploaded documents."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, type=Path, help="Backup file to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup.create(options["out"])
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest.tables.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {options['out']}: {len(manifest.tables)} tables, "
                f"{rows} rows, {len(manifest.files)} documents ({manifest.vendor})."
            )
        )
