"""Dashboard, chart downloads and the aggregates API: consent, scope and small cells."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from haven.accounts.roles import Role
from haven.cases.vocab import ExploitationType, Gender
from haven.stats import sections, selectors
from haven.stats.aggregates import case_counts
from haven.stats.tests.factories import (
    SECRET_FAMILY,
    SECRET_GIVEN,
    many,
    record_consent,
    stats_case,
)

pytestmark = pytest.mark.django_db


def _ctx(user, **filters):
    return sections.Context(actor=user, filters=selectors.Filters(**filters), k=5)


def test_only_cases_with_statistics_consent_in_force_are_counted(world):
    counted = stats_case(world)
    never = stats_case(world, consent=None)
    withdrawn = stats_case(world, consent=False)
    regiven = stats_case(world, consent=False)
    record_consent(world, regiven, given=True)
    ids = set(
        selectors.statistics_cases(actor=world.user(Role.ANALYST)).values_list("pk", flat=True)
    )
    assert ids == {counted.pk, regiven.pk}
    assert never.pk not in ids
    assert withdrawn.pk not in ids


def test_scope_is_own_organisation_and_sysadmin_sees_all(world):
    many(world, 2)
    many(world, 3, other=True)
    assert case_counts(_ctx(world.user(Role.ANALYST)))["total"] == 2
    assert case_counts(_ctx(world.user(Role.ANALYST, other=True)))["total"] == 3
    assert case_counts(_ctx(world.user(Role.SYSADMIN)))["total"] == 5


def test_counts_and_filters(world):
    many(world, 6, sex=Gender.MASCULINE, exploitation_types=[ExploitationType.SEXUAL])
    many(world, 7, identified_on=datetime.date(2023, 5, 2))
    analyst = world.user(Role.ANALYST)
    counts = case_counts(_ctx(analyst))
    assert counts["total"] == 13
    assert counts["sex:Masculine"] == 6
    assert counts["sex:Feminine"] == 7
    assert counts["exploitation_types:SexualExploitation"] == 6
    assert counts["age:30-38"] == 13
    assert case_counts(_ctx(analyst, year=2023))["total"] == 7
    assert case_counts(_ctx(analyst, exploitation="SexualExploitation"))["total"] == 6
    chart = sections.build_one(_ctx(analyst), "identified")
    assert [r.label for r in chart.rows] == ["2023", "2024"]


def test_small_cells_are_withheld_for_the_analyst_on_the_page(world, login):
    many(world, 6, sex=Gender.FEMININE, citizenship=("VN",))
    many(world, 2, sex=Gender.MASCULINE, citizenship=("LA",))
    client = login(world.user(Role.ANALYST))
    response = client.get(reverse("stats:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "&lt; 5" in html
    sex = sections.build_one(_ctx(world.user(Role.ANALYST)), "sex")
    shown = {r.key: r.cells[0] for r in sex.rows}
    assert shown["Masculine"].suppressed
    assert shown["Masculine"].value is None
    # The one other category is withheld too, or 8 - 6 would give the small number away.
    assert shown["Feminine"].suppressed
    assert SECRET_FAMILY not in html
    assert SECRET_GIVEN not in html
    assert "HV-" not in html  # no case references either


def test_small_cells_are_withheld_in_the_api(world, login):
    many(world, 7, citizenship=("VN",))
    many(world, 1, citizenship=("LA",))
    client = login(world.user(Role.ANALYST))
    data = client.get(reverse("api:stats_section", kwargs={"key": "citizenship"})).json()
    cells = {r["key"]: r["cells"][0] for r in data["rows"]}
    assert cells["VN"] == {"value": 7, "display": "7", "suppressed": False}
    assert cells["LA"] == {"value": None, "display": "< 5", "suppressed": True}
    overview = client.get(reverse("api:stats_overview")).json()
    assert overview["total"]["value"] == 8
    assert {s["key"] for s in overview["sections"]} >= {"identified", "exploitation", "tasks"}


def test_api_filters_are_validated(world, login):
    client = login(world.user(Role.ANALYST))
    response = client.get(reverse("api:stats_overview"), {"exploitation": "Nonsense"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert client.get(reverse("api:stats_section", kwargs={"key": "nope"})).status_code == 404


def test_chart_downloads(world, login):
    many(world, 5)
    client = login(world.user(Role.ANALYST))
    svg = client.get(reverse("stats:chart_svg", kwargs={"key": "sex"}), {"year": 2024})
    assert svg.status_code == 200
    assert svg["Content-Type"] == "image/svg+xml"
    body = svg.content.decode()
    assert 'role="img"' in body
    assert "<title" in body
    assert "<desc" in body
    csv = client.get(reverse("stats:chart_csv", kwargs={"key": "sex"})).content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Category")
    assert "5" in csv
    assert client.get(reverse("stats:chart_csv", kwargs={"key": "nope"})).status_code == 404


def test_analyst_never_reaches_identity(world, login):
    case = stats_case(world)
    client = login(world.user(Role.ANALYST))
    assert client.get(reverse("cases:list")).status_code == 403
    assert client.get(reverse("cases:detail", kwargs={"pk": case.pk})).status_code == 403
    assert client.get(reverse("api:case_export")).status_code == 403


def test_empty_state_says_what_to_do(world, login):
    client = login(world.user(Role.ANALYST))
    html = client.get(reverse("stats:dashboard")).content.decode()
    assert "consent to anonymised statistics is recorded" in html


def test_home_card_and_nav(world, login):
    many(world, 2)
    client = login(world.user(Role.ANALYST))
    html = client.get(reverse("web:home")).content.decode()
    assert reverse("stats:dashboard") in html
    assert "&lt; 5" in html
