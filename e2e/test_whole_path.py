"""The whole path through Haven in the browser, in English and in Chinese, across two real
nodes (``e2e/whole_path_nodes.py``): on node A (China) a screener runs a first-contact screen,
continues into the full interview and registers the person; a caseworker records the consents
and refers the case to a shelter organisation, whose manager accepts and admits the person to
a bed; a coordinator refers the case abroad to node B (the Netherlands), whose coordinator
accepts it; the acknowledgements reach the case's timeline on node A, and the analyst's
dashboard counts one more person. Messages travel through each node's queue (a background
worker per node, as when the nodes are run by hand).

Each step's screenshot is saved to ``e2e/artifacts/whole-path/<language>/NN-<step>.png``.
Headings are checked against the catalogue, and the Chinese pages must show no English UI
text. Both languages share the two nodes. By hand:
``.venv/bin/python -m pytest -q -n 2 --dist loadgroup e2e/test_whole_path.py`` (or ``-p no:xdist``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.utils import translation
from playwright.sync_api import Locator, Page, expect

from e2e.conftest import ARTIFACTS
from e2e.exchange_nodes import AGREEMENT, PASSWORD
from e2e.journeys import answer_every_step_yes, sign_in
from e2e.whole_path_nodes import (
    SHELTER_MANAGER,
    SHELTER_ORGANISATION,
    SPECS,
    PathNode,
    node_name,
    running_nodes,
    username,
)
from haven.exchange.vocab import Status

# Both languages share the two nodes: keep them on one xdist worker (``--dist loadgroup``).
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("whole_path")]

LANGUAGES = ["en", "zh-hans"]
HTML_LANG = {"en": "en", "zh-hans": "zh-Hans"}
BROWSER_LOCALE = {"en": "en-GB", "zh-hans": "zh-CN"}
PERSON = {"en": ("Nguyen (synthetic)", "Thi Lan"), "zh-hans": ("阮（虚构）", "氏兰")}
INTERVIEW_LANGUAGE = {"en": "Vietnamese", "zh-hans": "越南语"}
MESSAGE = {
    "en": "Continuity of assistance after her move (synthetic).",
    "zh-hans": "她搬家后继续提供援助（虚构）。",
}
PARTNER_B = node_name("B")
DELIVERY_TIMEOUT = 60  # seconds for a node's worker to deliver a message
# Data that stays in English whatever the language: names given by the nodes and the
# agreement (they are not interface text).
DATA = (
    PARTNER_B,
    node_name("A"),
    SPECS["A"].organisation,
    SPECS["B"].organisation,
    SHELTER_ORGANISATION[0],
    "Two-node test agreement (synthetic)",
    AGREEMENT,
)
WORD = r"[A-Z]?[a-z]{2,}"  # not codes such as "DR, CR, VR"
ENGLISH_WORDS = re.compile(rf"{WORD}(?:[ ,'’-]+{WORD}){{2,}}")  # three words or more
CASE_REFERENCE = re.compile(r"HV-\d{4}-\d{6}")


@pytest.fixture(scope="module")
def nodes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[PathNode, PathNode]]:
    with running_nodes(tmp_path_factory.mktemp("whole-path")) as (a, b):
        for node in (a, b):
            node.start_worker()
        yield a, b


@dataclass
class Journey:
    """One language's walk: its pages, the catalogue's words, numbered screenshots."""

    language: str
    new_page: Callable[..., Page]
    folder: Path = field(init=False)
    numbers: Iterator[int] = field(default_factory=lambda: count(1))

    def __post_init__(self) -> None:
        self.folder = ARTIFACTS / "whole-path" / self.language
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.png"):
            old.unlink()

    def t(self, message: str, **values: object) -> str:
        """``message`` from the catalogue in this journey's language, filled in."""
        with translation.override(self.language):
            return translation.gettext(message).format(**{k: str(v) for k, v in values.items()})

    def sign_in(self, node: PathNode, name: str, then: str) -> Page:
        """A browser in this language signs in as the user whose preference it is."""
        page = self.new_page(locale=BROWSER_LOCALE[self.language])
        sign_in(page, node.base, username(name, self.language), PASSWORD, then)
        expect(page.locator("html")).to_have_attribute("lang", HTML_LANG[self.language])
        return page

    def step(self, page: Page, name: str, heading: str | None = None) -> None:
        if heading is not None:
            expect(page.locator("main h1")).to_contain_text(heading)
        page.screenshot(path=self.folder / f"{next(self.numbers):02d}-{name}.png", full_page=True)
        if self.language != "en":
            text = page.locator("main").inner_text()
            for value in DATA:
                text = text.replace(value, " ")
            assert not ENGLISH_WORDS.findall(text), f"English on {page.url} ({name})"


