"""Two Haven nodes for the whole-path journey (``e2e/test_whole_path.py``), built on the
two-node exchange test's ``Node``: node A in China with one user per role of the path and a
shelter organisation with a shelter, node B in the Netherlands with a coordinator.

To keep the journey's budget, A's database is migrated once and B starts from a copy; both are
then seeded (one process each) while their servers start, and connected through the API as in
``e2e/test_exchange_two_nodes.py``: each registers the other after checking the fingerprint
its console printed, and both record the same agreement.

The nodes use the suite's kind of database: a SQLite file each by default; when
``DATABASE_URL`` points at PostgreSQL, a database each named after that one
(``<name>_node_a_<random>``), dropped when the nodes stop. ``e2e/node_settings.py`` serves
the static files without ``collectstatic``; a small-cell threshold of 2 lets one more person
show on the statistics dashboard.
"""

from __future__ import annotations

import datetime
import os
import secrets
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from e2e.exchange_nodes import PASSWORD, ROOT, Node, agreement_terms

SMALL_CELL = 2
SEEDED_STATISTICS_CASES = SMALL_CELL  # the dashboard shows exact counts from k upwards


@dataclass(frozen=True)
class Spec:
    country: str
    organisation: str
    organisation_zh: str
    users: dict[str, str]  # user name -> role
    shelter: bool = False


SPECS = {
    "A": Spec(
        country="CN",
        organisation="Anti-Trafficking Unit A (synthetic)",
        organisation_zh="反拐工作组甲（虚构）",
        users={
            "coord": "coordinator",
            "screener": "screener",
            "caseworker": "caseworker",
            "analyst": "analyst",
        },
        shelter=True,
    ),
    "B": Spec(
        country="NL",
        organisation="Counselling Centre B (synthetic)",
        organisation_zh="咨询中心乙（虚构）",
        users={"coord": "coordinator"},
    ),
}
SHELTER_ORGANISATION = ("Harbour Shelter Foundation (synthetic)", "港湾庇护基金会（虚构）")
SHELTER = ("Harbour House (synthetic)", "港湾之家（虚构）")
SHELTER_MANAGER = "shelter"
LANGUAGES = ("en", "zh-hans")


def username(name: str, language: str) -> str:
    """Each person of the path exists once per language, with that language as preference."""
    return name if language == "en" else f"{name}_{language.replace('-', '_')}"


def node_name(label: str) -> str:
    return f"Haven node {label} (synthetic)"


def seed(label: str, endpoint: str) -> None:
    """Run inside the node (``haven shell``): create the organisations and users, the shelter
    and a few counted cases through the services, make the node; print the organisation's id
    and the node's fingerprint."""
    from django.db import transaction

    from haven.accounts import services as accounts
    from haven.cases import services as cases
    from haven.cases.models import Purpose
    from haven.exchange import services as exchange
    from haven.referrals.tests.factories import publish
    from haven.shelters.tests.factories import make_shelter

    spec = SPECS[label]
    with transaction.atomic():
        admin = accounts.bootstrap_sysadmin(
            organisation_name=f"Haven node {label} operator (synthetic)",
            kind="government",
            country=spec.country,
            username="admin",
            password=PASSWORD,
            full_name="Node administrator (synthetic)",
        )

        def organisation(name: str, name_zh: str, kind: str) -> Any:
            return accounts.organisation_create(
                actor=admin,
                name=name,
                kind=kind,
                country=spec.country,
                name_translations={"zh-hans": name_zh},
            )

        def user(org: Any, name: str, role: str) -> Any:
            for language in LANGUAGES:
                created = accounts.user_create(
                    actor=admin,
                    organisation=org,
                    username=username(name, language),
                    roles=[role],
                    full_name=f"{role} {label} (synthetic)",
                    email=f"{username(name, language)}.{label.lower()}@example.org",
                    language=language,
                ).user
                created.set_password(PASSWORD)
                created.save(update_fields=["password"])
            return created

        org = organisation(spec.organisation, spec.organisation_zh, "police")
        users = {name: user(org, name, role) for name, role in spec.users.items()}
        if spec.shelter:
            shelter_org = organisation(*SHELTER_ORGANISATION, "shelter_provider")
            manager = user(shelter_org, SHELTER_MANAGER, "shelter_manager")
            publish(manager, shelter_org, languages=["zh-hans", "en"])
            make_shelter(
                manager,
                shelter_org,
                name=SHELTER[0],
                name_translations={"zh-hans": SHELTER[1]},
                type="mixed",
            )
            for number in range(SEEDED_STATISTICS_CASES):
                person = cases.person_register(
                    actor=users["caseworker"],
                    organisation=org,
                    family_name=f"Counted {number} (synthetic)",
                    sex="Feminine",
                    estimated_age=30,
                )
                case = cases.case_open(
                    actor=users["caseworker"],
                    person=person,
                    identified_on=datetime.date(2025, 6, 1),
                    exploitation_types=["ForcedLabour"],
                )
                cases.consent_record(
                    actor=users["caseworker"],
                    case=case,
                    purpose=Purpose.STATISTICS,
                    given=True,
                    method="written",
                    language="en",
                )
        exchange.node_init(
            actor=None,
            name=node_name(label),
            country=spec.country,
            endpoint=endpoint,
        )
    print(f"ORG={org.pk}")  # noqa: T201  (read by the test)
    print(f"FINGERPRINT={exchange.fingerprint()}")  # noqa: T201


