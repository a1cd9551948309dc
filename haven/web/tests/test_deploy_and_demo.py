"""Production settings pass Django's deployment check; the demo loads and is idempotent."""

import io
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.urls import reverse

from haven.accounts.models import Organisation, User
from haven.core.config import new_key


def _run(args, env, tmp_path):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("HAVEN_", "DJANGO_"))}
    base.pop("DATABASE_URL", None)
    base.update(env)
    base["HAVEN_VAR_DIR"] = str(tmp_path)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "haven.manage", *args],
        env=base,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        "HAVEN_SECRET_KEY": new_key() + new_key(),
        "HAVEN_FIELD_KEYS": f"k1:{new_key()}",
        "HAVEN_INDEX_KEY": new_key(),
        "HAVEN_ALLOWED_HOSTS": "haven.example.org",
    }
    result = _run(["check", "--deploy", "--fail-level", "WARNING"], env, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_keys(tmp_path):
    result = _run(["check"], {}, tmp_path)
    assert result.returncode != 0
    assert "HAVEN_SECRET_KEY is required" in result.stderr
    result = _run(["check"], {"HAVEN_SECRET_KEY": new_key() + new_key()}, tmp_path)
    assert "Field-encryption keys are required" in result.stderr


@pytest.mark.django_db
def test_demo_is_idempotent_and_its_logins_work(client):
    out = io.StringIO()
    call_command("demo", stdout=out)
    users, orgs = User.objects.count(), Organisation.objects.count()
    call_command("demo", stdout=io.StringIO())
    assert (User.objects.count(), Organisation.objects.count()) == (users, orgs)
    printed = out.getvalue()
    for name in (
        "screener",
        "caseworker",
        "shelter_manager",
        "coordinator",
        "analyst",
        "trainer",
        "org_admin",
        "sysadmin",
    ):
        assert name in printed
        assert f"{name}_2" in printed
        assert User.objects.filter(username=name).exists()
        assert User.objects.filter(username=f"{name}_2").exists()
    assert "haven-demo" in printed
    countries = set(Organisation.objects.values_list("country", flat=True))
    assert {"CN", "DE", "NL"} <= countries
    assert all(
        "synthetic" in o.name and o.name_translations.get("zh-hans")
        for o in Organisation.objects.all()
    )
    first = User.objects.get(username="org_admin").memberships.get().organisation
    second = User.objects.get(username="org_admin_2").memberships.get().organisation
    assert first.country != second.country
    response = client.post(
        reverse("accounts:login"), {"username": "org_admin", "password": "haven-demo"}
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:user_list")).status_code == 200


@pytest.mark.django_db
def test_demo_scale_generates_bulk_data():
    call_command("demo", "--scale", "1000", stdout=io.StringIO())
    assert Organisation.objects.filter(name__startswith="Scale org").count() == 2
    assert User.objects.filter(username__startswith="scale_user_").count() == 20
    from haven.audit.models import AuditEvent

    assert AuditEvent.objects.count() >= 10_000


def test_readme_documents_every_environment_variable():
    from pathlib import Path

    from haven.core.config import VARIABLES

    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text()
    missing = [name for name in VARIABLES if f"`{name}`" not in readme]
    assert not missing
    settings_source = (Path(__file__).resolve().parents[2] / "settings.py").read_text()
    config_source = (Path(__file__).resolve().parents[2] / "core" / "config.py").read_text()
    import re

    used = set(re.findall(r'"((?:HAVEN_|DATABASE_URL)[A-Z_]*)"', settings_source + config_source))
    assert used <= set(VARIABLES), used - set(VARIABLES)
