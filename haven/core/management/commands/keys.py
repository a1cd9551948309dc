"""``haven keys generate``: print a new random 32-byte key (base64) for the configuration."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from haven.core.config import new_key


class Command(BaseCommand):
    help = "Generate keys for HAVEN_FIELD_KEYS / HAVEN_INDEX_KEY."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["generate"])

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(new_key())
