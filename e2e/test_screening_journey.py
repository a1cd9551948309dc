"""A screener runs a first-contact screen in Chinese, continues into the full interview, gets
"trafficking indicators met", registers the person; the case is there for the caseworker."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import World
from e2e.journeys import answer_every_step_yes, sign_in
from haven.accounts.roles import Role
from haven.cases.models import Case
from haven.screening.models import Screening

pytestmark = pytest.mark.e2e

Screenshot = Callable[[Page, str], Path]


def test_first_contact_then_full_interview_then_case(
    live_server, live_world: World, new_page, screenshot: Screenshot
) -> None:
    base = live_server.url
    screener = live_world.user(Role.SCREENER)
    page = new_page()
    sign_in(page, base, screener.username)
    page.select_option("#language-select", "zh-hans")
    page.locator(".haven-lang-switcher button").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")

    page.goto(f"{base}/screenings/start/")
    page.check("input[name=instrument][value=first-contact]")
    page.fill("input[name=interview_language]", "越南语")
    page.check("input[name=question_language][value=zh-hans]")
    for name in (
        "interpreter_used",
        "private_place",
        "interpreter_independent",
        "consent",
        "can_stop",
    ):
        page.check(f"input[name={name}]")
    page.fill("input[name=subject_age]", "29")
    screenshot(page, "start")
    page.locator("main form button[type=submit]").click()
    answer_every_step_yes(page, lambda p: screenshot(p, "first-contact-first-step"))
    page.locator("main form button[type=submit]").click()
    first = Screening.objects.get()
    assert first.outcome == "run_full_interview"
    screenshot(page, "first-contact-result")

    page.locator("main a[href*='/continue/']").click()
    page.locator("main form button[type=submit]").click()
    answer_every_step_yes(page, lambda p: screenshot(p, "full-first-step"))
    screenshot(page, "check-answers")
    page.locator("main form button[type=submit]").click()
    full = Screening.objects.exclude(pk=first.pk).get()
    assert full.outcome == "trafficking_indicators_met"
    assert "/result/" in page.url
    screenshot(page, "full-result")
    page.emulate_media(media="print")  # the printed result shows the content only
    expect(page.locator(".govuk-header")).to_be_hidden()
    expect(page.locator(".haven-nav")).to_be_hidden()
    expect(page.locator("main h1")).to_be_visible()
    page.emulate_media(media="screen")

    page.locator("main a[href*='/register/']").click()
    page.fill("input[name=family_name]", "阮")
    page.fill("input[name=given_names]", "文安")
    page.check("input[name=consent_given]")
    screenshot(page, "register")
    page.locator("main form button[type=submit]").click()
    full.refresh_from_db()
    assert full.case is not None
    case = Case.objects.get(pk=full.case.pk)
    assert case.trafficking_status == "PossibleVictimOfTrafficking"
    assert case.exploitation_types

    caseworker = new_page()
    sign_in(caseworker, base, live_world.user(Role.CASEWORKER).username)
    caseworker.goto(f"{base}/cases/")
    expect(caseworker.locator("main")).to_contain_text(case.reference)
    caseworker.get_by_role("link", name=case.reference).click()
    expect(caseworker.locator("main")).to_contain_text("阮")
    screenshot(caseworker, "case-for-caseworker")


def test_interview_on_a_phone_with_the_keyboard(
    live_server, live_world: World, new_page, screenshot: Screenshot
) -> None:
    from haven.screening.tests import factories

    base = live_server.url
    screener = live_world.user(Role.SCREENER)
    draft = factories.start(screener, live_world.org_a, instrument="ilo-ec-2009-adult-labour")
    page = new_page(viewport={"width": 360, "height": 740})
    sign_in(page, base, screener.username)
    for path in ("/screenings/start/", f"/screenings/{draft.pk}/"):
        page.goto(base + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 360px"
    screenshot(page, "step-on-phone")
    # Keyboard only: Tab into the first question's answers (on "not known", checked by
    # default), an arrow key to move to "yes" (it wraps round), Enter on "Save and continue".
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "radio":
            break
    first = page.evaluate("document.activeElement.name")
    assert first.startswith("a_"), "the answers cannot be reached with Tab"
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.checked")
    assert page.evaluate("document.activeElement.value") == "yes"
    step_url = page.url
    data = page.evaluate(
        "(n) => { const f = document.activeElement.form; return [f && f.method, f && new FormData(f).get(n)]; }",
        first,
    )
    assert data == ["post", "yes"], data
    page.locator("main button[name=continue]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: url != step_url)
    draft.refresh_from_db()
    assert draft.answers.get(first.removeprefix("a_")) == "yes"
