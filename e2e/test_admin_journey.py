"""An organisation administrator's journey through Haven in a real browser, in Chinese.

Expected texts are computed from the zh-hans catalogue, never hard-coded: the tests check
whatever the catalogue says, and separately that the catalogue translates each text (those
failures are collected and reported together at the end, so one untranslated message does not
hide the rest of the journey).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from conftest import PASSWORD, World
from haven.accounts.models import User
from haven.accounts.roles import Role

pytestmark = pytest.mark.e2e

Screenshot = Callable[[Page, str], Path]
ZH = "zh-hans"
NEW_USERNAME = "new_colleague"
NEW_FULL_NAME = "Li Wei (synthetic)"
NEW_EMAIL = "li.wei@example.org"
NEW_PASSWORD = "quiet harbour lantern 42"
ENCRYPTED = "hv1."


class Chinese:
    """``zh("Users")`` is the catalogue's zh-hans text; untranslated messages are noted."""

    def __init__(self) -> None:
        self.untranslated: list[str] = []

    def __call__(self, message: str) -> str:
        with translation.override(ZH):
            text = translation.gettext(message)
        if text == message and message not in self.untranslated:
            self.untranslated.append(message)
        return text

    def assert_complete(self) -> None:
        assert not self.untranslated, (
            "these messages are not translated in the compiled zh-hans catalogue "
            "(haven/locale/zh_Hans/LC_MESSAGES/django.mo): " + ", ".join(self.untranslated)
        )


def settle(page: Page, screenshot: Screenshot, step: str) -> None:
    """Checks every page shares: CSS and haven.js loaded (haven.js adds the class, which proves
    it ran under the strict Content-Security-Policy), no encrypted value shown; then a screenshot."""
    page.wait_for_function("document.body.classList.contains('govuk-frontend-supported')")
    assert page.evaluate("document.styleSheets.length") > 0, "no style sheet loaded"
    assert page.evaluate("document.styleSheets[0].cssRules.length") > 0, "empty style sheet"
    html = page.content()
    assert ENCRYPTED not in html, f"{step}: the page shows an encrypted value ({ENCRYPTED}...)"
    screenshot(page, step)


