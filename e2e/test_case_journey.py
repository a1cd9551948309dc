"""A caseworker registers a person (and is warned that they may be known already), opens the
case, records consent, refers to a shelter organisation, whose shelter manager accepts."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD, World
from e2e.journeys import sign_in
from haven.accounts.models import User
from haven.accounts.roles import Role
from haven.cases import services as case_services
from haven.cases.models import Case
from haven.referrals.models import Referral
from haven.referrals.tests.factories import publish, third

pytestmark = pytest.mark.e2e

Screenshot = Callable[[Page, str], Path]


def test_register_consent_refer_and_accept(
    live_server, live_world: World, new_page, screenshot: Screenshot
) -> None:
    base = live_server.url
    shelter = third(live_world)
    for user in shelter.users.values():
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    publish(shelter.user(Role.ORG_ADMIN), shelter.org, languages=["zh-hans", "vi"])
    caseworker = live_world.user(Role.CASEWORKER)
    known = case_services.person_register(
        actor=caseworker,
        organisation=live_world.org_a,
        family_name="张",
        given_names="伟",
        birth_date=datetime.date(1990, 5, 1),
        sex="Masculine",
    )
    known_case = case_services.case_open(actor=caseworker, person=known)

    page = new_page()
    sign_in(page, base, caseworker.username)
    page.goto(f"{base}/cases/register/")
    page.fill("#id_family_name", "Zhang")
    page.fill("#id_given_names", "Wei")
    page.fill("#id_birth_date", "1990-05-01")
    page.select_option("#id_sex", "Masculine")
    page.check("input[name=exploitation_types][value=ForcedLabour]")
    screenshot(page, "register")
    page.locator("main form button[type=submit]").click()

    warning = page.locator("#duplicate-candidates")
    expect(warning).to_contain_text(known_case.reference)
    screenshot(page, "duplicate-warning")
    assert Case.objects.count() == 1
    page.locator("main form button[type=submit]").click()

    expect(page.locator("h1")).to_contain_text("HV-")
    case = Case.objects.exclude(pk=known_case.pk).get()
    assert case.reference in page.locator("h1").inner_text()
    screenshot(page, "case-page")

    page.get_by_role("link", name="Record consent").click()
    page.check("input[name=purpose][value=share_domestic]")
    page.check("input[name=given][value=yes]")
    page.select_option("#id_method", "oral_interpreter")
    page.select_option("#id_language", "zh-hans")
    screenshot(page, "consent")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#consents")).to_be_visible()
    assert case_services.consent_in_force(case, "share_domestic")

    page.get_by_role("link", name="Refer this case").click()
    page.get_by_role("link", name="Refer to this organisation").first.click()
    page.locator("input[name=services]").first.check()
    page.check("input[name=urgency][value=urgent]")
    page.locator("input[name=reason]").first.check()
    screenshot(page, "refer-form")
    page.locator("main form button[type=submit]").click()
    screenshot(page, "check-your-answers")
    page.locator("main form button[value=send]").click()
    referral = Referral.objects.get()
    assert referral.to_organisation_id == shelter.org.pk
    assert referral.status == "sent"
    screenshot(page, "sent")

    manager = new_page()
    sign_in(manager, base, shelter.user(Role.SHELTER_MANAGER).username)
    manager.goto(f"{base}/referrals/")
    manager.get_by_role("link", name=case.reference).click()
    body = manager.locator("main").inner_text()
    assert "Zhang" not in body  # identity is not shared before acceptance
    screenshot(manager, "received")
    manager.locator("main a.govuk-button", has_text="Accept").click()
    manager.locator("main form button[type=submit]").click()
    referral.refresh_from_db()
    assert referral.status == "accepted"
    screenshot(manager, "accepted")
    assert User.objects.filter(username=shelter.user(Role.SHELTER_MANAGER).username).exists()