def node_keys() -> dict[str, str]:
    """A node's own keys, given to each of its processes (seeding and serving start at
    once: keys generated under var/ by the first of them would race)."""
    from haven.core.config import new_key

    return {
        "HAVEN_SECRET_KEY": secrets.token_urlsafe(50),
        "HAVEN_FIELD_KEYS": f"k1:{new_key()}",
        "HAVEN_INDEX_KEY": new_key(),
    }


@dataclass
class PathNode(Node):
    database_url: str = ""
    keys: dict[str, str] = field(default_factory=node_keys)
    seeded: dict[str, str] = field(default_factory=dict)

    @property
    def env(self) -> dict[str, str]:
        env = super().env
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "e2e.node_settings",
                "PYTHONPATH": str(ROOT),
                "HAVEN_STATS_SMALL_CELL": str(SMALL_CELL),
                **self.keys,
            }
        )
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return env

    def prepare(self) -> None:
        """Seed the (migrated) database; the organisation's id and the fingerprint are read
        from the node's console."""
        code = f"from e2e.whole_path_nodes import seed; seed({self.label!r}, {self.base!r})"
        output = self.haven("shell", "-c", code).stdout
        self.seeded = {
            key: value
            for key, _sep, value in (line.partition("=") for line in output.splitlines())
            if key in ("ORG", "FINGERPRINT")
        }
        self.organisation_id = self.seeded["ORG"]


@contextmanager
def postgres_databases(labels: list[str]) -> Iterator[dict[str, str]]:
    """When the suite runs on PostgreSQL, the names of a database per node (not created yet);
    they are dropped at the end. Else nothing: the nodes use SQLite files."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield {}
        return
    import psycopg

    parts = urlsplit(url)
    stem = parts.path.lstrip("/") or "haven"
    token = secrets.token_hex(3)
    names = {label: f"{stem}_node_{label.lower()}_{token}" for label in labels}
    try:
        yield {label: urlunsplit(parts._replace(path=f"/{name}")) for label, name in names.items()}
    finally:
        with psycopg.connect(_maintenance(url), autocommit=True) as connection:
            for name in names.values():
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _maintenance(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


def _database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def migrate_once(a: PathNode, b: PathNode) -> None:
    """Migrate A's empty database, and give B a copy (migrating takes long)."""
    for node in (a, b):
        if node.root.exists():
            shutil.rmtree(node.root)
        node.root.mkdir(parents=True)
    if a.database_url:
        import psycopg

        with psycopg.connect(_maintenance(a.database_url), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{_database_name(a.database_url)}"')
            a.haven("migrate", "--noinput")
            connection.execute(
                f'CREATE DATABASE "{_database_name(b.database_url)}" '
                f'TEMPLATE "{_database_name(a.database_url)}"'
            )
        return
    a.haven("migrate", "--noinput")
    for suffix in ("", "-wal"):  # the write-ahead log, if not yet checkpointed
        source = a.root / f"haven.sqlite3{suffix}"
        if source.exists():
            shutil.copyfile(source, b.root / source.name)


def connect(a: PathNode, b: PathNode) -> None:
    """Each node registers the other with the fingerprint read on its console, then both
    record the same agreement (``exchange_nodes.connect`` does the same, with A's side on
    the command line: one process more)."""
    for ours, theirs in ((a, b), (b, a)):
        token = ours.token("admin")
        response = ours.api(
            "post",
            "exchange/partners/",
            token,
            {"url": theirs.base, "fingerprint": theirs.seeded["FINGERPRINT"]},
        )
        response.raise_for_status()
        terms = agreement_terms(ours, response.json()["id"], theirs)
        ours.api("post", "exchange/agreements/", token, terms).raise_for_status()


@contextmanager
def running_nodes(root: Path) -> Iterator[tuple[PathNode, PathNode]]:
    """Nodes A and B migrated, seeded, started and connected; stopped (and their databases
    dropped) afterwards."""
    with postgres_databases(list(SPECS)) as urls:
        a, b = (
            PathNode(
                label,
                SPECS[label].country,
                SPECS[label].organisation,
                root / f"node-{label.lower()}",
                database_url=urls.get(label, ""),
            )
            for label in SPECS
        )
        try:
            migrate_once(a, b)
            # Seeding and starting at once: a server answers once its node is made.
            with ThreadPoolExecutor(max_workers=4) as pool:
                steps = [pool.submit(step) for step in (a.prepare, b.prepare, a.start, b.start)]
                for future in steps:
                    future.result()
            connect(a, b)
            yield a, b
        finally:
            for node in (a, b):
                node.stop()
