"""Two real Haven nodes on loopback, each with its own SQLite file, var directory and keys.

Used by ``e2e/test_exchange_two_nodes.py``, and by hand::

    .venv/bin/python e2e/exchange_nodes.py            # start both, connect them, wait for Ctrl-C

By hand it prints both addresses and the logins (``admin`` and ``coord``, password below),
keeps a ``haven db_worker`` running for each node so that messages travel in the background,
and stops everything cleanly on Ctrl-C. Node A is in China, node B in Germany; each has
registered the other after checking its fingerprint (read with ``haven exchange show``, the
out-of-band step), and both recorded the same agreement.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parent.parent
HAVEN = str(Path(sys.executable).parent / "haven")  # the haven of this virtualenv
PASSWORD = "correct horse battery staple 42"
COMMAND_TIMEOUT = 180
START_TIMEOUT = 90
AGREEMENT = "CN-DE-E2E-2026"
FIELDS = [
    "family_name",
    "given_names",
    "birth_date",
    "sex",
    "languages",
    "child",
    "exploitation_types",
    "message",
]

SETUP_USERS = """
from haven.accounts import services
from haven.accounts.models import RoleGrant
admin = services.bootstrap_sysadmin(
    organisation_name={org!r}, kind="police", country={country!r}, username="admin",
    password={password!r}, full_name="Node administrator (synthetic)")
org = admin.memberships.get().organisation
invitation = services.user_create(
    actor=admin, organisation=org, username="coord", roles=["coordinator"],
    full_name="Coordinator (synthetic)", email="coord@example.org")
