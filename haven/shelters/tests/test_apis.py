"""The shelters API: the same rules as the pages, errors as problem details."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from haven.accounts.roles import Role
from haven.referrals import services as referral_services
from haven.referrals.tests.factories import open_case, send
from haven.shelters.models import FollowUp, Stay
from haven.shelters.tests.factories import ADDRESS, admit, manager, world_shelter

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_admit_exit_and_follow_ups_through_the_api(world, login):
    shelter = world_shelter(world)
    client = login(manager(world))

    response = client.post(
        reverse("api:stay_list"),
        {
            "shelter": str(shelter.pk),
            "sex": "Masculine",
            "house_rules_consent": True,
            "risk_health": "medium",
            "medical_screening_needed": True,
        },
        content_type="application/json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["reference"] == "S-00001"
    assert body["risk_level"] == "medium"
    stay = Stay.objects.get()
    assert stay.bed.label == "F1"  # men's room 2A is kept for who needs an accessible bed
    board = client.get(reverse("api:shelter_board", kwargs={"pk": shelter.pk})).json()
    assert board["occupancy"]["occupied"] == 1
    states = {b["bed"]["label"]: b["state"] for r in board["rooms"] for b in r["beds"]}
    assert states["F1"] == "occupied"
    assert states["1A"] == "free"

    response = client.post(
        reverse("api:stay_exit", kwargs={"pk": stay.pk}),
        {"reason": "returned", "destination": "country_of_origin", "follow_up_days": [30, 180]},
        content_type="application/json",
    )

    assert response.status_code == 200, response.json()
    assert [f["due_on"] for f in response.json()] == [
        (TODAY + datetime.timedelta(days=d)).isoformat() for d in (30, 180)
    ]
    assert FollowUp.objects.count() == 2
    listed = client.get(reverse("api:shelter_follow_up_list")).json()
    assert listed["count"] == 2


def test_placement_errors_are_problem_details(world, login):
    shelter = world_shelter(world)
    client = login(manager(world))
    response = client.post(
        reverse("api:stay_list"),
        {
            "shelter": str(shelter.pk),
            "sex": "Masculine",
            "house_rules_consent": True,
            "bed": str(shelter.beds.get(label="1A").pk),
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["errors"][0]["field"] == "bed"
    other = world_shelter(world, other=True)
    response = client.post(
        reverse("api:stay_list"),
        {"shelter": str(other.pk), "house_rules_consent": True},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "shelter"


def test_admission_from_a_referral_through_the_api(world, login):
    shelter = world_shelter(world)
    referral = send(world, case=open_case(world, other=True), to=world.org_a)
    referral_services.referral_accept(actor=manager(world), referral=referral)
    client = login(manager(world))
    waiting = client.get(reverse("api:shelter_referrals")).json()
    assert [r["id"] for r in waiting["results"]] == [str(referral.pk)]

    response = client.post(
        reverse("api:stay_list"),
        {"shelter": str(shelter.pk), "referral": str(referral.pk), "house_rules_consent": True},
        content_type="application/json",
    )

    assert response.status_code == 201
    assert response.json()["case_reference"] == referral.case.reference


def test_the_address_only_for_the_shelters_own_staff(world, login):
    shelter = world_shelter(world)
    client = login(manager(world))
    detail = client.get(reverse("api:shelter_detail", kwargs={"pk": shelter.pk})).json()
    assert detail["address"] == ADDRESS
    listing = client.get(reverse("api:shelter_list")).content.decode()
    assert ADDRESS not in listing
    assert "Shelter A (synthetic)" in listing
    client.logout()
    other = login(manager(world, other=True))
    assert other.get(reverse("api:shelter_detail", kwargs={"pk": shelter.pk})).status_code == 404
    capacity = login(world.user(Role.COORDINATOR)).get(reverse("api:shelter_capacity"))
    assert capacity.status_code == 200
    assert ADDRESS not in capacity.content.decode()
    assert capacity.json()["results"][0]["occupancy"]["free"] == 6


def test_suggestions_waitlist_and_incidents(world, login):
    actor = manager(world)
    shelter = world_shelter(world)
    mother = admit(actor, shelter, bed_label="1A")
    client = login(actor)

    suggestions = client.post(
        reverse("api:shelter_bed_suggestions", kwargs={"pk": shelter.pk}),
        {"sex": "Masculine", "is_child": True, "accompanying": str(mother.pk)},
        content_type="application/json",
    ).json()
    assert suggestions[0]["label"] == "1B"
    assert suggestions[0]["fits"]
    assert {"child_room_needed", "accompanied_child_room"} & {
        p for s in suggestions for p in s["problems"]
    }

    entry = client.post(
        reverse("api:shelter_waitlist", kwargs={"pk": shelter.pk}),
        {"label": "Desk 9", "risk": "high", "sex": "Feminine"},
        content_type="application/json",
    )
    assert entry.status_code == 201
    assert entry.json()["status"] == "offered"

    incident = client.post(
        reverse("api:shelter_incident_list"),
        {
            "shelter": str(shelter.pk),
            "stay": str(mother.pk),
            "kind": "health",
            "severity": "low",
            "description": "Fainted (synthetic).",
            "action": "GP visit",
            "action_due_on": TODAY.isoformat(),
        },
        content_type="application/json",
    )
    assert incident.status_code == 201, incident.json()
    assert incident.json()["actions"][0]["title"] == "GP visit"
    movement = client.post(
        reverse("api:stay_movements", kwargs={"pk": mother.pk}),
        {
            "kind": "appointment",
            "started_at": (timezone.now() - datetime.timedelta(hours=1)).isoformat(),
        },
        content_type="application/json",
    )
    assert movement.status_code == 201
