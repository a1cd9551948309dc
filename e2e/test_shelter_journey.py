"""A shelter manager accepts a referral, admits the person to a suitable bed, records an
incident with a follow-up action and discharges them with a follow-up plan; the referring
caseworker sees the stay on the case page, never the shelter's address."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import PASSWORD, World
from e2e.journeys import sign_in
from haven.accounts.roles import Role
from haven.referrals.models import Referral
from haven.referrals.tests.factories import open_case, publish, send, third
from haven.shelters.models import FollowUp, Incident, Stay
from haven.shelters.tests.factories import ADDRESS, make_shelter

pytestmark = pytest.mark.e2e

Screenshot = Callable[[Page, str], Path]


def test_accept_admit_incident_and_discharge(
    live_server, live_world: World, new_page, screenshot: Screenshot
) -> None:
    base = live_server.url
    org = third(live_world)
    manager = org.user(Role.SHELTER_MANAGER)
    for user in (manager, live_world.user(Role.CASEWORKER)):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    publish(org.user(Role.ORG_ADMIN), org.org)
    shelter = make_shelter(manager, org.org, name="Harbour House (synthetic)", type="women")
    case = open_case(live_world, sex="Feminine")
    send(live_world, case=case, to=org.org)
    referral = Referral.objects.get()

    page = new_page()
    sign_in(page, base, manager.username)
    page.goto(f"{base}/referrals/")
    page.get_by_role("link", name=case.reference).click()
    page.locator("main a.govuk-button", has_text="Accept").click()
    page.locator("main form button[type=submit]").click()
    referral.refresh_from_db()
    assert referral.status == "accepted"
    screenshot(page, "accepted")

    page.goto(f"{base}/shelters/referrals/")
    expect(page.locator("main")).to_contain_text(case.reference)
    page.locator("main a.govuk-button", has_text="Admit").click()
    expect(page.locator("h1")).to_contain_text("Who needs a bed")
    assert page.locator("#id_sex").input_value() == "Feminine"  # from the referral
    screenshot(page, "admit-step-1")
    page.locator("main form button[type=submit]").click()

    expect(page.locator("h1")).to_contain_text("Choose the bed")
    suggested = page.locator("input[name=bed]:checked")
    expect(suggested).to_have_count(1)
    assert "(suggested)" in page.locator(f"label[for={suggested.get_attribute('id')}]").inner_text()
    assert "bed 2A" not in page.locator("main").inner_text()  # a room for men: not offered
    page.check("input[name=risk_exploiters][value=high]")
    page.check("#id_interpreter_needed")
    page.select_option("#id_interpreter_language", "vi")
    page.check("#id_house_rules_consent")
    screenshot(page, "admit-step-2")
    page.locator("main form button[type=submit]").click()

    stay = Stay.objects.get()
    expect(page.locator("h1")).to_contain_text(stay.reference)
    assert stay.bed.label == "1A"
    assert stay.referral_id == referral.pk
    screenshot(page, "stay")

    page.get_by_role("link", name="Record an incident").click()
    page.select_option("#id_kind", "exploiter_contact")
    page.check("input[name=severity][value=high]")
    page.fill("#id_description", "A car waited outside the gate twice (synthetic).")
    page.check("#id_police_informed")
    page.fill("#id_action", "Review the safety plan with her")
    page.fill("#id_action_due_on", timezone.localdate().isoformat())
    screenshot(page, "incident-form")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("Contact or threat from exploiters")
    expect(page.locator("main")).to_contain_text("Review the safety plan with her")
    incident = Incident.objects.get()
    assert incident.stay_id == stay.pk
    assert incident.actions.count() == 1
    screenshot(page, "incident")

    page.get_by_role("link", name=stay.reference).click()
    page.get_by_role("link", name="Record the exit").click()
    expect(page.locator("main")).to_contain_text("cannot be undone")
    page.check("input[name=reason][value=plan_completed]")
    page.check("input[name=destination][value=independent_housing]")
    page.fill("#id_plan", "Rented room found; weekly calls with the caseworker (synthetic).")
    page.check("input[name=follow_up_days][value='180']")
    screenshot(page, "exit")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("4 follow-ups are planned")
    stay.refresh_from_db()
    assert stay.status == "ended"
    assert stay.exit_destination == "independent_housing"
    assert FollowUp.objects.filter(stay=stay, kind="exit").count() == 4
    referral.refresh_from_db()
    assert referral.status == "completed"

    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{base}/shelters/follow-ups/")
    expect(page.locator("main")).to_contain_text("Check in with the person 7 days after they left")
    expect(page.locator("main")).to_contain_text("Review the safety plan with her")
    screenshot(page, "follow-ups-phone")

    caseworker = new_page()
    sign_in(caseworker, base, live_world.user(Role.CASEWORKER).username)
    caseworker.goto(f"{base}/cases/{case.pk}/")
    panel = caseworker.locator("section[aria-label=Shelter]")
    expect(panel).to_contain_text("Harbour House (synthetic)")
    expect(panel).to_contain_text("Independent housing")
    assert ADDRESS not in caseworker.content()
    screenshot(caseworker, "case-panel")
    assert shelter.pk
