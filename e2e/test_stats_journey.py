"""An analyst opens the statistics dashboard in Chinese, filters by year, downloads a chart
(SVG and PNG) and a CTDC anonymised export."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD, World
from haven.accounts.roles import Role
from haven.stats.tests.factories import stats_case

pytestmark = pytest.mark.e2e

Screenshot = Callable[[Page, str], Path]


def test_analyst_dashboard_in_chinese_chart_and_export(
    live_server, live_world: World, new_page, screenshot: Screenshot, tmp_path: Path
) -> None:
    base = live_server.url
    for i in range(14):
        stats_case(live_world, identified_on=datetime.date(2024 if i % 2 else 2023, 3, 1))
    analyst = live_world.user(Role.ANALYST)

    page = new_page()
    page.goto(f"{base}/account/login/")
    page.fill("#id_username", analyst.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.select_option("#language-select", "zh-hans")
    page.locator(".haven-lang-switcher button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")

    page.goto(f"{base}/stats/")
    expect(page.locator("[data-testid=stats-total]")).to_have_text("14")
    page.select_option("#id_year", "2024")
    page.locator("form.haven-filters button[type=submit]").click()
    expect(page).to_have_url(f"{base}/stats/?year=2024&date_from=&date_to=&exploitation=")
    expect(page.locator("[data-testid=stats-total]")).to_have_text("7")
    expect(page.locator("#sex svg[role=img] title")).to_have_count(1)
    screenshot(page, "stats-dashboard-zh")

    page.locator("#sex details summary").click()
    expect(page.locator("#sex table")).to_be_visible()

    with page.expect_download() as svg_download:
        page.locator('#sex a[href*="/stats/charts/sex.svg"]').click()
    svg_path = tmp_path / "sex.svg"
    svg_download.value.save_as(svg_path)
    assert "<svg" in svg_path.read_text()
    assert "year" not in svg_download.value.suggested_filename

    with page.expect_download() as png_download:
        page.locator("#sex button[data-stats-png]").click()
    png_path = tmp_path / "sex.png"
    png_download.value.save_as(png_path)
    assert png_path.read_bytes().startswith(b"\x89PNG")

    page.goto(f"{base}/stats/exports/")
    page.fill("#id_k", "5")
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page.locator("[data-testid=records-retained]")).to_be_visible()
    screenshot(page, "stats-export-report-zh")
    with page.expect_download() as export_download:
        page.locator('a[href$="/download"]').click()
    csv_path = tmp_path / "ctdc.csv"
    export_download.value.save_as(csv_path)
    header = csv_path.read_text().splitlines()[0].split(",")
    assert header[:3] == ["yearOfRegistration", "gender", "ageBroad"]
    assert len(header) == 27
