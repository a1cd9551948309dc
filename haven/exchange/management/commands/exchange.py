"""``haven exchange <command>``: this node's identity and keys, partners, deliveries.

haven exchange init --name NAME --country CC --endpoint https://...
haven exchange show                      identifier, address and fingerprint
haven exchange jwks                      the published key set (JSON)
haven exchange rotate                    new keys; the old stay published
haven exchange partner-add --user ADMIN (--url URL | --jwks FILE) --fingerprint F
haven exchange deliver [--all]           send the waiting outbox now
haven exchange receive FILE              receive a message file (air-gapped transfer)
haven exchange purge                     erase unanswered data past its retention
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.accounts.models import User
from haven.exchange import services
from haven.exchange.vocab import DeliveryMethod


def _user(username: str) -> User:
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"No active user {username!r}.")
    return user


def _messages(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
    return "; ".join(exc.messages)


class Command(BaseCommand):
    help = "Cross-border exchange: this node's keys, partners and message delivery."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        init = sub.add_parser("init", help="Create this node's identity and key pairs.")
        init.add_argument("--name", required=True)
        init.add_argument("--country", required=True, help="ISO 3166-1 code, e.g. CN.")
        init.add_argument("--endpoint", required=True, help="Public address, https://...")
        sub.add_parser("show", help="Print this node's identifier, address and fingerprint.")
        sub.add_parser("jwks", help="Print the published key set.")
        sub.add_parser("rotate", help="New current keys; old keys stay published.")
        add = sub.add_parser("partner-add", help="Register a partner node.")
        add.add_argument("--user", required=True, help="A system administrator (audited).")
        source = add.add_mutually_exclusive_group(required=True)
        source.add_argument("--url", help="The partner's address (its keys are fetched).")
        source.add_argument("--jwks", help="A file with the partner's key set.")
        add.add_argument("--fingerprint", required=True, help="As given out of band.")
        add.add_argument(
            "--delivery", default=DeliveryMethod.NETWORK, choices=DeliveryMethod.values
        )
        deliver = sub.add_parser("deliver", help="Deliver waiting messages now.")
        deliver.add_argument("--all", action="store_true", help="Also those not yet due.")
        receive = sub.add_parser("receive", help="Receive a message file.")
        receive.add_argument("file")
        sub.add_parser("purge", help="Erase unanswered data past the agreement's retention.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"].replace("-", "_")
        try:
            getattr(self, f"do_{action}")(options)
        except ValidationError as exc:
            raise CommandError(_messages(exc)) from exc
        except PermissionDenied as exc:
            raise CommandError("This user may not manage partner nodes.") from exc

    def do_init(self, options: dict[str, Any]) -> None:
        node = services.node_init(
            actor=None,
            name=options["name"],
            country=options["country"],
            endpoint=options["endpoint"],
        )
        self.stdout.write(self.style.SUCCESS(f"Node {node.node_id} initialised."))
        self.do_show(options)

    def do_show(self, options: dict[str, Any]) -> None:
        node = services.node_get()
        if node is None:
            raise CommandError("This node is not initialised: run haven exchange init.")
        self.stdout.write(f"node:        {node.node_id}")
        self.stdout.write(f"name:        {node.name} ({node.country})")
        self.stdout.write(f"endpoint:    {node.endpoint}")
        self.stdout.write(f"keys:        {node.endpoint}/api/v1/exchange/jwks")
        self.stdout.write(f"fingerprint: {services.fingerprint()}")

    def do_jwks(self, options: dict[str, Any]) -> None:
        self.stdout.write(json.dumps(services.jwks(), indent=2))

    def do_rotate(self, options: dict[str, Any]) -> None:
        keys = services.node_rotate(actor=None)
        self.stdout.write(self.style.SUCCESS("New keys: " + ", ".join(k.kid for k in keys)))
        self.stdout.write(f"fingerprint: {services.fingerprint()}")
        self.stdout.write("Give the new fingerprint to every partner's administrator.")

    def do_partner_add(self, options: dict[str, Any]) -> None:
        actor = _user(options["user"])
        if options["jwks"]:
            try:
                document = json.loads(Path(options["jwks"]).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CommandError(f"Cannot read the key set: {exc}") from exc
        else:
            document = services.fetch_document(options["url"])
        partner = services.partner_register(
            actor=actor,
            document=document,
            fingerprint=options["fingerprint"],
            delivery=options["delivery"],
        )
        self.stdout.write(
            self.style.SUCCESS(f"Partner {partner.name} ({partner.node_id}) registered.")
        )
        self.stdout.write(f"id: {partner.pk}")

    def do_deliver(self, options: dict[str, Any]) -> None:
        counts = services.deliver_due(everything=options["all"])
        summary = ", ".join(f"{state or 'none'}: {n}" for state, n in sorted(counts.items()))
        self.stdout.write(summary or "Nothing to deliver.")

    def do_receive(self, options: dict[str, Any]) -> None:
        try:
            token = Path(options["file"]).read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read the file: {exc}") from exc
        try:
            outcome = services.receive(token)
        except services.RejectedError as exc:
            services.record_rejection(exc, via="cli")
            raise CommandError(f"Refused ({exc.code}): {exc.detail}") from exc
        self.stdout.write(
            self.style.SUCCESS(f"Received {outcome.message.type} {outcome.message.jti}.")
        )

    def do_purge(self, options: dict[str, Any]) -> None:
        count = services.purge_expired()
        self.stdout.write(f"Erased the data of {count} unanswered referrals past retention.")