invitation.user.set_password({password!r})
invitation.user.save()
print("ORG=" + str(org.pk))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Node:
    label: str
    country: str
    organisation_name: str
    root: Path
    port: int = field(default_factory=free_port)
    organisation_id: str = ""
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("HAVEN_", "DJANGO_"))}
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "haven.settings",
                "HAVEN_DEMO": "on",
                "HAVEN_VAR_DIR": str(self.root),
                "DATABASE_URL": f"sqlite:///{self.root / 'haven.sqlite3'}",
                "HAVEN_LOG_LEVEL": "WARNING",
                "PYTHONUNBUFFERED": "1",
            }
        )
        return env

    def haven(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(  # noqa: S603  (our own console script)
            [HAVEN, *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT,
            check=False,
        )
        if check and result.returncode != 0:
            raise RuntimeError(f"{self.label}: haven {' '.join(args)} failed:\n{result.stderr}")
        return result

    def prepare(self) -> None:
        if self.root.exists():
            shutil.rmtree(self.root)
        self.root.mkdir(parents=True)
        self.haven("migrate", "--noinput")
        code = SETUP_USERS.format(
            org=self.organisation_name, country=self.country, password=PASSWORD
        )
        output = self.haven("shell", "-c", code).stdout
        self.organisation_id = next(
            line.split("=", 1)[1] for line in output.splitlines() if line.startswith("ORG=")
        )
        self.haven(
            "exchange", "init", "--name", f"Haven node {self.label} (synthetic)",
            "--country", self.country, "--endpoint", self.base,
        )  # fmt: skip

    def fingerprint(self) -> str:
        """Read on the node's own console: what its administrator tells the partner."""
        output = self.haven("exchange", "show").stdout
        return next(
            line.split(":", 1)[1].strip()
            for line in output.splitlines()
            if line.startswith("fingerprint:")
        )

    def start(self) -> None:
        log = open(self.root / "server.log", "wb")  # noqa: SIM115  (closed with the process)
        server = subprocess.Popen(  # noqa: S603
            [HAVEN, "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{self.port}"],
            env=self.env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append(server)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise RuntimeError(
                    f"{self.label}: the server stopped; see {self.root / 'server.log'}"
                )
            try:
                if requests.get(self.base + "/api/v1/exchange/jwks", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"{self.label}: the server did not start in {START_TIMEOUT} s")

    def start_worker(self) -> None:
        worker = subprocess.Popen(  # noqa: S603
            [HAVEN, "db_worker", "--interval", "1", "--no-startup-delay"],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.processes.append(worker)

    def work(self) -> None:
        """Run the background queue once, to the end (deliveries with their retries)."""
        self.haven("db_worker", "--batch", "--no-startup-delay")

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in reversed(self.processes):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        self.processes.clear()

    # The API, as the node's users use it ------------------------------------------------

    def token(self, username: str) -> str:
        response = requests.post(
            self.base + "/api/v1/auth/token",
            json={"username": username, "password": PASSWORD},
            timeout=30,
        )
        response.raise_for_status()
        return str(response.json()["token"])

    def api(self, method: str, path: str, token: str, body: Any = None) -> requests.Response:
        return requests.request(
            method,
            self.base + "/api/v1/" + path.lstrip("/"),
            json=body,
            headers={"Authorization": f"Token {token}"},
            timeout=60,
        )


def agreement_terms(ours: Node, partner_id: str, theirs: Node) -> dict[str, Any]:
    return {
        "partner": partner_id,
        "code": AGREEMENT,
        "title": "Two-node test agreement (synthetic)",
        "fields": {"continuity_of_assistance": FIELDS, "family_tracing": FIELDS[:4]},
        "allow_matching": True,
        "retention_days": 30,
        "valid_from": "2026-01-01",
        "valid_until": "2036-12-31",
        "organisations": [ours.organisation_id],
        "partner_organisations": [{"id": theirs.organisation_id, "name": theirs.organisation_name}],
    }


def connect(a: Node, b: Node) -> dict[str, str]:
    """Each node registers the other after checking its fingerprint (A by the command line,
    B through the API), then both record the same agreement. Returns the partners' ids."""
    fingerprint_a, fingerprint_b = a.fingerprint(), b.fingerprint()
    output = a.haven(
        "exchange",
        "partner-add",
        "--user",
        "admin",
        "--url",
        b.base,
        "--fingerprint",
        fingerprint_b,
    ).stdout
    b_on_a = next(
        line.split(":", 1)[1].strip() for line in output.splitlines() if line.startswith("id:")
    )
    admin_b = b.token("admin")
    response = b.api(
        "post", "exchange/partners/", admin_b, {"url": a.base, "fingerprint": fingerprint_a}
    )
    response.raise_for_status()
    a_on_b = response.json()["id"]
    admin_a = a.token("admin")
    a.api("post", "exchange/agreements/", admin_a, agreement_terms(a, b_on_a, b)).raise_for_status()
    b.api("post", "exchange/agreements/", admin_b, agreement_terms(b, a_on_b, a)).raise_for_status()
    return {"b_on_a": b_on_a, "a_on_b": a_on_b}


def two_nodes(root: Path) -> tuple[Node, Node]:
    a = Node("A", "CN", "Anti-Trafficking Unit A (synthetic)", root / "node-a")
    b = Node("B", "DE", "Counselling Centre B (synthetic)", root / "node-b")
    return a, b


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def main() -> int:
    # Stop cleanly on Ctrl-C or a plain kill, even when started in the background (where
    # the shell would have told Python to ignore SIGINT).
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    root = Path(tempfile.mkdtemp(prefix="haven-exchange-"))
    a, b = two_nodes(root)
    try:
        for node in (a, b):
            node.prepare()
            node.haven("collectstatic", "--noinput")  # the pages, for people to browse
            node.start()
        connect(a, b)
        for node in (a, b):
            node.start_worker()
        summary = {
            node.label: {"url": node.base, "logins": ["admin", "coord"], "var": str(node.root)}
            for node in (a, b)
        }
        sys.stdout.write(
            json.dumps(summary, indent=2) + f"\nPassword: {PASSWORD}\nCtrl-C to stop.\n"
        )
        sys.stdout.flush()
        signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        for node in (a, b):
            node.stop()
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
