"""Fixtures of the browser tests: Debian's chromium driven by Playwright against
pytest-django's live server, and a world of users built through the real services.

Playwright's sync API runs an event loop in the test thread; Django then refuses ORM calls
from that thread unless told that this is deliberate (the test thread and the live server
never run a query at the same moment, so it is safe here).
"""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, sync_playwright

from conftest import World, build_world

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MISSING_CHROMIUM = "chromium is missing: apt-get install -y chromium"
TIMEOUT_MS = 5_000


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(MISSING_CHROMIUM)
        pytest.skip(MISSING_CHROMIUM)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def live_world(transactional_db: Any) -> World:
    """The two organisations and their users, committed so the live server sees them."""
    return build_world()


class BrowserErrors(list[str]):
    """Console errors, uncaught exceptions and failed requests of every page of a test (a
    Content-Security-Policy violation is reported as a console error)."""

    def watch(self, page: Page) -> Page:
        def console(message: ConsoleMessage) -> None:
            if message.type == "error":
                self.append(f"{page.url}: console: {message.text}")

        page.on("console", console)
        page.on("pageerror", lambda error: self.append(f"{page.url}: uncaught: {error}"))
        page.on(
            "requestfailed",
            lambda request: self.append(f"{page.url}: {request.url} failed: {request.failure}"),
        )
        return page


@pytest.fixture
def new_page(browser: Browser) -> Iterator[Callable[..., Page]]:
    """``new_page(**context_options)`` opens a page in a fresh browser context (own cookies);
    every context is closed after the test and its browser errors fail the test."""
    contexts: list[BrowserContext] = []
    errors = BrowserErrors()

    def _new_page(**options: Any) -> Page:
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return errors.watch(context.new_page())

    yield _new_page
    for context in contexts:
        context.close()
    assert not errors, "the browser reported errors:\n" + "\n".join(errors)


@pytest.fixture
def screenshot(request: pytest.FixtureRequest) -> Callable[[Page, str], Path]:
    """``screenshot(page, "step")`` saves ``e2e/artifacts/<test>--<nn>-<step>.png``."""
    test = re.sub(r"[^\w-]+", "_", request.node.name)
    for old in ARTIFACTS.glob(f"{test}--*.png"):
        old.unlink()
    counter = iter(range(1, 100))

    def _screenshot(page: Page, step: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{test}--{next(counter):02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _screenshot
