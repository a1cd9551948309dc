"""Encrypted, consistent backups of the database and the uploaded documents, and restore.

A backup file is ``MAGIC`` followed by one AES-256-GCM blob (the field keyring, context
"haven-backup") holding a tar archive:

* ``manifest.json``: format version, time, database vendor, row count per table, file list;
* ``database.sqlite3`` (SQLite online backup API: a consistent copy while Haven runs) or
  ``database.pgdump`` (``pg_dump --format=custom``, one consistent snapshot);
* ``media/...``: every file in the default storage (encrypted documents stay encrypted).

Restoring needs the same field keys (they also decrypt the identity fields). The archive is built
in memory: fine for the document volumes of one organisation; very large deployments back up the
database with their PostgreSQL tooling and the media folder with their file-system snapshots.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

from haven.core.crypto import keyring

MAGIC = b"HAVEN-BACKUP-1\n"
CONTEXT = "haven-backup"
FORMAT = 1


class BackupError(Exception):
    """The backup cannot be made or read (wrong key, not a Haven backup, tool failed)."""


@dataclass
class Manifest:
    created: str
    vendor: str
    tables: dict[str, int]
    files: list[str] = field(default_factory=list)
    format: int = FORMAT


def table_counts() -> dict[str, int]:
    """Rows per table of the current database (what a restore must bring back)."""
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def _storage_files(directory: str = "") -> list[str]:
    try:
        folders, files = default_storage.listdir(directory)
    except FileNotFoundError:
        return []
    found = [f"{directory}/{name}" if directory else name for name in files]
    for folder in folders:
        found += _storage_files(f"{directory}/{folder}" if directory else folder)
    return sorted(found)


def _pg_env() -> tuple[list[str], dict[str, str]]:
    settings = connection.settings_dict
    args = ["--dbname", settings["NAME"]]
    if settings.get("HOST"):
        args += ["--host", str(settings["HOST"])]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", str(settings["USER"])]
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return args, env


def _dump_database(folder: Path) -> str:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = folder / "database.sqlite3"
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
        return target.name
    if connection.vendor == "postgresql":
        target = folder / "database.pgdump"
        args, env = _pg_env()
        done = subprocess.run(  # noqa: S603
            [
                _tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                *args,
                "--file",
                str(target),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise BackupError(f"pg_dump failed: {done.stderr.strip()[:500]}")
        return target.name
    raise BackupError(f"Backups of {connection.vendor} databases are not supported.")


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return path


def create(out: Path) -> Manifest:
    """Write an encrypted backup to ``out`` and return its manifest."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        dump = _dump_database(folder)
        files = _storage_files()
        manifest = Manifest(
            created=datetime.datetime.now(datetime.UTC).isoformat(),
            vendor=connection.vendor,
            tables=table_counts(),
            files=files,
        )
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w") as tar:
            _add_bytes(tar, "manifest.json", json.dumps(manifest.__dict__, indent=1).encode())
            tar.add(folder / dump, arcname=dump)
            for name in files:
                with default_storage.open(name, "rb") as handle:
                    _add_bytes(tar, f"media/{name}", handle.read())
    sealed = keyring().encrypt_bytes(buffer.getvalue(), context=CONTEXT)
    partial = out.with_name(out.name + ".partial")
    partial.write_bytes(MAGIC + sealed)
    partial.replace(out)
    return manifest


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.datetime.now(datetime.UTC).timestamp())
    tar.addfile(info, io.BytesIO(data))


def read(path: Path) -> tuple[Manifest, tarfile.TarFile]:
    """Decrypt a backup file; raises BackupError if it is not one or the key does not fit."""
    raw = path.read_bytes()
    if not raw.startswith(MAGIC):
        raise BackupError("This file is not a Haven backup.")
    try:
        plain = keyring().decrypt_bytes(raw[len(MAGIC) :], context=CONTEXT)
    except Exception as exc:
        raise BackupError("The backup cannot be decrypted with the configured keys.") from exc
    tar = tarfile.open(fileobj=io.BytesIO(plain), mode="r")  # noqa: SIM115  (returned open)
    member = tar.extractfile("manifest.json")
    if member is None:
        raise BackupError("The backup has no manifest.")
    data: dict[str, Any] = json.loads(member.read())
    if data.get("format") != FORMAT:
        raise BackupError("The backup was written by an incompatible version of Haven.")
    return Manifest(**data), tar


def restore(path: Path) -> Manifest:
    """Replace the database and the stored files with the backup's content."""
    manifest, tar = read(path)
    if manifest.vendor != connection.vendor:
        raise BackupError(
            f"The backup holds a {manifest.vendor} database; this Haven uses {connection.vendor}."
        )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        name = "database.sqlite3" if manifest.vendor == "sqlite" else "database.pgdump"
        tar.extract(name, folder, filter="data")
        _restore_database(folder / name)
    for stored in manifest.files:
        member = tar.extractfile(f"media/{stored}")
        if member is None:
            raise BackupError("The backup is missing a document it lists.")
        if default_storage.exists(stored):
            default_storage.delete(stored)
        default_storage.save(stored, ContentFile(member.read()))
    return manifest


def _restore_database(dump: Path) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(dump) as source:
            source.backup(connection.connection)
        source.close()
        return
    args, env = _pg_env()
    done = subprocess.run(  # noqa: S603
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            *args,
            str(dump),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed: {done.stderr.strip()[:500]}")
