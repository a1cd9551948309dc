"""``haven restore FILE``: replace the database and documents with a backup's content."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.ops import backup


class Command(BaseCommand):
    help = "Restore a backup written by `haven backup` (replaces the current data)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Backup file.")
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask for confirmation (scripts)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            manifest, _tar = backup.read(path)
        except (OSError, backup.BackupError) as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest.tables.values())
        self.stdout.write(
            f"Backup of {manifest.created} ({manifest.vendor}): {len(manifest.tables)} tables, "
            f"{rows} rows, {len(manifest.files)} documents."
        )
        if not options["yes"]:
            answer = input("This replaces ALL current data with the backup. Type 'restore': ")
            if answer.strip() != "restore":
                raise CommandError("Nothing was restored.")
        try:
            backup.restore(path)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS("Restored."))
