"""The interview in the browser: start, each step, check, result and what follows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.screening import actions, selectors
from haven.screening.models import Screening, Status
from haven.screening.services import CHECKLIST
from haven.screening.tests import factories

pytestmark = pytest.mark.django_db

START = {
    "instrument": "ilo-ec-2009-adult-labour",
    "interview_language": "Mandarin",
    "question_language": "zh-hans",
    "interpreter_used": "on",
    "subject_age": "24",
    **dict.fromkeys(CHECKLIST, "on"),
}


def test_list_empty_state_and_start_link(world, login):
    client = login(world.user(Role.SCREENER))
    response = client.get(reverse("screening:list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "There are no screenings yet" in body
    assert reverse("screening:start") in body


def test_list_filters_and_shows_drafts(world, login, django_assert_max_num_queries):
    screener = world.user(Role.SCREENER)
    factories.start(screener, world.org_a)
    factories.completed_first_contact(screener, world.org_a, {"FC01": "yes"})
    client = login(screener)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("screening:list"))
    assert "2 screenings" in response.content.decode()
    response = client.get(reverse("screening:list"), {"status": "draft"})
    assert "1 screening" in response.content.decode()
    assert len(response.context["rows"]) == 1


def test_start_needs_every_check(world, login):
    client = login(world.user(Role.SCREENER))
    assert client.get(reverse("screening:start")).status_code == 200
    data = {k: v for k, v in START.items() if k != "can_stop"}
    response = client.post(reverse("screening:start"), data)
    assert response.status_code == 200
    assert "Confirm that the person knows they can stop." in response.content.decode()
    assert not Screening.objects.exists()


def test_full_interview_step_by_step(world, login):
    client = login(world.user(Role.SCREENER))
    response = client.post(reverse("screening:start"), START)
    screening = Screening.objects.get()
    assert response["Location"] == reverse("screening:resume", kwargs={"pk": screening.pk})
    response = client.get(response["Location"])
    assert response["Location"] == reverse(
        "screening:step", kwargs={"pk": screening.pk, "step": "DR"}
    )
    steps = selectors.interview_steps(selectors.instrument_of(screening))
    assert len(steps) == 7
    for number, step in enumerate(steps, start=1):
        url = reverse("screening:step", kwargs={"pk": screening.pk, "step": step.key})
        page = client.get(url)
        assert page.status_code == 200
        body = page.content.decode()
        assert f"Step {number} of 7" in body
        # Questions in the question language (Chinese), independent of the UI language.
        assert step.items[0].questions[0].zh_hans in body
        data = {"question_language": "zh-hans", "continue": "1"}
        data |= {f"a_{item.id}": "no" for item in step.items}
        data[f"a_{step.items[0].id}"] = "yes"
        data[f"n_{step.items[0].id}"] = "note"
        response = client.post(url, data)
        assert response.status_code == 302
    assert response["Location"] == reverse("screening:check", kwargs={"pk": screening.pk})
    screening.refresh_from_db()
    assert screening.answers["DR01"] == "yes"
    assert screening.status == Status.DRAFT
    check = client.get(response["Location"])
    assert check.status_code == 200
    response = client.post(response["Location"])
    assert response["Location"] == reverse("screening:result", kwargs={"pk": screening.pk})
    result = client.get(response["Location"])
    assert result.status_code == 200
    body = result.content.decode()
    screening.refresh_from_db()
    assert screening.status == Status.COMPLETED
    assert screening.result["outcome_label"]["en"] in body
    assert "Register as possible victim and open a case" in body
    assert "No referral" in body
    assert AuditEvent.objects.filter(action=actions.SCREENING_VIEWED).exists()


def test_question_language_switch_and_save_for_later(world, login):
    screener = world.user(Role.SCREENER)
    screening = factories.start(screener, world.org_a)
    client = login(screener)
    url = reverse("screening:step", kwargs={"pk": screening.pk, "step": "CR"})
    item = selectors.interview_steps(selectors.instrument_of(screening))[1].items[0]
    assert item.questions[0].en in client.get(url).content.decode()
    assert item.questions[0].zh_hans in client.get(url, {"ql": "zh-hans"}).content.decode()
    response = client.post(url, {"question_language": "zh-hans", "a_CR01": "yes", "later": "1"})
    assert response["Location"] == reverse("screening:list")
    screening.refresh_from_db()
    assert screening.answers == {"CR01": "yes"}
    assert screening.question_language == "zh-hans"
    # Resuming goes to the first step with nothing answered.
    response = client.get(reverse("screening:resume", kwargs={"pk": screening.pk}))
    assert response["Location"].endswith("/step/DR/")


def test_first_contact_continue_and_register(world, login):
    screener = world.user(Role.SCREENER)
    first = factories.completed_first_contact(screener, world.org_a, {"FC01": "yes"})
    client = login(screener)
    body = client.get(reverse("screening:result", kwargs={"pk": first.pk})).content.decode()
    assert "Continue with the full interview" in body
    url = reverse("screening:continue_full", kwargs={"pk": first.pk})
    assert "CD01" in client.get(url).content.decode()
    response = client.post(url)
    full = Screening.objects.get(continued_from=first)
    assert response["Location"] == reverse("screening:resume", kwargs={"pk": full.pk})
    assert full.answers == {"CD01": "yes"}

    url = reverse("screening:register_case", kwargs={"pk": first.pk})
    page = client.get(url)
    assert "Withholds identity documents" in page.content.decode()
    assert client.post(url, {}).status_code == 200  # consent not confirmed
    response = client.post(url, {"consent_given": "on"})
    first.refresh_from_db()
    assert first.status == Status.REFERRED
    assert response["Location"] == reverse("cases:detail", kwargs={"pk": first.case_id})


def test_no_referral_needs_reason_and_confirmation(world, login):
    screener = world.user(Role.SCREENER)
    screening = factories.completed_first_contact(screener, world.org_a, {"FC01": "no"})
    client = login(screener)
    url = reverse("screening:no_referral", kwargs={"pk": screening.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "Not a labour situation"})
    assert response.status_code == 200
    assert "Confirm that no case will be opened." in response.content.decode()
    response = client.post(url, {"reason": "Not a labour situation", "confirm": "on"})
    assert response.status_code == 302
    screening.refresh_from_db()
    assert screening.status == Status.NO_REFERRAL
    assert (
        "No referral was made"
        in client.get(reverse("screening:result", kwargs={"pk": screening.pk})).content.decode()
    )


def test_scoping_other_organisation_404_and_analyst_403(world, login):
    theirs = factories.start(world.user(Role.SCREENER, other=True), world.org_b)
    client = login(world.user(Role.CASEWORKER))
    url = reverse("screening:step", kwargs={"pk": theirs.pk, "step": "DR"})
    assert client.get(url).status_code == 404
    assert client.post(url, {"a_DR01": "yes"}).status_code == 404
    client = login(world.user(Role.ANALYST))
    assert client.get(reverse("screening:list")).status_code == 403
    assert client.get(reverse("screening:start")).status_code == 403


def test_completed_screening_steps_redirect_to_result(world, login):
    screener = world.user(Role.SCREENER)
    done = factories.completed_first_contact(screener, world.org_a, {"FC01": "yes"})
    client = login(screener)
    response = client.get(reverse("screening:step", kwargs={"pk": done.pk, "step": "RF1"}))
    assert response["Location"] == reverse("screening:result", kwargs={"pk": done.pk})


def test_home_card_and_nav(world, login):
    screener = world.user(Role.SCREENER)
    factories.start(screener, world.org_a)
    body = login(screener).get(reverse("web:home")).content.decode()
    assert "Resume" in body
    assert "1 screening this month." in body
    assert reverse("screening:list") in body


def test_registering_from_a_screening_warns_about_a_known_person(world, login):
    from haven.cases import services as case_services
    from haven.cases.models import Case

    screener = world.user(Role.SCREENER)
    known = case_services.person_register(
        actor=screener, organisation=world.org_a, family_name="阮", given_names="文安"
    )
    known_case = case_services.case_open(actor=screener, person=known)
    first = factories.completed_first_contact(screener, world.org_a, {"FC01": "yes"})
    client = login(screener)
    url = reverse("screening:register_case", kwargs={"pk": first.pk})
    names = {"consent_given": "on", "family_name": "Ruan", "given_names": "Wen An"}
    warned = client.post(url, names)
    assert warned.status_code == 200
    assert 'id="duplicate-candidates"' in warned.content.decode()
    assert known_case.reference in warned.content.decode()
    assert Case.objects.count() == 1
    done = client.post(url, {**names, "confirm_new_person": "True"})
    assert done.status_code == 302
    assert Case.objects.count() == 2
