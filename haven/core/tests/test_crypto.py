"""Identity data is encrypted at rest, keys rotate, blind indexes find values."""

import base64
import os

import pytest
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from haven.accounts.models import User
from haven.accounts.roles import Role
from haven.core import config, crypto
from haven.core.config import KeyConfig
from haven.core.fields import index_of


def _keys(**field_keys: bytes) -> KeyConfig:
    return KeyConfig(field_keys=field_keys, primary=next(iter(field_keys)), index_key=b"i" * 32)


def test_round_trip_and_fresh_nonce_per_value():
    ring = crypto.Keyring(_keys(k1=os.urandom(32)))
    a = ring.encrypt("张伟", context="t.c")
    b = ring.encrypt("张伟", context="t.c")
    assert a != b
    assert a.startswith("hv1.k1.")
    assert ring.decrypt(a, context="t.c") == "张伟"


@pytest.mark.parametrize("mutation", ["context", "tamper", "unknown_key", "garbage"])
def test_decryption_refuses_anything_out_of_place(mutation):
    ring = crypto.Keyring(_keys(k1=os.urandom(32)))
    token = ring.encrypt("secret", context="t.c")
    context = "t.c"
    if mutation == "context":
        context = "t.other"
    elif mutation == "tamper":
        head, body = token.rsplit(".", 1)
        raw = bytearray(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        raw[-1] ^= 1
        token = head + "." + base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=")
    elif mutation == "unknown_key":
        token = token.replace("hv1.k1.", "hv1.k9.")
    else:
        token = "plain text"
    with pytest.raises(crypto.DecryptionError):
        ring.decrypt(token, context=context)


def test_blind_index_is_keyed_normalised_and_purpose_bound():
    ring = crypto.Keyring(_keys(k1=os.urandom(32)))
    other = crypto.Keyring(
        KeyConfig(field_keys={"k1": b"x" * 32}, primary="k1", index_key=b"j" * 32)
    )
    value = crypto.normalise_text("  ZHANG   Wei ")
    assert value == "zhang wei"
    assert ring.blind_index(value, purpose="a") == ring.blind_index("zhang wei", purpose="a")
    assert ring.blind_index(value, purpose="a") != ring.blind_index(value, purpose="b")
    assert ring.blind_index(value, purpose="a") != other.blind_index(value, purpose="a")


@pytest.mark.django_db
def test_raw_database_row_holds_no_plaintext(world):
    user = world.user(Role.CASEWORKER)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT full_name, full_name_index FROM accounts_user WHERE id = %s",
            [user.pk.hex if connection.vendor == "sqlite" else user.pk],
        )
        raw_name, raw_index = cursor.fetchone()
    assert user.full_name == "Test caseworker A"
    assert "caseworker" not in raw_name.lower()
    assert raw_name.startswith("hv1.")
    assert "caseworker" not in raw_index
    assert User.objects.get(pk=user.pk).full_name == "Test caseworker A"


@pytest.mark.django_db
def test_search_by_blind_index_and_no_plaintext_lookups(world):
    found = User.objects.filter(
        full_name_index=index_of(User, "full_name_index", "test CASEWORKER  a")
    )
    assert [u.username for u in found] == ["caseworker_a"]
    with pytest.raises(FieldError):
        User.objects.filter(full_name="Test caseworker A").count()
    with pytest.raises(FieldError):
        User.objects.filter(full_name__icontains="case").count()


@pytest.mark.django_db
def test_rotate_keys_re_encrypts_under_the_new_primary_and_rebuilds_indexes(world, settings):
    old = settings.HAVEN_KEYS
    new_key = os.urandom(32)
    rotated = KeyConfig(
        field_keys={"k2": new_key, **old.field_keys}, primary="k2", index_key=os.urandom(32)
    )
    with override_settings(HAVEN_KEYS=rotated):
        call_command("rotate-keys", "--check", stdout=open(os.devnull, "w"))  # noqa: SIM115
        with connection.cursor() as cursor:
            cursor.execute("SELECT full_name FROM accounts_user WHERE full_name <> ''")
            assert all(not row[0].startswith("hv1.k2.") for row in cursor.fetchall())
        call_command("rotate-keys", stdout=open(os.devnull, "w"))  # noqa: SIM115
        with connection.cursor() as cursor:
            cursor.execute("SELECT full_name FROM accounts_user WHERE full_name <> ''")
            rows = cursor.fetchall()
        assert rows
        assert all(row[0].startswith("hv1.k2.") for row in rows)
        only_new = KeyConfig(field_keys={"k2": new_key}, primary="k2", index_key=rotated.index_key)
        with override_settings(HAVEN_KEYS=only_new):
            user = User.objects.get(username="caseworker_a")
            assert user.full_name == "Test caseworker A"
            assert User.objects.filter(
                full_name_index=index_of(User, "full_name_index", "Test caseworker A")
            ).exists()


def test_key_configuration_errors_are_clear(monkeypatch, tmp_path):
    monkeypatch.delenv("HAVEN_FIELD_KEYS", raising=False)
    monkeypatch.delenv("HAVEN_KEYS_FILE", raising=False)
    with pytest.raises(ImproperlyConfigured, match="HAVEN_FIELD_KEYS"):
        config.key_config(tmp_path, generate=False)
    monkeypatch.setenv("HAVEN_FIELD_KEYS", "k1:" + base64.b64encode(b"short").decode())
    monkeypatch.setenv("HAVEN_INDEX_KEY", config.new_key())
    with pytest.raises(ImproperlyConfigured, match="32 bytes"):
        config.key_config(tmp_path, generate=False)
    monkeypatch.setenv("HAVEN_FIELD_KEYS", f"bad.kid:{config.new_key()}")
    with pytest.raises(ImproperlyConfigured, match="Key id"):
        config.key_config(tmp_path, generate=False)
    monkeypatch.setenv("HAVEN_FIELD_KEYS", f"new:{config.new_key()},old:{config.new_key()}")
    keys = config.key_config(tmp_path, generate=False)
    assert keys.primary == "new"
    assert set(keys.field_keys) == {"new", "old"}


def test_demo_keys_are_generated_once_and_kept(monkeypatch, tmp_path):
    for name in ("HAVEN_FIELD_KEYS", "HAVEN_KEYS_FILE", "HAVEN_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    first = config.key_config(tmp_path, generate=True)
    assert (tmp_path / "keys.json").stat().st_mode & 0o077 == 0
    assert config.key_config(tmp_path, generate=True) == first
    secret = config.secret_key(tmp_path, generate=True)
    assert config.secret_key(tmp_path, generate=True) == secret
    with pytest.raises(ImproperlyConfigured, match="HAVEN_SECRET_KEY"):
        config.secret_key(tmp_path / "none", generate=False)
