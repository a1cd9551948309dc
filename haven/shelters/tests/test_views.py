"""The shelter pages: admission in two steps, exit with follow-ups, lists, capacity, the
waitlist, incidents, the case page panel and the home page cards."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from haven.accounts.roles import Role
from haven.referrals import services as referral_services
from haven.referrals.tests.factories import open_case, send
from haven.shelters import services
from haven.shelters.models import FollowUp, Incident, Shelter, Stay, WaitlistEntry
from haven.shelters.tests.factories import ADDRESS, admit, manager, world_shelter
from haven.shelters.vocab import StayStatus

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_admission_from_a_referral_in_two_steps(world, login):
    shelter = world_shelter(world)
    referral = send(world, case=open_case(world, other=True), to=world.org_a)
    referral_services.referral_accept(actor=manager(world), referral=referral)
    client = login(manager(world))

    waiting = client.get(reverse("shelters:referrals"))
    assert referral.case.reference in waiting.content.decode()
    start = client.get(reverse("shelters:admit_referral", kwargs={"referral": referral.pk}))
    assert start.status_code == 302
    assert f"referral={referral.pk}" in start["Location"]
    step_one = client.get(start["Location"])
    assert step_one.status_code == 200
    assert 'value="Feminine" selected' in step_one.content.decode()  # from the referral

    url = reverse("shelters:admit", kwargs={"pk": shelter.pk})
    query = f"?referral={referral.pk}&step=bed&sex=Feminine"
    step_two = client.get(url + query)
    page = step_two.content.decode()
    assert "(suggested)" in page
    assert "Room 1, bed 1A" in page
    assert "bed 2A" not in page  # a room for men does not fit
    response = client.post(
        url + query,
        {
            "bed": str(shelter.beds.get(label="1A").pk),
            "admitted_on": TODAY.isoformat(),
            "risk_exploiters": "high",
            "risk_health": "none",
            "risk_self_harm": "none",
            "risk_child_protection": "none",
            "house_rules_consent": "on",
        },
    )

    stay = Stay.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/stays/{stay.pk}/")
    assert stay.referral == referral
    assert stay.risk_exploiters == "high"
    detail_response = client.get(response["Location"])
    detail = detail_response.content.decode()
    assert detail_response.status_code == 200, detail[-3000:]
    assert stay.reference in detail
    assert referral.case.reference in detail


def test_admission_needs_the_house_rules_and_explains_unfit_beds(world, login):
    shelter = world_shelter(world)
    client = login(manager(world))
    url = reverse("shelters:admit", kwargs={"pk": shelter.pk})
    query = "?step=bed&sex=Masculine&is_child=on"

    page = client.get(url + query).content.decode()
    assert "Family room, bed F1" in page
    assert "Room 1, bed 1A" not in page
    assert "child-appropriate room" in page  # why the other beds do not fit
    response = client.post(
        url + query,
        {
            "bed": str(shelter.beds.get(label="F1").pk),
            "admitted_on": TODAY.isoformat(),
            "risk_exploiters": "none",
            "risk_health": "none",
            "risk_self_harm": "none",
            "risk_child_protection": "none",
        },
    )
    assert response.status_code == 200
    assert "Explain the house rules" in response.content.decode()
    assert not Stay.objects.exists()


def test_no_fitting_bed_offers_the_waitlist(world, login):
    actor = manager(world)
    shelter = world_shelter(world)
    for label in ("F1", "F2"):
        admit(actor, shelter, bed_label=label, sex="Masculine", is_child=True)
    page = (
        login(actor)
        .get(
            reverse("shelters:admit", kwargs={"pk": shelter.pk})
            + "?step=bed&sex=Feminine&is_child=on"
        )
        .content.decode()
    )
    assert "No free bed in this shelter fits" in page
    assert reverse("shelters:waitlist_add", kwargs={"pk": shelter.pk}) in page


def test_exit_page_plans_follow_ups_shown_in_my_follow_ups_and_on_home(world, login):
    actor = manager(world)
    stay = admit(actor, world_shelter(world))
    client = login(actor)
    url = reverse("shelters:stay_exit", kwargs={"pk": stay.pk})
    page = client.get(url).content.decode()
    assert "cannot be undone" in page

    response = client.post(
        url,
        {
            "exited_on": TODAY.isoformat(),
            "reason": "plan_completed",
            "destination": "independent_housing",
            "plan": "Flat found (synthetic).",
            "follow_up_days": ["7", "90"],
            "follow_up_owner": str(actor.pk),
        },
    )

    assert response.status_code == 302
    stay.refresh_from_db()
    assert stay.status == StayStatus.ENDED
    assert sorted(FollowUp.objects.values_list("days_after_exit", flat=True)) == [7, 90]
    mine = client.get(reverse("shelters:follow_up_list")).content.decode()
    assert "Check in with the person 7 days after they left" in mine
    home = client.get(reverse("web:home")).content.decode()
    assert "My follow-ups" in home
    assert "Shelter beds" in home
    assert "Not available in this version" not in home
    item = FollowUp.objects.get(days_after_exit=7)
    client.post(reverse("shelters:follow_up_done", kwargs={"pk": item.pk}))
    item.refresh_from_db()
    assert item.done_at is not None


def test_stay_search_is_posted_and_kept_out_of_the_url(world, login):
    actor = manager(world)
    stay = admit(actor, world_shelter(world), known_as="Lan")
    client = login(actor)

    response = client.post(reverse("shelters:stay_list"), {"q": "Lan Secret", "status": "all"})

    assert response.status_code == 302
    assert "Lan" not in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "No stays match" in page
    response = client.post(reverse("shelters:stay_list"), {"q": stay.reference, "status": "all"})
    assert stay.reference in client.get(response["Location"]).content.decode()


def test_lists_do_not_grow_queries_with_rows(world, login):
    actor = manager(world)
    shelter = world_shelter(world)
    client = login(actor)
    admit(actor, shelter)

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    urls = [
        reverse("shelters:stay_list"),
        reverse("shelters:list"),
        reverse("shelters:detail", kwargs={"pk": shelter.pk}),
    ]
    before = [count(u) for u in urls]
    for _ in range(3):
        admit(actor, shelter)
    assert [count(u) for u in urls] == before


def test_capacity_for_coordinators_without_addresses(world, login):
    world_shelter(world)
    world_shelter(world, other=True)
    client = login(world.user(Role.COORDINATOR))
    page = client.get(reverse("shelters:capacity")).content.decode()
    assert "Shelter A (synthetic)" in page
    assert "Shelter B (synthetic)" in page
    assert ADDRESS not in page
    filtered = client.get(reverse("shelters:capacity"), {"need": "cot"}).content.decode()
    assert "Shelter A (synthetic)" in filtered
    csv = client.get(reverse("shelters:capacity_export")).content.decode()
    assert csv.splitlines()[0].lstrip("\ufeff").startswith("Shelter,Organisation")


def test_case_page_shows_the_stay_to_the_referring_organisation(world, login):
    shelter = world_shelter(world)
    case = open_case(world, other=True)
    referral = send(world, case=case, to=world.org_a)
    referral_services.referral_accept(actor=manager(world), referral=referral)
    services.stay_admit(
        actor=manager(world), shelter=shelter, referral=referral, house_rules_consent=True
    )

    page = (
        login(world.user(Role.CASEWORKER, other=True))
        .get(reverse("cases:detail", kwargs={"pk": case.pk}))
        .content.decode()
    )

    assert "Shelter A (synthetic)" in page
    assert "Staying" in page
    assert ADDRESS not in page


def test_shelter_rooms_and_beds_from_the_pages(world, login):
    client = login(manager(world))
    response = client.post(
        reverse("shelters:create"),
        {
            "name": "New House (synthetic)",
            "type": "women",
            "capacity": "4",
            "country": "CN",
            "gender_policy": "self_identified",
            "max_stay_days": "60",
            "address": ADDRESS,
            "is_active": "on",
        },
    )
    shelter = Shelter.objects.get()
    assert response.status_code == 302
    assert shelter.address == ADDRESS
    client.post(
        reverse("shelters:room_create", kwargs={"pk": shelter.pk}),
        {"name": "R1", "rule": "women", "child_appropriate": "on"},
    )
    room = shelter.rooms.get()
    client.post(
        reverse("shelters:bed_create", kwargs={"room": room.pk}), {"label": "A", "in_service": "on"}
    )
    bed = room.beds.get()
    response = client.post(
        reverse("shelters:bed_edit", kwargs={"bed": bed.pk}),
        {"label": "A", "out_of_service_reason": "repair"},
    )
    bed.refresh_from_db()
    assert response.status_code == 302
    assert not bed.in_service
    board = client.get(reverse("shelters:detail", kwargs={"pk": shelter.pk})).content.decode()
    assert "Out of service" in board
    assert ADDRESS in board


def test_waitlist_pages(world, login):
    actor = manager(world)
    shelter = world_shelter(world)
    client = login(actor)
    add = reverse("shelters:waitlist_add", kwargs={"pk": shelter.pk})
    response = client.post(add, {"label": "Desk 3", "sex": "Feminine", "risk": "high"})
    assert response.status_code == 302
    entry = WaitlistEntry.objects.get()
    assert entry.stay is not None  # a bed was free: reserved at once
    page = client.get(reverse("shelters:waitlist", kwargs={"pk": shelter.pk})).content.decode()
    assert "Desk 3" in page
    assert "reserved" in page
    reservation = client.get(
        reverse("shelters:admit", kwargs={"pk": shelter.pk}) + f"?reservation={entry.stay_id}"
    )
    assert "Bed" in reservation.content.decode()
    assert reservation.status_code == 200
    client.post(reverse("shelters:waitlist_withdraw", kwargs={"pk": entry.pk}))
    entry.refresh_from_db()
    assert entry.status == "withdrawn"


def test_incident_pages(world, login):
    actor = manager(world)
    shelter = world_shelter(world)
    stay = admit(actor, shelter)
    client = login(actor)
    url = reverse("shelters:incident_create", kwargs={"pk": shelter.pk})
    assert client.get(url + f"?stay={stay.pk}").status_code == 200
    when = (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        url,
        {
            "stay": str(stay.pk),
            "kind": "exploiter_contact",
            "severity": "high",
            "occurred_at": when,
            "description": "A man asked for her at the gate (synthetic).",
            "action": "Move her to another room",
            "action_due_on": TODAY.isoformat(),
        },
    )
    incident = Incident.objects.get()
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "A man asked for her" in page
    assert "Move her to another room" in page
    client.post(
        response["Location"],
        {"title": "Tell the police liaison", "due_on": TODAY.isoformat(), "owner": str(actor.pk)},
    )
    assert incident.actions.count() == 2
    listing = client.get(reverse("shelters:incident_list"), {"severity": "high"}).content.decode()
    assert "Contact or threat from exploiters" in listing


def test_outing_page_says_it_records_and_never_restricts(world, login):
    stay = admit(manager(world), world_shelter(world))
    page = (
        login(manager(world))
        .get(reverse("shelters:stay_movement", kwargs={"pk": stay.pk}))
        .content.decode()
    )
    assert "never grants or refuses leave" in page
    assert "lock" not in page.lower().replace("block", "")