def reload_until(page: Page, locator: Locator) -> None:
    """Reload until ``locator`` is there: the message it shows comes through a node's queue."""
    deadline = time.monotonic() + DELIVERY_TIMEOUT
    while not locator.count():
        if time.monotonic() > deadline:
            raise AssertionError(f"{locator} did not appear on {page.url}")
        page.reload()


@pytest.mark.parametrize("language", LANGUAGES)
def test_whole_path(
    nodes: tuple[PathNode, PathNode], language: str, new_page: Callable[..., Page]
) -> None:
    a, b = nodes
    walk = Journey(language, new_page)
    t = walk.t
    family, given = PERSON[language]

    # The analyst's dashboard before: the people counted so far (at least the threshold).
    analyst = walk.sign_in(a, "analyst", "/stats/")
    total = analyst.locator("[data-testid=stats-total]")
    before = int(total.inner_text())
    walk.step(analyst, "dashboard-before", t("Statistics"))

    # A screener: first-contact screen, then the full interview, then the case.
    screener = walk.sign_in(a, "screener", "/screenings/start/")
    screener.check("input[name=instrument][value=first-contact]")
    screener.fill("input[name=interview_language]", INTERVIEW_LANGUAGE[language])
    screener.check(f"input[name=question_language][value={language}]")
    for name in ("interpreter_used", "private_place", "interpreter_independent", "consent"):
        screener.check(f"input[name={name}]")
    screener.check("input[name=can_stop]")
    screener.fill("input[name=subject_age]", "27")
    walk.step(screener, "first-contact-start", t("Start a screening"))
    screener.locator("main form button[type=submit]").click()
    answer_every_step_yes(screener)
    screener.locator("main form button[type=submit]").click()
    walk.step(screener, "first-contact-result", t("Screening result"))

    screener.locator("main a[href*='/continue/']").click()
    expect(screener.locator("main h1")).to_have_text(t("Continue with the full interview"))
    screener.locator("main form button[type=submit]").click()
    answer_every_step_yes(screener)
    walk.step(screener, "full-interview-check", t("Check the answers before you see the result"))
    screener.locator("main form button[type=submit]").click()
    walk.step(screener, "full-interview-result", t("Screening result"))

    screener.locator("main a[href*='/register/']").click()
    screener.fill("input[name=family_name]", family)
    screener.fill("input[name=given_names]", given)
    screener.check("input[name=consent_given]")
    walk.step(screener, "register", t("Register as possible victim and open a case"))
    screener.locator("main form button[type=submit]").click()
    heading = screener.locator("main h1")
    expect(heading).to_contain_text("HV-")
    match = CASE_REFERENCE.search(heading.inner_text())
    assert match is not None
    reference = match.group()
    case_path = urlsplit(screener.url).path
    expect(screener.locator("main")).to_contain_text(
        t("Case {reference} is open.", reference=reference)
    )
    walk.step(screener, "case-registered")

    # A caseworker records the consents: assistance was given at registration.
    caseworker = walk.sign_in(a, "caseworker", case_path)
    for purpose in ("share_domestic", "share_abroad", "statistics"):
        caseworker.locator("main a[href$='/consent/']").click()
        expect(caseworker.locator("main h1")).to_have_text(t("Record consent"))
        caseworker.check(f"input[name=purpose][value={purpose}]")
        caseworker.check("input[name=given][value=yes]")
        caseworker.select_option("#id_method", "oral_interpreter")
        caseworker.select_option("#id_language", "vi")
        if purpose == "share_domestic":
            walk.step(caseworker, "consent")
        caseworker.locator("main form button[type=submit]").click()
        expect(caseworker.locator("main h1")).to_contain_text(reference)
    expect(caseworker.locator("#consents .govuk-tag--green")).to_have_count(4)
    walk.step(caseworker, "consents", reference)

    # ... and refers the case to the shelter organisation.
    caseworker.locator("main a[href^='/referrals/refer/']").click()
    expect(caseworker.locator("main h1")).to_have_text(
        t("Which organisation do you want to refer to?")
    )
    caseworker.locator("main a[href^='?organisation=']").first.click()
    caseworker.locator("input[name=services]").first.check()
    caseworker.check("input[name=urgency][value=urgent]")
    caseworker.locator("input[name=reason]").first.check()
    caseworker.locator("main form button[type=submit]").click()
    walk.step(caseworker, "referral-check", t("Check the referral before sending it"))
    caseworker.locator("main form button[value=send]").click()
    walk.step(caseworker, "referral-sent")

    # The shelter manager accepts the referral and admits the person to a bed.
    manager = walk.sign_in(a, SHELTER_MANAGER, "/referrals/")
    manager.get_by_role("link", name=reference).click()
    assert family not in manager.locator("main").inner_text()  # not before acceptance
    walk.step(manager, "shelter-referral-received")
    manager.locator("main a[href$='/accept/']").click()
    manager.locator("main form button[type=submit]").click()
    manager.goto(f"{a.base}/shelters/referrals/")
    manager.locator("main tr", has_text=reference).locator("a[href$='/admit/']").click()
    manager.select_option("#id_sex", "Feminine")
    walk.step(manager, "admission-who", t("Who needs a bed"))
    manager.locator("main form button[type=submit]").click()
    expect(manager.locator("input[name=bed]:checked")).to_have_count(1)  # suggested
    manager.check("#id_house_rules_consent")
    walk.step(manager, "admission-bed", t("Choose the bed and admit"))
    manager.locator("main form button[type=submit]").click()
    expect(manager.locator("main h1")).to_contain_text(re.compile(r"S-\d{5}"))
    walk.step(manager, "admitted")

    # A coordinator refers the case abroad, to node B.
    coordinator = walk.sign_in(a, "coord", case_path)
    coordinator.locator("main a[href^='/exchange/refer/']").click()
    expect(coordinator.locator("main h1")).to_have_text(t("To which partner, and why?"))
    coordinator.check("input[name=option][value$=':continuity_of_assistance']")
    coordinator.locator("main form button[type=submit]").click()
    coordinator.check(f"input[name=to_organisation][value='{b.organisation_id}']")
    coordinator.fill("textarea[name=message]", MESSAGE[language])
    walk.step(coordinator, "abroad-form")
    coordinator.locator("main form button[type=submit]").click()
    expect(coordinator.locator("main")).to_contain_text(family)
    walk.step(coordinator, "abroad-check", t("Check what is sent abroad"))
    coordinator.locator("main button[name=step][value=send]").click()
    expect(coordinator.locator("main")).to_contain_text(
        t("The referral is signed, encrypted and on its way to {partner}.", partner=PARTNER_B)
    )
    walk.step(coordinator, "abroad-sent")

    # On node B, the coordinator sees it arrive and accepts it: a case opens there.
    partner = walk.sign_in(b, "coord", "/exchange/")
    link = partner.get_by_role("link", name=reference)
    reload_until(partner, link)
    walk.step(partner, "node-b-inbox", t("Referrals abroad"))
    link.click()
    expect(partner.locator("main")).to_contain_text(family)
    expect(partner.locator("main")).to_contain_text(MESSAGE[language])
    walk.step(partner, "node-b-referral")
    partner.locator("main a[href$='/accept/']").click()
    walk.step(
        partner,
        "node-b-accept",
        t("Accept the referral from {organisation}?", organisation=SPECS["A"].organisation),
    )
    partner.locator("main form button[type=submit]").click()
    accepted = t("The referral is accepted: case {reference} is open.", reference="@")
    before_ref, after_ref = (re.escape(part) for part in accepted.split("@"))
    expect(partner.locator("main")).to_contain_text(
        re.compile(f"{before_ref}HV-\\d{{4}}-\\d{{6}}{after_ref}")
    )
    walk.step(partner, "node-b-accepted")

    # Back on node A, the acknowledgements are on the case's timeline.
    timeline = coordinator.locator("#timeline")
    coordinator.goto(a.base + case_path)
    received = t("{partner}: {status}", partner=PARTNER_B, status=Status.RECEIVED.label)
    acknowledged = t("{partner}: {status}", partner=PARTNER_B, status=Status.ACCEPTED.label)
    reload_until(coordinator, timeline.get_by_text(acknowledged))
    expect(timeline).to_contain_text(received)
    coordinator.locator("a.govuk-tabs__tab[href='#timeline']").click()
    walk.step(coordinator, "timeline-acknowledged")

    # The dashboard counts one more person.
    analyst.reload()
    expect(total).to_have_text(str(before + 1))
    walk.step(analyst, "dashboard-after", t("Statistics"))
