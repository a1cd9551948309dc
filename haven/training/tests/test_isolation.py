"""Trainee accounts are separate from operational access: a trainee sees only training, and
practice never touches screenings, persons or cases. Trainees see only their own exercises."""

from __future__ import annotations

import pytest
from django.urls import reverse

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.cases.models import Case, Person
from haven.screening.models import Screening
from haven.training.tests import factories as f

pytestmark = pytest.mark.django_db

OPERATIONAL_PAGES = [
    "screening:list",
    "screening:start",
    "cases:list",
    "cases:register",
    "cases:my_tasks",
    "referrals:inbox",
    "referrals:directory",
    "audit:event_list",
    "accounts:user_list",
]
OPERATIONAL_API = [
    "api:screening_list",
    "api:case_list",
    "api:task_list",
    "api:referral_list",
    "api:service_list",
    "api:audit_event_list",
    "api:user_list",
]


@pytest.mark.parametrize("name", OPERATIONAL_PAGES)
def test_a_trainee_gets_no_operational_page(world, login, name):
    assert login(world.user(Role.TRAINEE)).get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", OPERATIONAL_API)
def test_a_trainee_gets_no_operational_api(world, login, name):
    assert login(world.user(Role.TRAINEE)).get(reverse(name)).status_code == 403


def test_a_trainee_sees_only_training_in_the_menu_and_on_the_home_page(world, login):
    response = login(world.user(Role.TRAINEE)).get(reverse("web:home"))

    menu = [str(item["label"]) for item in response.context["nav_items"]]
    assert menu == ["Home", "Training", "Legal library"]
    titles = [card.title for card in response.context["cards"]]
    assert "Your training" in titles
    assert not {"Screening interviews", "Cases and tasks", "Referrals received"} & set(titles)


def test_practice_creates_no_screening_person_or_case(world):
    trainee = world.user(Role.TRAINEE)
    f.exercise(trainee, case_id="construction-abroad", answers=f.key_answers("construction-abroad"))

    assert not Screening.objects.exists()
    assert not Person.objects.exists()
    assert not Case.objects.exists()
    actions = set(AuditEvent.objects.filter(actor=trainee).values_list("action", flat=True))
    assert actions == {"exercise.started", "exercise.answered", "exercise.submitted"}


def test_a_trainee_cannot_see_another_trainees_exercise(world, login):
    trainee = world.user(Role.TRAINEE)
    other_trainee = world.user(Role.TRAINEE, other=True)
    theirs = f.exercise(other_trainee, answers={"ACT_RECRUITMENT": "yes"})
    mine = f.exercise(trainee, answers={"ACT_RECRUITMENT": "yes"})
    client = login(trainee)

    assert (
        client.get(reverse("training:exercise_feedback", kwargs={"pk": theirs.pk})).status_code
        == 404
    )
    assert (
        client.get(reverse("api:training_exercise_detail", kwargs={"pk": theirs.pk})).status_code
        == 404
    )
    listed = client.get(reverse("api:training_exercise_list")).json()["results"]
    assert [row["id"] for row in listed] == [str(mine.pk)]


def test_a_second_trainee_of_the_same_organisation_is_kept_apart(world, login):
    from haven.accounts import services as account_services

    colleague = account_services.user_create(
        actor=world.user(Role.SYSADMIN),
        organisation=world.org_a,
        username="trainee_a2",
        roles=[Role.TRAINEE.value],
    ).user
    theirs = f.exercise(colleague, answers={"ACT_RECRUITMENT": "yes"})
    client = login(world.user(Role.TRAINEE))

    assert (
        client.get(reverse("training:exercise_feedback", kwargs={"pk": theirs.pk})).status_code
        == 404
    )
    assert client.get(reverse("training:exercise_list")).context["rows"] == []
    # ... while their trainer sees both.
    trainer_rows = (
        login(world.user(Role.TRAINER)).get(reverse("training:exercise_list")).context["rows"]
    )
    assert [row[0] for row in trainer_rows] == [theirs]


def test_a_trainee_sees_only_workshops_they_are_enrolled_in(world, login):
    enrolled = f.workshop(world, title="Enrolled (synthetic)")
    f.workshop(world, title="Not enrolled (synthetic)")
    f.enrol(world, enrolled, world.user(Role.TRAINEE))
    client = login(world.user(Role.TRAINEE))

    page = client.get(reverse("training:workshop_list")).context["page_obj"]
    assert [w.title for w in page.object_list] == ["Enrolled (synthetic)"]
    assert client.get(reverse("training:cohort", kwargs={"pk": enrolled.pk})).status_code == 403


def test_the_library_is_open_to_every_signed_in_user(world, login):
    for role in Role:
        client = login(world.user(role))
        assert client.get(reverse("training:library")).status_code == 200
        assert (
            client.get(reverse("training:indicator", kwargs={"item_id": "CD01"})).status_code == 200
        )
        client.logout()
