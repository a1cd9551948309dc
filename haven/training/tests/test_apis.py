"""The training API: the same policy as the pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from haven.accounts.roles import Role
from haven.training.models import Exercise, Workshop
from haven.training.tests import factories as f

pytestmark = pytest.mark.django_db

WORKSHOP = {
    "title": "API workshop (synthetic)",
    "place": "Nanning",
    "starts_on": "2026-06-01",
    "ends_on": "2026-06-02",
    "languages": ["zh-hans"],
}


def test_a_trainer_runs_a_workshop_through_the_api(world, login):
    client = login(world.user(Role.TRAINER))
    response = client.post(
        reverse("api:training_workshop_list"), WORKSHOP, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    kwargs = {"pk": pk}

    response = client.post(
        reverse("api:training_workshop_enrolments", kwargs=kwargs),
        {"trainees": [world.user(Role.TRAINEE).email]},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["added"] == 1
    response = client.put(
        reverse("api:training_workshop_case_studies", kwargs=kwargs),
        {"case_studies": ["forced-begging"]},
        content_type="application/json",
    )
    assert response.json()["case_studies"] == ["forced-begging"]
    response = client.patch(
        reverse("api:training_workshop_detail", kwargs=kwargs),
        {"pre_test_open": True, "place": "Kunming"},
        content_type="application/json",
    )
    assert (response.json()["pre_test_open"], response.json()["place"]) == (True, "Kunming")

    trainee = login(world.user(Role.TRAINEE))
    quiz = trainee.get(reverse("api:training_quiz", kwargs={**kwargs, "kind": "pre"})).json()
    assert quiz["open"] is True
    assert "answer" not in quiz["questions"][0]
    answers = {q["id"]: q["choices"][0]["id"] for q in quiz["questions"]}
    response = trainee.post(
        reverse("api:training_quiz", kwargs={**kwargs, "kind": "pre"}),
        {"answers": answers},
        content_type="application/json",
    )
    assert response.status_code == 201
    response = trainee.post(
        reverse("api:training_exercise_list"),
        {
            "case_study": "forced-begging",
            "workshop": pk,
            "answers": {"ACT_RECRUITMENT": "yes", "PURPOSE_FORCED_BEGGING": "yes"},
            "subject_age": 52,
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["found"] == ["ACT_RECRUITMENT", "PURPOSE_FORCED_BEGGING"]
    assert body["outcome"] == "exploitation_indicators_only"
    assert body["outcome_match"] is False

    results = (
        login(world.user(Role.TRAINER))
        .get(reverse("api:training_workshop_results", kwargs=kwargs))
        .json()
    )
    assert results["exercises_submitted"] == 1
    assert results["trainees"][0]["pre_test"] is not None
    assert {row["id"] for row in results["most_missed"]} >= {"MEANS_DECEPTION", "ACT_HARBOURING"}


def test_errors_are_problem_details(world, login):
    client = login(world.user(Role.TRAINER))
    response = client.post(
        reverse("api:training_workshop_list"),
        {**WORKSHOP, "ends_on": "2026-05-01"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert not Workshop.objects.exists()

    workshop = f.workshop(world)
    response = client.post(
        reverse("api:training_workshop_enrolments", kwargs={"pk": workshop.pk}),
        {"trainees": ["ghost"]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "ghost" in response.content.decode()


def test_a_trainee_cannot_manage_and_sees_no_keys(world, login):
    client = login(world.user(Role.TRAINEE))
    assert (
        client.post(
            reverse("api:training_workshop_list"), WORKSHOP, content_type="application/json"
        ).status_code
        == 403
    )
    cases = client.get(reverse("api:training_case_study_list")).json()
    assert len(cases) >= 16
    assert all("key" not in case for case in cases)

    trainer_cases = (
        login(world.user(Role.TRAINER)).get(reverse("api:training_case_study_list")).json()
    )
    assert trainer_cases[0]["key"]["outcome"]


def test_another_organisations_workshop_is_not_found(world, login):
    workshop = f.workshop(world, other=True)
    client = login(world.user(Role.TRAINER))

    assert (
        client.get(reverse("api:training_workshop_detail", kwargs={"pk": workshop.pk})).status_code
        == 404
    )
    assert (
        client.get(reverse("api:training_workshop_results", kwargs={"pk": workshop.pk})).status_code
        == 404
    )


def test_an_exercise_with_unknown_indicators_is_refused(world, login):
    response = login(world.user(Role.TRAINEE)).post(
        reverse("api:training_exercise_list"),
        {"case_study": "forced-begging", "answers": {"DR01": "yes"}},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not Exercise.objects.exists()
