"""``haven demo [--scale N]``: load the bilingual synthetic demo data (idempotent).

Each Haven app may have a ``demo`` module with ``load(out, scale)``; they run in the order of
INSTALLED_APPS, so upstream data (organisations, users) exists before downstream data.
"""

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser

from haven.accounts.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Load bilingual synthetic demo data (safe to run again)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            help="Also generate bulk synthetic data of about this size.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        logins: list[tuple[str, str, str]] = []
        for config in apps.get_app_configs():
            if not config.name.startswith("haven."):
                continue
            module_name = f"{config.name}.demo"
            if find_spec(module_name) is None:
                continue
            result = import_module(module_name).load(self.stdout, options["scale"])
            if result:
                logins.extend(result)
        self.stdout.write(self.style.SUCCESS("Demo data loaded (all of it synthetic)."))
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        width = max(len(u) for u, _o, _r in logins)
        for username, org, role in logins:
            self.stdout.write(f"  {username:<{width}}  {role:<45}  {org}")
