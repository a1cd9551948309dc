"""Steps the browser journeys share: signing in, and answering a screening interview."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from playwright.sync_api import Page, expect

from conftest import PASSWORD


def sign_in(page: Page, base: str, username: str, password: str = PASSWORD, then: str = "") -> None:
    """Sign in on the login page; ``then`` is the path to land on (the home page if empty)."""
    page.goto(f"{base}/account/login/" + (f"?next={quote(then)}" if then else ""))
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("main button[type=submit]").click()
    expect(page.locator("h1")).to_be_visible()


def answer_every_step_yes(
    page: Page, on_first_step: Callable[[Page], object] | None = None
) -> None:
    """Answer "yes" to each step's questions (a click on each answer, in one round trip)
    until the check-your-answers page; ``on_first_step(page)`` runs once the first step is
    answered (e.g. a screenshot)."""
    for step in range(1, 30):
        if "/check/" in page.url:
            return
        page.locator("input[type=radio][value=yes]").evaluate_all(
            "radios => radios.forEach((radio) => radio.click())"
        )
        if step == 1 and on_first_step is not None:
            on_first_step(page)
        page.locator("main button[name=continue]").click()
    raise AssertionError("the interview did not reach its check page")
