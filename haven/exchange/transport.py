"""HTTP between nodes (``requests``, with timeouts and size limits). Tests replace
``post`` and ``get`` so that no test touches the network."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import requests

from haven.exchange.envelope import MAX_ENVELOPE_BYTES

TIMEOUT = (5, 30)  # connect, read (seconds)
MAX_RESPONSE_BYTES = MAX_ENVELOPE_BYTES + 10_000
USER_AGENT = "Haven-exchange/1"


class TransportError(Exception):
    """The partner could not be reached (``code``: connection, timeout, too_large, ...)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Reply:
    status: int
    body: dict[str, Any] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return str(self.body.get("code", "")) if isinstance(self.body, dict) else ""


def _read(response: requests.Response) -> dict[str, Any]:
    raw = b""
    for chunk in response.iter_content(65536):
        raw += chunk
        if len(raw) > MAX_RESPONSE_BYTES:
            raise TransportError("too_large")
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _call(method: str, url: str, **kwargs: Any) -> Reply:
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    try:
        with requests.request(
            method,
            url,
            headers=headers,
            timeout=TIMEOUT,
            allow_redirects=False,
            stream=True,
            **kwargs,
        ) as response:
            return Reply(status=response.status_code, body=_read(response))
    except requests.Timeout as exc:
        raise TransportError("timeout") from exc
    except requests.RequestException as exc:
        raise TransportError("connection") from exc


def post(url: str, envelope: str) -> Reply:
    """POST an envelope to a partner's inbox."""
    return _call("POST", url, json={"envelope": envelope})


def get(url: str) -> Reply:
    """GET a partner's published key set."""
    return _call("GET", url)
