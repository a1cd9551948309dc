"""Reading Haven's configuration from the environment.

Settings import this module, so it must not import Django models. Every variable that Haven
reads is declared in ``VARIABLES`` so the README's configuration table and the code agree
(``haven config`` prints the table).
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

# name -> (default shown to people, description)
VARIABLES: dict[str, tuple[str, str]] = {
    "DATABASE_URL": (
        "sqlite:///var/haven.sqlite3",
        "Database URL, e.g. postgres://user:password@host:5432/haven.",
    ),
    "HAVEN_SECRET_KEY": (
        "(required)",
        "Django secret key. Required unless HAVEN_DEBUG or HAVEN_DEMO is on, in which case one "
        "is generated and kept in var/secret_key.",
    ),
    "HAVEN_DEBUG": ("off", "Django debug mode. Never in production."),
    "HAVEN_DEMO": (
        "off",
        "Demo mode: generated secret and keys under var/, plain HTTP allowed on localhost.",
    ),
    "HAVEN_VAR_DIR": ("./var", "Folder for the SQLite file, generated demo keys, uploads."),
    "HAVEN_ALLOWED_HOSTS": ("localhost,127.0.0.1,[::1]", "Comma-separated host names served."),
    "HAVEN_CSRF_TRUSTED_ORIGINS": ("", "Comma-separated origins, e.g. https://haven.example.org."),
    "HAVEN_TIME_ZONE": ("UTC", "Default time zone for users who have not chosen one."),
    "HAVEN_HTTPS": (
        "on (off in debug/demo)",
        "Serve over HTTPS only: secure cookies, HSTS, redirect to HTTPS.",
    ),
    "HAVEN_HSTS_PRELOAD": ("on", "Ask browsers to preload HSTS for this host."),
    "HAVEN_BEHIND_PROXY": (
        "off",
        "Trust X-Forwarded-Proto from the reverse proxy to detect HTTPS.",
    ),
    "HAVEN_FIELD_KEYS": (
        "(required)",
        "Field-encryption keys as kid:base64key pairs separated by commas; the first is used to "
        "encrypt, all are used to decrypt. 32-byte keys (AES-256-GCM). Generate one with "
        "`haven keys generate`.",
    ),
    "HAVEN_INDEX_KEY": (
        "(required)",
        "Base64 32-byte key for the keyed blind indexes used to search encrypted values.",
    ),
    "HAVEN_KEYS_FILE": (
        "",
        "Alternative to HAVEN_FIELD_KEYS/HAVEN_INDEX_KEY: a JSON file "
        '{"field_keys": {"kid": "base64"}, "primary": "kid", "index_key": "base64"} kept '
        "outside the database. Demo and debug generate var/keys.json.",
    ),
    "HAVEN_SESSION_IDLE_MINUTES": ("30", "Sign out after this many minutes without activity."),
    "HAVEN_LOGIN_FAILURE_LIMIT": ("5", "Failed logins before an account is locked out."),
    "HAVEN_LOCKOUT_MINUTES": ("15", "How long a lock-out lasts."),
    "HAVEN_API_TOKEN_HOURS": ("10", "Lifetime of API tokens."),
    "HAVEN_API_RATE_USER": ("1200/min", "API requests allowed per signed-in user (DRF rate)."),
    "HAVEN_API_RATE_ANON": (
        "120/min",
        "API requests allowed per address without sign-in (token requests, partner inbox).",
    ),
    "HAVEN_EMAIL_HOST": ("", "SMTP host for invitations and password resets (console if empty)."),
    "HAVEN_EMAIL_PORT": ("587", "SMTP port."),
    "HAVEN_EMAIL_USER": ("", "SMTP user."),
    "HAVEN_EMAIL_PASSWORD": ("", "SMTP password."),
    "HAVEN_EMAIL_USE_TLS": ("on", "Use STARTTLS for SMTP."),
    "HAVEN_DEFAULT_FROM_EMAIL": ("haven@localhost", "Sender address of Haven's e-mails."),
    "HAVEN_LOG_LEVEL": ("INFO", "Log level of Haven's own loggers."),
    "HAVEN_LOG_FORMAT": (
        "plain",
        "plain or json (one JSON object per line, for log collectors). Never personal data.",
    ),
    "HAVEN_METRICS_TOKEN": (
        "",
        "Bearer token that Prometheus sends to scrape /metrics; /metrics is off when empty.",
    ),
    "HAVEN_STATS_SMALL_CELL": (
        "5",
        'Counts from 1 to this minus one are shown as "< k" on dashboards and in the API.',
    ),
    "HAVEN_CACHE_URL": (
        "",
        "Shared cache for several app servers (rate limits): redis://host:6379/0, or db for a "
        "database table (run `haven createcachetable`). Empty: memory of each process.",
    ),
}

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be on or off, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from exc


def env_list(name: str, default: str = "") -> list[str]:
    raw = os.environ.get(name, default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def secret_key(var_dir: Path, *, generate: bool) -> str:
    """The Django secret key from the environment, or a generated one kept under var/."""
    value = os.environ.get("HAVEN_SECRET_KEY", "").strip()
    if value:
        return value
    if not generate:
        raise ImproperlyConfigured(
            "HAVEN_SECRET_KEY is required. Set it to a long random value, or set HAVEN_DEMO=on "
            "to run the demo with generated keys."
        )
    path = var_dir / "secret_key"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


@dataclass(frozen=True)
class KeyConfig:
    """Field-encryption keys (by key id), the id used for new values, and the blind-index key."""

    field_keys: dict[str, bytes]
    primary: str
    index_key: bytes


def _decode_key(label: str, text: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text.strip() + "=" * (-len(text.strip()) % 4))
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(f"{label} is not valid base64.") from exc
    if len(key) != 32:
        raise ImproperlyConfigured(f"{label} must decode to 32 bytes, not {len(key)}.")
    return key


def _valid_kid(kid: str) -> str:
    if not kid or len(kid) > 32 or not all(c.isalnum() or c in "-_" for c in kid):
        raise ImproperlyConfigured(f"Key id {kid!r} must be 1-32 letters, digits, '-' or '_'.")
    return kid


def new_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode().rstrip("=")


def _from_mapping(data: dict[str, object], source: str) -> KeyConfig:
    raw_keys = data.get("field_keys")
    if not isinstance(raw_keys, dict) or not raw_keys:
        raise ImproperlyConfigured(f"{source}: field_keys must be a non-empty object.")
    keys = {
        _valid_kid(str(kid)): _decode_key(f"{source}: field key {kid}", str(val))
        for kid, val in raw_keys.items()
    }
    primary = str(data.get("primary") or next(iter(keys)))
    if primary not in keys:
        raise ImproperlyConfigured(f"{source}: primary key id {primary!r} is not among the keys.")
    index_key = _decode_key(f"{source}: index_key", str(data.get("index_key", "")))
    return KeyConfig(field_keys=keys, primary=primary, index_key=index_key)


def key_config(var_dir: Path, *, generate: bool) -> KeyConfig:
    """Keys from HAVEN_FIELD_KEYS + HAVEN_INDEX_KEY, or HAVEN_KEYS_FILE, or (demo) var/keys.json."""
    env_keys = os.environ.get("HAVEN_FIELD_KEYS", "").strip()
    if env_keys:
        pairs = {}
        for item in env_keys.split(","):
            kid, sep, val = item.strip().partition(":")
            if not sep:
                raise ImproperlyConfigured("HAVEN_FIELD_KEYS entries must look like kid:base64key.")
            pairs[kid] = val
        index = os.environ.get("HAVEN_INDEX_KEY", "")
        if not index.strip():
            raise ImproperlyConfigured("HAVEN_INDEX_KEY is required with HAVEN_FIELD_KEYS.")
        return _from_mapping(
            {"field_keys": pairs, "primary": next(iter(pairs)), "index_key": index},
            "HAVEN_FIELD_KEYS",
        )
    file_name = os.environ.get("HAVEN_KEYS_FILE", "").strip()
    path = Path(file_name) if file_name else var_dir / "keys.json"
    if not file_name and not path.exists():
        if not generate:
            raise ImproperlyConfigured(
                "Field-encryption keys are required: set HAVEN_FIELD_KEYS and HAVEN_INDEX_KEY, or "
                "HAVEN_KEYS_FILE, or HAVEN_DEMO=on to generate demo keys."
            )
        var_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(
            json.dumps(
                {"field_keys": {"k1": new_key()}, "primary": "k1", "index_key": new_key()},
                indent=2,
            )
        )
        path.chmod(0o600)
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise ImproperlyConfigured(f"Cannot read the keys file {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise ImproperlyConfigured(f"The keys file {path} must hold a JSON object.")
    return _from_mapping(data, str(path))
