"""A trainee does a practice exercise in Chinese on an assigned case study and reads the
feedback; the trainer sees the result in the workshop's cohort view."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD, World
from haven.accounts.roles import Role
from haven.screening.models import Screening
from haven.training import services
from haven.training.models import Exercise
from haven.training.services import EnrolRow

pytestmark = pytest.mark.e2e

Screenshot = Callable[[Page, str], Path]
CASE = "forced-begging"
# The trainee's answers: the key except MEANS_ABUSE_OF_VULNERABILITY (missed), plus
# PURPOSE_FORCED_LABOUR (wrongly marked).
YES = (
    "ACT_RECRUITMENT",
    "ACT_TRANSPORTATION",
    "ACT_HARBOURING",
    "MEANS_DECEPTION",
    "MEANS_THREAT_FORCE",
    "PURPOSE_FORCED_BEGGING",
    "PURPOSE_FORCED_LABOUR",
)


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/account/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.locator("h1")).to_be_visible()


def test_trainee_practises_in_chinese_and_the_trainer_sees_the_cohort(
    live_server, live_world: World, new_page, screenshot: Screenshot
) -> None:
    base = live_server.url
    trainer = live_world.user(Role.TRAINER)
    trainee = live_world.user(Role.TRAINEE)
    workshop = services.workshop_create(
        actor=trainer,
        organisation=live_world.org_a,
        title="Identification workshop (synthetic)",
        title_zh="识别培训班（虚构）",
        place="Nanning",
        starts_on=datetime.date(2026, 4, 20),
        ends_on=datetime.date(2026, 4, 21),
        languages=["zh-hans", "en"],
    )
    services.workshop_assign(actor=trainer, workshop=workshop, case_studies=[CASE])
    services.workshop_enrol(
        actor=trainer, workshop=workshop, rows=[EnrolRow(1, username=trainee.username)]
    )

    page = new_page()
    sign_in(page, base, trainee.username)
    page.select_option("#language-select", "zh-hans")
    page.locator(".haven-lang-switcher button").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")

    page.goto(f"{base}/training/workshops/")
    page.get_by_role("link", name="识别培训班（虚构）").click()
    screenshot(page, "trainee-workshop")
    page.get_by_role("link", name="火车站的那个人").click()
    expect(page.locator("main")).to_contain_text("刘某（虚构）")  # the vignette in Chinese
    page.check("input[name=question_language][value=zh-hans]")
    page.fill("input[name=subject_age]", "52")
    screenshot(page, "trainee-start")
    page.locator("main form button[type=submit]").click()

    for number in range(3):
        expect(page.locator("main h1")).to_be_visible()
        for item_id in YES:
            radio = page.locator(f"input[name=a_{item_id}][value=yes]")
            if radio.count():
                radio.check()
        if number == 0:
            expect(
                page.locator("main a[href='/library/indicators/ACT_RECRUITMENT/']")
            ).to_be_visible()
            screenshot(page, "trainee-step")
        page.locator("main button[name=continue]").click()
    expect(page).to_have_url(f"{base}/training/exercises/{Exercise.objects.get().pk}/check/")
    page.locator("main form button[type=submit]").click()

    exercise = Exercise.objects.get()
    assert exercise.missed == ["MEANS_ABUSE_OF_VULNERABILITY"]
    assert exercise.wrong == ["PURPOSE_FORCED_LABOUR"]
    assert not Screening.objects.exists()  # practice never becomes a screening
    main = page.locator("main")
    expect(main.locator("#score")).to_contain_text("75%")
    expect(main.locator("#outcome")).to_contain_text("符合人口贩运指标")
    expect(main).to_contain_text("丧偶、残疾、种不了地：别无选择。")  # why the key says yes
    expect(main).to_contain_text("在惩罚威胁下被迫从事")  # the library on the wrong one
    screenshot(page, "trainee-feedback")

    with page.expect_popup() as popup:
        page.locator("main a[href='/library/indicators/MEANS_ABUSE_OF_VULNERABILITY/']").click()
    explanation = popup.value
    expect(explanation.locator("#example")).to_contain_text("无家可归")
    explanation.close()

    trainer_page = new_page()
    sign_in(trainer_page, base, trainer.username)
    trainer_page.goto(f"{base}/training/workshops/{workshop.pk}/cohort/")
    expect(trainer_page.locator("#cohort-trainees")).to_contain_text(trainee.username)
    expect(trainer_page.locator("#cohort-trainees")).to_contain_text("75%")
    expect(trainer_page.locator("#most-missed")).to_contain_text("MEANS_ABUSE_OF_VULNERABILITY")
    expect(trainer_page.locator("#most-wrong")).to_contain_text("PURPOSE_FORCED_LABOUR")
    screenshot(trainer_page, "trainer-cohort")
    trainer_page.locator(f"main a[href='/training/exercises/{exercise.pk}/feedback/']").click()
    expect(trainer_page.locator("main")).to_contain_text(trainee.username)


def test_training_pages_fit_a_phone(live_server, live_world: World, new_page) -> None:
    base = live_server.url
    trainer = live_world.user(Role.TRAINER)
    trainee = live_world.user(Role.TRAINEE)
    workshop = services.workshop_create(
        actor=trainer,
        organisation=live_world.org_a,
        title="Phone workshop (synthetic)",
        place="Nanning",
        starts_on=datetime.date(2026, 4, 20),
        ends_on=datetime.date(2026, 4, 21),
        languages=["en"],
    )
    services.workshop_assign(actor=trainer, workshop=workshop, case_studies=[CASE])
    services.workshop_enrol(
        actor=trainer, workshop=workshop, rows=[EnrolRow(1, username=trainee.username)]
    )
    started = services.exercise_start(
        actor=trainee,
        case_study=CASE,
        question_language="zh-hans",
        subject_age=52,
        subject_age_uncertain=False,
    )
    services.exercise_answer(actor=trainee, exercise=started, answers={"ACT_RECRUITMENT": "yes"})
    services.exercise_submit(actor=trainee, exercise=started)
    for user, paths in (
        (
            trainee,
            (
                "/library/",
                "/library/indicators/CD01/",
                "/training/case-studies/",
                f"/training/workshops/{workshop.pk}/",
                f"/training/exercises/{started.pk}/feedback/",
            ),
        ),
        (
            trainer,
            (
                f"/training/workshops/{workshop.pk}/",
                f"/training/workshops/{workshop.pk}/cohort/",
                "/training/case-studies/construction-abroad/",
            ),
        ),
    ):
        page = new_page(viewport={"width": 360, "height": 740})
        sign_in(page, base, user.username)
        for path in paths:
            page.goto(base + path)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 360px"
