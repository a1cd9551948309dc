"""Backup and restore round trip: every table comes back exactly, documents included."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from haven.accounts.roles import Role
from haven.cases import services as case_services
from haven.cases.models import Case, Document
from haven.ops import backup
from haven.referrals.tests.factories import open_case

pytestmark = [pytest.mark.django_db(transaction=True)]


def snapshot() -> dict[str, list[str]]:
    rows = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows[table] = sorted(map(repr, cursor.fetchall()))
    return rows


def test_round_trip_brings_back_every_table_and_document(world, tmp_path: Path):
    case = open_case(world)
    caseworker = world.user(Role.CASEWORKER)
    case_services.document_add(
        actor=caseworker,
        case=case,
        kind="other",
        name="letter.pdf",
        data=b"%PDF-1.4 Synthetic letter",
    )
    # Case documents are encrypted blobs in the database; other uploads (reports, exports)
    # live in the file storage: both come back.
    default_storage.save("reports/synthetic.txt", ContentFile(b"synthetic report"))
    before = snapshot()
    stored = backup._storage_files()
    assert stored == ["reports/synthetic.txt"]
    out = tmp_path / "haven.backup"

    call_command("backup", "--out", str(out))

    assert b"Synthetic" not in out.read_bytes(), "the backup is encrypted"
    Case.objects.all().delete()
    for name in stored:
        default_storage.delete(name)
    assert snapshot() != before

    call_command("restore", str(out), "--yes")

    assert snapshot() == before
    assert backup._storage_files() == stored
    assert Document.objects.get().name == "letter.pdf"


def test_a_file_that_is_not_a_backup_is_refused(tmp_path: Path):
    bad = tmp_path / "not.backup"
    bad.write_bytes(b"hello")
    with pytest.raises(CommandError, match="not a Haven backup"):
        call_command("restore", str(bad), "--yes")


def test_a_tampered_backup_is_refused(world, tmp_path: Path):
    out = tmp_path / "haven.backup"
    call_command("backup", "--out", str(out))
    tampered = bytearray(out.read_bytes())
    tampered[-5] ^= 0xFF
    out.write_bytes(bytes(tampered))
    with pytest.raises(CommandError, match="cannot be decrypted"):
        call_command("restore", str(out), "--yes")
