"""The production set-up runs: gunicorn with several workers from deploy/gunicorn.conf.py,
health and readiness answer, metrics add up across workers, logs are JSON without paths."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from haven.core.config import new_key

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str, token: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url)  # noqa: S310  (loopback test server)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.skipif(not (BIN / "gunicorn").exists(), reason="gunicorn is not installed")
def test_gunicorn_with_two_workers_serves_health_and_summed_metrics(tmp_path: Path):
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "haven.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'haven.sqlite3'}",
        "HAVEN_VAR_DIR": str(tmp_path),
        "HAVEN_SECRET_KEY": new_key(),
        "HAVEN_FIELD_KEYS": f"k1:{new_key()}",
        "HAVEN_INDEX_KEY": new_key(),
        "HAVEN_HTTPS": "off",
        "HAVEN_LOG_FORMAT": "json",
        "HAVEN_METRICS_TOKEN": "deploy-test",
        "HAVEN_BIND": f"127.0.0.1:{port}",
        "HAVEN_WORKERS": "2",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
    }
    subprocess.run([BIN / "haven", "migrate", "-v0"], env=env, check=True, timeout=300)  # noqa: S603
    log = tmp_path / "gunicorn.log"
    with log.open("w") as sink:
        server = subprocess.Popen(  # noqa: S603
            [BIN / "gunicorn", "-c", ROOT / "deploy" / "gunicorn.conf.py", "haven.wsgi"],
            env=env,
            cwd=ROOT,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    if _get(f"{base}/health/ready")[0] == 200:
                        break
                except OSError:
                    time.sleep(0.2)
            else:
                pytest.fail("gunicorn did not become ready")
            for _ in range(20):
                assert _get(f"{base}/health/live") == (200, "ok")
            assert _get(f"{base}/metrics")[0] == 401
            status, body = _get(f"{base}/metrics", token="deploy-test")
            assert status == 200
            served = sum(
                float(line.rsplit(" ", 1)[1])
                for line in body.splitlines()
                if line.startswith("haven_http_requests_total{") and 'route="web:live"' in line
            )
            assert served == 20
        finally:
            server.terminate()
            server.wait(timeout=30)
    entries = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    requests = [e for e in entries if e.get("message") == "request"]
    assert {e["route"] for e in requests} >= {"web:live", "web:ready", "ops:metrics"}
    assert all("path" not in e for e in requests)
