"""CTDC exports (web and command line): k-anonymous by an independent check, only consenting
cases, audited; the file and its report belong to the organisation."""

from __future__ import annotations

import datetime
import io

import pandas as pd
import pytest
from django.core.management import call_command
from django.urls import reverse
from pycanon import anonymity

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.cases.vocab import ControlMethod, ExploitationType, Gender
from haven.stats import actions
from haven.stats.anonymise import CTDC_VARIABLES, DEFAULT_QUASI_IDENTIFIERS
from haven.stats.models import CtdcExport
from haven.stats.tests.factories import SECRET_FAMILY, stats_case

pytestmark = pytest.mark.django_db
QIS = list(DEFAULT_QUASI_IDENTIFIERS)


def read(content: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(content), dtype=str, keep_default_na=False)


def assert_k_anonymous(table: pd.DataFrame, k: int) -> None:
    """Independent check: every combination of quasi-identifiers appears at least k times."""
    if table.empty:
        return
    combos = table[QIS].value_counts()
    assert int(combos.min()) >= k, combos[combos < k]
    assert anonymity.k_anonymity(table, QIS) >= k


def population(world) -> None:
    """Consenting cases with a skewed profile, and cases without consent that carry a flag no
    consenting case has (methods of control: drugs), so any leak would show in the file."""
    for i in range(24):
        stats_case(
            world,
            sex=Gender.FEMININE if i % 4 else Gender.MASCULINE,
            age=20 + i % 3,
            citizenship=("VN",) if i % 6 else ("IS",),
            identified_on=datetime.date(2024, 1 + i % 3, 5),
            exploitation_types=[ExploitationType.FORCED_LABOUR],
            methods_of_control=[ControlMethod.DEBT_BONDAGE],
        )
    for consent in (None, False):
        for _ in range(3):
            stats_case(
                world,
                consent=consent,
                methods_of_control=[ControlMethod.SUBSTANCES],
                exploitation_types=[ExploitationType.SEXUAL],
            )


def test_web_export_is_k_anonymous_and_has_only_consenting_cases(world, login):
    population(world)
    client = login(world.user(Role.ANALYST))
    assert client.get(reverse("stats:export")).status_code == 200
    response = client.post(reverse("stats:export"), {"k": 5})
    export = CtdcExport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("stats:export_detail", kwargs={"pk": export.pk})
    page = client.get(response["Location"]).content.decode()
    assert "Records retained" in page
    assert export.records_in == 24  # the six without statistics consent are not considered
    content = client.get(reverse("stats:export_download", kwargs={"pk": export.pk}))
    table = read(content.content)
    assert list(table.columns) == CTDC_VARIABLES
    assert len(table) == export.records_out > 0
    assert_k_anonymous(table, 5)
    assert set(table["meansDrugsAlcohol"]) == {""}
    assert set(table["isSexualExploit"]) == {""}
    assert SECRET_FAMILY not in content.content.decode()
    assert AuditEvent.objects.filter(
        action=actions.CTDC_EXPORTED, object_id=str(export.pk)
    ).exists()
    assert AuditEvent.objects.filter(action=actions.CTDC_DOWNLOADED).count() == 1


def test_export_form_rejects_bad_k(world, login):
    client = login(world.user(Role.ANALYST))
    response = client.post(reverse("stats:export"), {"k": 1})
    assert response.status_code == 400
    assert not CtdcExport.objects.exists()


def test_another_organisation_cannot_open_the_export(world, login):
    population(world)
    login(world.user(Role.ANALYST)).post(reverse("stats:export"), {"k": 11})
    export = CtdcExport.objects.get()
    other = login(world.user(Role.ANALYST, other=True))
    assert other.get(reverse("stats:export_detail", kwargs={"pk": export.pk})).status_code == 404
    assert other.get(reverse("stats:export_download", kwargs={"pk": export.pk})).status_code == 404


def test_command_line_export(world, tmp_path):
    population(world)
    target = tmp_path / "ctdc.csv"
    out = io.StringIO()
    call_command(
        "export", "ctdc", "--k", "5", "--out", str(target), "--user", "analyst_a", stdout=out
    )
    assert "records retained" in out.getvalue()
    table = read(target.read_bytes())
    assert_k_anonymous(table, 5)
    assert set(table["meansDrugsAlcohol"]) == {""}
    # Without --user: the whole installation, still only consenting cases.
    call_command("export", "ctdc", "--out", str(target), stdout=io.StringIO())
    assert_k_anonymous(read(target.read_bytes()), 11)
    assert AuditEvent.objects.filter(action=actions.CTDC_EXPORTED).count() == 2


def test_command_line_export_refuses_a_role_without_the_capability(world, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as error:
        call_command("export", "ctdc", "--out", str(tmp_path / "x.csv"), "--user", "screener_a")
    assert error.value.returncode == 2
    with pytest.raises(CommandError):
        call_command("export", "htcds", "--out", str(tmp_path / "x.xlsx"))
