"""``haven export htcds`` and ``haven import htcds``: exit codes 0 and 2, through
``call_command`` (in the test database) and as real processes.

The subprocess test cannot see pytest's test database (an in-memory SQLite database of this
process), so it gives the child processes their own temporary SQLite file through
``DATABASE_URL`` and fixed keys through the environment, migrates it and creates the test
organisations and users there with the same ``build_world()`` the fixtures use.
"""

import io
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from haven.audit.models import AuditEvent
from haven.cases.models import Case, Person
from haven.cases.tests.test_htcds_support import DATA, REPO, make_cases, read_export
from haven.core.config import new_key

OK = DATA / "htcds_import_ok.csv"
BAD = DATA / "htcds_import_bad.csv"


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_command(world, tmp_path, fmt):
    make_cases(world)
    target = tmp_path / f"cases.{fmt}"
    out, _err = run(
        "export", "htcds", "--format", fmt, "--out", str(target), "--user", "caseworker_a"
    )
    assert "4 cases" in out
    assert len(read_export(target.read_bytes(), fmt)["cases"]) == 4
    assert AuditEvent.objects.filter(action="case.exported").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "args",
    [
        ["--user", "nobody"],
        ["--user", "screener_a"],
        ["--user", "caseworker_a", "--out", "/nonexistent/dir/file.xlsx"],
    ],
)
def test_export_command_bad_input(world, tmp_path, args):
    base = ["export", "htcds", "--out", str(tmp_path / "x.xlsx")]
    with pytest.raises(CommandError) as caught:
        run(*base, *args)
    assert caught.value.returncode == 2


@pytest.mark.django_db
def test_import_command(world):
    out, _err = run("import", "htcds", str(OK), "--user", "caseworker_b", "--dry-run")
    assert "Dry run" in out
    assert not Case.objects.exists()
    out, _err = run("import", "htcds", str(OK), "--user", "caseworker_b")
    assert "Cases imported: 2." in out
    assert Case.objects.filter(organisation=world.org_b).count() == 2
    out, _err = run(
        "import",
        "htcds",
        str(OK),
        "--user",
        "coordinator_b",
        "--organisation",
        str(world.org_b.pk),
        "--skip-duplicates",
    )
    assert "Row 2: Possibly the same person" in out
    assert "Cases imported: 0." in out
    assert Case.objects.count() == 2


@pytest.mark.django_db
def test_import_command_bad_file_reports_rows_on_stderr(world):
    persons = Person.objects.count()
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import", "htcds", str(BAD), "--user", "caseworker_b", stderr=err)
    assert caught.value.returncode == 2
    assert "Nothing was imported. Problems found: 4." in str(caught.value)
    report = err.getvalue()
    for line in (
        "Row 3, prs_Gender:",
        "Row 4, prs_Birthdate:",
        "Row 5, vic_TraffickingStatus:",
        "Row 6, vic_TypeOfExploitation:",
    ):
        assert line in report
    assert Person.objects.count() == persons


@pytest.mark.django_db
@pytest.mark.parametrize(
    "args",
    [
        [str(OK), "--user", "nobody"],
        [str(OK), "--user", "screener_b"],
        [str(OK), "--user", "caseworker_b", "--organisation", "not-a-uuid"],
        [str(OK), "--user", "caseworker_a", "--organisation", "{org_b}"],
        ["/nonexistent.csv", "--user", "caseworker_b"],
        [str(DATA / "cases.json"), "--user", "caseworker_b"],
        [str(DATA), "--user", "caseworker_b", "--format", "csv"],
    ],
)
def test_import_command_bad_input(world, args):
    args = [a.replace("{org_b}", str(world.org_b.pk)) for a in args]
    with pytest.raises(CommandError) as caught:
        run("import", "htcds", *args)
    assert caught.value.returncode == 2


def test_commands_as_processes(tmp_path):
    """``python -m haven.manage export|import htcds`` exit 0 and 2 (own SQLite file)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "haven.test_settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "HAVEN_SECRET_KEY": "tests-only-" + new_key(),
        "HAVEN_FIELD_KEYS": f"cli1:{new_key()}",
        "HAVEN_INDEX_KEY": new_key(),
        "PYTHONIOENCODING": "utf-8",
    }

    def haven(*args):
        return subprocess.run(  # noqa: S603  (our own interpreter and module)
            [sys.executable, "-m", "haven.manage", *args],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    setup = haven(
        "shell",
        "-c",
        "from django.core.management import call_command; call_command('migrate', verbosity=0);"
        "from conftest import build_world; build_world()",
    )
    assert setup.returncode == 0, setup.stderr
    target = tmp_path / "out.csv"
    done = haven(
        "export", "htcds", "--format", "csv", "--out", str(target), "--user", "caseworker_a"
    )
    assert done.returncode == 0, done.stderr
    assert target.read_bytes().startswith(b"\xef\xbb\xbf,cas_CaseOwner")
    bad = haven("import", "htcds", str(BAD), "--user", "caseworker_b")
    assert bad.returncode == 2
    assert "Row 3, prs_Gender:" in bad.stderr
    assert "Nothing was imported" in bad.stderr
    good = haven("import", "htcds", str(OK), "--user", "caseworker_b")
    assert good.returncode == 0, good.stderr
    assert "Cases imported: 2." in good.stdout
