"""The training pages: a trainer prepares a workshop, a trainee practises and takes the tests,
the trainer reads the cohort view."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from haven.accounts.roles import Role
from haven.training import services
from haven.training.models import Enrolment, Exercise, Workshop
from haven.training.tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_trainer_creates_a_workshop_enrols_from_csv_and_assigns(world, login):
    client = login(world.user(Role.TRAINER))
    response = client.post(
        reverse("training:workshop_create"),
        {
            "title": "Two-day workshop (synthetic)",
            "title_zh": "两天培训班（虚构）",
            "place": "Nanning",
            "starts_on": "2026-05-11",
            "ends_on": "2026-05-12",
            "languages": ["en", "zh-hans"],
        },
    )
    workshop = Workshop.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("training:workshop_detail", kwargs={"pk": workshop.pk})

    trainee = world.user(Role.TRAINEE)
    upload = io.BytesIO(f"username,email\n{trainee.username},\n".encode())
    upload.name = "trainees.csv"
    response = client.post(
        reverse("training:workshop_enrol", kwargs={"pk": workshop.pk}), {"file": upload}
    )
    assert response.status_code == 302
    assert Enrolment.objects.get().trainee == trainee

    response = client.post(
        reverse("training:workshop_assign", kwargs={"pk": workshop.pk}),
        {"case_studies": ["forced-begging", "smuggled-migrant"]},
    )
    assert response.status_code == 302
    page = client.get(reverse("training:workshop_detail", kwargs={"pk": workshop.pk}))
    assert trainee.username in page.content.decode()


def test_enrolment_errors_are_shown_and_nobody_is_enrolled(world, login):
    workshop = f.workshop(world)
    client = login(world.user(Role.TRAINER))
    response = client.post(
        reverse("training:workshop_enrol", kwargs={"pk": workshop.pk}),
        {"trainees": f"{world.user(Role.TRAINEE).username}\nghost_user"},
    )

    assert response.status_code == 200
    assert "Line 2 (ghost_user)" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_a_workshop_with_the_last_day_first_is_refused(world, login):
    client = login(world.user(Role.TRAINER))
    response = client.post(
        reverse("training:workshop_create"),
        {
            "title": "X",
            "place": "Y",
            "starts_on": "2026-05-12",
            "ends_on": "2026-05-11",
            "languages": ["en"],
        },
    )
    assert response.status_code == 200
    assert "The last day must be on or after the first day." in response.content.decode()
    assert not Workshop.objects.exists()


def test_a_trainee_practises_step_by_step_and_sees_the_feedback(world, login):
    client = login(world.user(Role.TRAINEE))
    start = reverse("training:exercise_start", kwargs={"case_study": f.PALERMO_CASE})
    assert "Practice mode" in client.get(start).content.decode()
    response = client.post(start, {"question_language": "zh-hans", "subject_age": "52"})
    exercise = Exercise.objects.get()
    assert response["Location"] == reverse("training:exercise_resume", kwargs={"pk": exercise.pk})

    step = client.get(reverse("training:exercise_resume", kwargs={"pk": exercise.pk}))["Location"]
    page = client.get(step)
    html = page.content.decode()
    assert "招募" in html  # the questions in the question language
    assert reverse("training:indicator", kwargs={"item_id": "ACT_RECRUITMENT"}) in html
    client.post(
        step,
        {"question_language": "zh-hans", "a_ACT_RECRUITMENT": "yes", "a_ACT_HARBOURING": "yes"},
    )
    means = reverse("training:exercise_step", kwargs={"pk": exercise.pk, "step": "MEANS"})
    client.post(means, {"a_MEANS_DECEPTION": "yes", "a_MEANS_FRAUD": "yes"})
    purpose = reverse("training:exercise_step", kwargs={"pk": exercise.pk, "step": "PURPOSE"})
    response = client.post(purpose, {"a_PURPOSE_FORCED_BEGGING": "yes"})
    check = reverse("training:exercise_check", kwargs={"pk": exercise.pk})
    assert response["Location"] == check
    response = client.post(check)
    feedback = reverse("training:exercise_feedback", kwargs={"pk": exercise.pk})
    assert response["Location"] == feedback

    html = client.get(feedback).content.decode()
    exercise.refresh_from_db()
    assert exercise.missed == [
        "ACT_TRANSPORTATION",
        "MEANS_THREAT_FORCE",
        "MEANS_ABUSE_OF_VULNERABILITY",
    ]
    assert exercise.wrong == ["MEANS_FRAUD"]
    assert "Agreement with the key: 50%" in html
    assert "Driven to the city." in html  # the key's reason for a missed indicator
    assert "Forged documents, sham contracts" in html  # the library's explanation of a wrong one
    assert "Teaching points" in html


def test_the_trainer_sees_the_cohort_exports_it_and_prints_certificates(world, login):
    trainee = world.user(Role.TRAINEE)
    workshop = f.workshop(world)
    f.assign(world, workshop, f.PALERMO_CASE)
    f.enrol(world, workshop, trainee)
    trainer = world.user(Role.TRAINER)
    services.workshop_set_tests(
        actor=trainer, workshop=workshop, pre_test_open=True, post_test_open=True
    )
    quiz = services.quiz_of(workshop)
    right = {q.id: q.answer for q in quiz.questions}
    first_wrong = {**right, "q01": "a", "q02": "a", "q03": "a"}
    services.quiz_submit(actor=trainee, workshop=workshop, kind="pre", answers=first_wrong)
    answers = f.key_answers(f.PALERMO_CASE)
    answers.pop("MEANS_DECEPTION")
    f.exercise(trainee, answers={**answers, "PURPOSE_SERVITUDE": "yes"}, workshop=workshop)
    client = login(trainer)

    cohort = client.get(reverse("training:cohort", kwargs={"pk": workshop.pk}))
    assert cohort.context["cohort"].rows[0].pre.percent == 75
    assert [i.id for i in cohort.context["cohort"].missed] == ["MEANS_DECEPTION"]
    assert [i.id for i in cohort.context["cohort"].wrong] == ["PURPOSE_SERVITUDE"]
    certificates = reverse("training:certificates", kwargs={"pk": workshop.pk})
    assert client.get(certificates).status_code == 302  # no post-test yet

    services.quiz_submit(actor=trainee, workshop=workshop, kind="post", answers=right)
    cohort = client.get(reverse("training:cohort", kwargs={"pk": workshop.pk}))
    assert cohort.context["cohort"].change == 25
    assert cohort.context["cohort"].completed[0].trainee == trainee

    response = client.get(certificates)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")

    response = client.get(
        reverse("training:cohort_export", kwargs={"pk": workshop.pk}), {"format": "csv"}
    )
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[1].startswith(f"{trainee.username},Test trainee A,75,100,25,1,1,")
    response = client.get(
        reverse("training:cohort_export", kwargs={"pk": workshop.pk}), {"format": "xlsx"}
    )
    assert response.content.startswith(b"PK")
    assert (
        client.get(
            reverse("training:cohort_export", kwargs={"pk": workshop.pk}), {"format": "exe"}
        ).status_code
        == 404
    )


def test_a_trainee_takes_the_pre_test(world, login):
    trainee = world.user(Role.TRAINEE)
    workshop = f.workshop(world)
    f.enrol(world, workshop, trainee)
    client = login(trainee)
    url = reverse("training:quiz", kwargs={"pk": workshop.pk, "kind": "pre"})
    assert "This test is not open" in client.get(url).content.decode()
    services.workshop_set_tests(
        actor=world.user(Role.TRAINER), workshop=workshop, pre_test_open=True
    )

    response = client.post(url, {"q_q01": "b"})
    assert response.status_code == 200
    assert "Choose an answer." in response.content.decode()

    quiz = services.quiz_of(workshop)
    response = client.post(url, {f"q_{q.id}": q.answer for q in quiz.questions})
    assert response.status_code == 302
    assert "12 of 12 correct (100%)" in client.get(url).content.decode()
    assert (
        client.get(reverse("training:quiz", kwargs={"pk": workshop.pk, "kind": "mid"})).status_code
        == 404
    )


def test_library_search_finds_pages_and_indicators_in_both_languages(world, login):
    client = login(world.user(Role.CASEWORKER))

    hits = client.get(reverse("training:library"), {"q": "non-punishment"}).context["hits"]
    assert hits[0].id == "eu-directive-non-punishment"
    hits = client.get(reverse("training:library"), {"q": "不惩罚"}).context["hits"]
    assert "eu-directive-non-punishment" in [h.id for h in hits]
    hits = client.get(reverse("training:library"), {"q": "cd01"}).context["hits"]
    assert hits[0].id == "CD01"
    assert client.get(reverse("training:library"), {"q": "zzzz"}).context["hits"] == []


def test_an_indicator_page_explains_it_for_every_instrument(world, login):
    html = (
        login(world.user(Role.SCREENER))
        .get(reverse("training:indicator", kwargs={"item_id": "ACT_RECRUITMENT"}))
        .content.decode()
    )

    assert "A woman from the next village offered her a job" in html
    assert html.count("When to record yes") == 3  # three instruments ask it
    assert (
        login(world.user(Role.SCREENER))
        .get(reverse("training:indicator", kwargs={"item_id": "XX99"}))
        .status_code
        == 404
    )


def test_the_case_study_key_is_for_trainers_only(world, login):
    url = reverse("training:case_study", kwargs={"case_study": "scam-compound"})

    assert "Expert key" in login(world.user(Role.TRAINER)).get(url).content.decode()
    assert "Expert key" not in login(world.user(Role.TRAINEE)).get(url).content.decode()


def test_the_screening_interview_and_result_link_indicators_to_the_library(world, login):
    from haven.screening.tests import factories as screening_factories

    screener = world.user(Role.SCREENER)
    draft = screening_factories.start(screener, world.org_a)
    client = login(screener)
    step = client.get(reverse("screening:step", kwargs={"pk": draft.pk, "step": "DR"}))
    assert reverse("training:indicator", kwargs={"item_id": "DR01"}) in step.content.decode()

    done = screening_factories.completed_first_contact(screener, world.org_a, {"FC01": "yes"})
    result = client.get(reverse("screening:result", kwargs={"pk": done.pk}))
    html = result.content.decode()
    assert reverse("training:indicator", kwargs={"item_id": "FC01"}) in html
    assert reverse("training:indicator", kwargs={"item_id": "CD01"}) in html  # pre-filled
