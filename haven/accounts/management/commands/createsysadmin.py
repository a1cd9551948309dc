"""``haven createsysadmin``: the first organisation and system administrator of a new
installation."""

import getpass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.accounts import services
from haven.accounts.models import Organisation


class Command(BaseCommand):
    help = "Create the first organisation and its system administrator."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", required=True, help="Organisation name.")
        parser.add_argument("--kind", default="government", choices=Organisation.Kind.values)
        parser.add_argument("--country", required=True, help="ISO 3166-1 code, e.g. CN.")
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--no-password",
            action="store_true",
            help="Do not ask for a password; print a set-password path.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password = None
        if not options["no_password"]:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords differ.")
        try:
            user = services.bootstrap_sysadmin(
                organisation_name=options["organisation"],
                kind=options["kind"],
                country=options["country"].upper(),
                username=options["username"],
                password=password,
                email=options["email"],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"System administrator {user.username} created."))
        if password is None:
            self.stdout.write("Set the password at: " + services.password_link_path(user))