def sign_in(page: Page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/account/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{base_url}/")


def nav_labels(page: Page) -> list[str]:
    return [t.strip() for t in page.locator(".haven-nav__link").all_inner_texts()]


def test_org_admin_adds_a_colleague_in_chinese(
    live_server, live_world: World, new_page, screenshot: Screenshot
) -> None:
    base = live_server.url
    zh = Chinese()
    admin = live_world.user(Role.ORG_ADMIN)
    page = new_page(viewport={"width": 1280, "height": 900}, locale="en-GB")

    # Sign in; the interface starts in English.
    page.goto(f"{base}/account/login/")
    settle(page, screenshot, "login")
    sign_in(page, base, admin.username, PASSWORD)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    settle(page, screenshot, "home-english")

    # Switch to Chinese with the header switcher, as a keyboard user does: choosing with the
    # arrow keys does not navigate away; the visible button submits.
    switcher = page.locator(".haven-lang-switcher")
    expect(switcher.locator("button")).to_be_visible()
    switcher.locator("select#language-select").focus()
    page.keyboard.press("ArrowDown")
    expect(switcher.locator("select#language-select")).to_have_value(ZH)
    with page.expect_navigation():
        switcher.locator("button").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    settle(page, screenshot, "home-chinese")
    # An organisation administrator also reaches statistics and the legal library.
    expected_nav = [
        zh("Home"),
        zh("Statistics"),
        zh("Legal library"),
        zh("Users"),
        zh("Audit trail"),
    ]
    assert nav_labels(page)[:5] == expected_nav
    assert nav_labels(page)[5].startswith(zh("Your account"))
    expect(page.locator(".haven-nav__button")).to_have_text(zh("Sign out"))
    expect(page.locator("h1")).to_have_text(
        zh("Welcome, %(name)s") % {"name": admin.get_full_name()}
    )

    # The choice is on the profile, not only in the cookie: without the cookie it stays.
    assert User.objects.get(pk=admin.pk).language == ZH
    page.context.clear_cookies(name="django_language")
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    assert nav_labels(page)[:5] == expected_nav
    settle(page, screenshot, "home-reloaded-without-language-cookie")

    # Users page, then the add-user form.
    page.get_by_role("link", name=zh("Users"), exact=True).click()
    expect(page.locator("h1")).to_have_text(zh("Users"))
    settle(page, screenshot, "users")
    page.locator("main").get_by_role("link", name=zh("Add a user"), exact=True).click()
    expect(page.locator("h1")).to_have_text(zh("Add a user"))
    expect(page.locator("#id_language")).to_have_value(ZH)  # defaults to the admin's language
    page.fill("#id_username", NEW_USERNAME)
    page.fill("#id_full_name", NEW_FULL_NAME)
    page.fill("#id_email", NEW_EMAIL)
    page.check(f"input[name=roles][value={Role.CASEWORKER.value}]")
    expect(page.get_by_label(zh(str(Role.CASEWORKER.label)), exact=True)).to_be_checked()
    settle(page, screenshot, "add-user-form")
    page.locator("main button[type=submit]").click()

    # Confirmation with the set-password link.
    expect(page.locator("h1")).to_have_text(zh("User added"))
    expect(page.locator(".govuk-panel__body")).to_have_text(NEW_USERNAME)
    link = page.locator("#invite-link").inner_text().strip()
    assert link.startswith(f"{base}/account/password/set/"), link
    expect(page.get_by_role("button", name=zh("Copy link"))).to_be_visible()
    settle(page, screenshot, "user-added")

    # Back on the list: the colleague, with the translated role name.
    page.get_by_role("link", name=zh("Back to users"), exact=True).click()
    row = page.locator("tbody tr").filter(has=page.get_by_role("link", name=NEW_USERNAME))
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(1)).to_have_text(NEW_FULL_NAME)
    expect(row.locator("td").nth(2)).to_contain_text(zh(str(Role.CASEWORKER.label)))
    expect(row.locator("td").nth(3)).to_have_text(zh("Active"))
    settle(page, screenshot, "users-with-new-colleague")

    created = User.objects.get(username=NEW_USERNAME)
    assert created.language == ZH
    assert created.full_name == NEW_FULL_NAME
    assert list(created.memberships.values_list("organisation_id", "grants__role")) == [
        (live_world.org_a.pk, Role.CASEWORKER.value)
    ]

    # The audit trail shows the event, by the org admin, in Chinese.
    page.get_by_role("link", name=zh("Audit trail"), exact=True).click()
    expect(page.locator("h1")).to_have_text(zh("Audit trail"))
    event = page.locator("tbody tr").filter(has_text=zh("Created a user")).first
    expect(event.locator("td").nth(1)).to_have_text(admin.username)
    expect(event.locator("td").nth(2)).to_have_text(zh("Created a user"))
    settle(page, screenshot, "audit-trail")

    # The link works once, in a browser that knows nothing of the admin's session.
    colleague = new_page(viewport={"width": 1280, "height": 900}, locale="en-GB")
    colleague.goto(link)
    colleague.fill("#id_new_password1", NEW_PASSWORD)
    colleague.fill("#id_new_password2", NEW_PASSWORD)
    settle(colleague, screenshot, "set-password")
    colleague.locator("main button[type=submit]").click()
    colleague.wait_for_url(f"{base}/account/login/")
    expect(colleague.locator(".govuk-notification-banner--success")).to_be_visible()
    settle(colleague, screenshot, "password-set")

    # Signing in brings the home page in the language the admin chose for them.
    sign_in(colleague, base, NEW_USERNAME, NEW_PASSWORD)
    expect(colleague.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(colleague.locator("h1")).to_have_text(zh("Welcome, %(name)s") % {"name": NEW_FULL_NAME})
    assert nav_labels(colleague)[0] == zh("Home")
    expect(colleague.locator("main")).to_contain_text(zh(str(Role.CASEWORKER.label)))
    settle(colleague, screenshot, "colleague-home")

    zh.assert_complete()


def tab_to(page: Page, selector: str, limit: int = 40) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement?.matches(s) ?? false", selector):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"{selector} was not reached with {limit} presses of Tab")


def assert_focus_visible(page: Page) -> None:
    style = page.evaluate(
        """() => {
            const s = getComputedStyle(document.activeElement);
            return {outline: s.outlineStyle, colour: s.outlineColor, shadow: s.boxShadow};
        }"""
    )
    visible_outline = style["outline"] != "none" and style["colour"] != "rgba(0, 0, 0, 0)"
    assert visible_outline or style["shadow"] != "none", f"no visible focus indicator: {style}"


def assert_no_horizontal_scroll(page: Page, step: str) -> None:
    widths = page.evaluate(
        "({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    assert widths["scroll"] <= widths["inner"], f"{step}: horizontal scrollbar ({widths})"


def test_org_admin_on_a_phone_with_the_keyboard(
    live_server, live_world: World, new_page, screenshot: Screenshot
) -> None:
    base = live_server.url
    admin = live_world.user(Role.ORG_ADMIN)
    page = new_page(viewport={"width": 360, "height": 740}, locale="en-GB", has_touch=True)

    sign_in(page, base, admin.username, PASSWORD)
    settle(page, screenshot, "home")
    assert_no_horizontal_scroll(page, "home")

    page.goto(f"{base}/users/new/")
    settle(page, screenshot, "add-user-form")
    assert_no_horizontal_scroll(page, "add-user form")

    for selector, text in (
        ("#id_username", "phone_colleague"),
        ("#id_full_name", "Ana Pop (synthetic)"),
        ("#id_email", "ana.pop@example.org"),
    ):
        tab_to(page, selector)
        assert_focus_visible(page)
        page.keyboard.type(text)
    tab_to(page, f"input[name=roles][value={Role.CASEWORKER.value}]")
    page.keyboard.press("Space")
    expect(page.locator(f"input[name=roles][value={Role.CASEWORKER.value}]")).to_be_checked()
    tab_to(page, "main button[type=submit]")
    assert_focus_visible(page)
    screenshot(page, "add-user-form-filled")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.locator("#invite-link")).to_contain_text("/account/password/set/")
    settle(page, screenshot, "user-added")
    assert_no_horizontal_scroll(page, "user-added confirmation")
    created = User.objects.get(username="phone_colleague")
    assert (created.full_name, created.email) == ("Ana Pop (synthetic)", "ana.pop@example.org")
    assert list(created.memberships.values_list("grants__role", flat=True)) == [
        Role.CASEWORKER.value
    ]
