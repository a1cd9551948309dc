"""Explanations, legal provisions and next steps (both languages)."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from haven.screening.engine import ScreeningRequest, ScreeningResult, Subject, evaluate
from haven.screening.engine.instruments import contains_cjk
from haven.screening.engine.rules import Answer

ILO_EC = "ilo-ec-2009-adult-labour"
ADULT = Subject(age=30)
MET_ADULT = ("DR01", "DR02", "EX01", "EX02", "CD01", "CD02")


def run(
    instrument: str, ids: tuple[str, ...] | Mapping[str, Answer], subject: Subject = ADULT
) -> ScreeningResult:
    answers: Mapping[str, Answer] = dict.fromkeys(ids, "yes") if isinstance(ids, tuple) else ids
    return evaluate(ScreeningRequest(instrument, dict(answers), subject))


def provision_ids(result: ScreeningResult) -> set[str]:
    return {p.id for p in result.legal_provisions}


def reason(result: ScreeningResult, provision_id: str) -> str:
    return next(p.reason.en for p in result.legal_provisions if p.id == provision_id)


# --------------------------------------------------------------------------------- legal


@pytest.mark.parametrize(
    ("instrument", "ids", "subject", "present", "absent"),
    [
        (
            ILO_EC,
            (),
            Subject(age=30),
            {"UN-TIP-PROTOCOL-ART3", "EU-DIR-2011-36-ART2"},
            {"PRC-CL-240", "PRC-CL-244", "EU-DIR-2011-36-ART11"},
        ),
        (
            ILO_EC,
            MET_ADULT,
            Subject(age=30),
            {"EU-DIR-2011-36-ART11", "COE-CONV-2005-ART13", "PRC-CL-244"},
            {"EU-DIR-2011-36-ART13"},
        ),
        (
            ILO_EC,
            ("EX01", "EX02"),
            Subject(age=16),
            {"EU-DIR-2011-36-ART13"},
            {"EU-DIR-2011-36-ART11"},
        ),
        (ILO_EC, ("CD05",), Subject(age=30), {"EU-DIR-2011-36-ART8"}, set()),
        ("first-contact", ("FC10",), Subject(age=30), {"EU-DIR-2011-36-ART8"}, set()),
        (ILO_EC, ("CR02",), Subject(age=25, sex="female"), {"PRC-CL-240", "PRC-CL-241"}, set()),
        (ILO_EC, ("CR02",), Subject(age=12, sex="male"), {"PRC-CL-240"}, set()),  # child under 14
        (ILO_EC, ("CR02",), Subject(age=15, sex="male"), set(), {"PRC-CL-240", "PRC-CL-241"}),
        (ILO_EC, ("CR02",), Subject(age=40, sex="male"), set(), {"PRC-CL-240"}),
        (ILO_EC, ("CR02",), Subject(age=40), {"PRC-CL-240"}, set()),  # sex unknown: conditional
        (
            "palermo-elements",
            ("MEANS_THREAT_FORCE", "PURPOSE_FORCED_MARRIAGE"),
            Subject(age=30),
            {"PRC-CL-240"},
            {"PRC-CL-244"},
        ),
        (
            "palermo-elements",
            ("MEANS_THREAT_FORCE", "PURPOSE_SERVITUDE"),
            Subject(age=30),
            {"PRC-CL-244"},
            {"PRC-CL-240"},
        ),
        (
            "palermo-elements",
            ("PURPOSE_SEXUAL_EXPLOITATION",),
            Subject(age=30),
            {"PRC-CL-358"},
            set(),
        ),
        (ILO_EC, ("CD06",), Subject(age=30), {"PRC-CL-358"}, set()),
        (ILO_EC, ("CD01", "EX04"), Subject(age=30), {"PRC-CL-244"}, set()),  # coercion + labour
        (ILO_EC, ("CD01",), Subject(age=30), set(), {"PRC-CL-244"}),  # coercion alone
        ("ilo-2012-forced-labour", ("FL07", "FL11"), Subject(age=30), {"PRC-CL-244"}, set()),
    ],
)
def test_provisions_selected(
    instrument: str, ids: tuple[str, ...], subject: Subject, present: set[str], absent: set[str]
) -> None:
    listed = provision_ids(run(instrument, ids, subject))
    assert present <= listed
    assert not absent & listed


@pytest.mark.parametrize(
    ("subject", "needle"),
    [
        (Subject(age=12), "under 14"),
        (Subject(age=25, sex="female"), "The person is female"),
        (Subject(age=40), "applies only if the person is female, or a child under 14"),
    ],
)
def test_art_240_scope_is_explained(subject: Subject, needle: str) -> None:
    assert needle in reason(run(ILO_EC, ("CR02",), subject), "PRC-CL-240")


def test_art_240_exclusion_is_visible_for_males_over_14() -> None:
    result = run(ILO_EC, ("CR02", "DR09"), Subject(age=30, sex="male"))
    assert "does not cover a male aged 14 or over" in result.explanation.en
    assert "不适用于14周岁以上的男性" in result.explanation.zh_hans


def test_art_358_heavier_for_minors() -> None:
    assert "heavier" in reason(
        run("palermo-elements", ("PURPOSE_SEXUAL_EXPLOITATION",), Subject(age=16)), "PRC-CL-358"
    )
    assert "include sexual services" in reason(run(ILO_EC, ("CD06",)), "PRC-CL-358")


# ---------------------------------------------------------------------------- next steps


@pytest.mark.parametrize(
    ("instrument", "answers", "subject", "present", "absent"),
    [
        (ILO_EC, (), Subject(age=30), {"KEEP_CONTACT", "COMPLETE"}, {"REFER", "CHILD", "SHELTER"}),
        (
            ILO_EC,
            MET_ADULT,
            Subject(age=30),
            {"REFER", "REFLECTION", "SHELTER"},
            {"KEEP_CONTACT", "LABOUR"},
        ),
        (ILO_EC, ("EX01", "EX02"), Subject(age=30), {"LABOUR", "COMPLETE"}, {"REFER"}),
        (
            ILO_EC,
            ("EX01", "EX02", "ACT_RECRUITMENT"),
            Subject(age=17),
            {"CHILD", "REFER", "SHELTER"},
            set(),
        ),
        (ILO_EC, ("CD05",), Subject(age=30), {"NON_PUNISHMENT"}, set()),
        ("first-contact", ("FC01",), Subject(age=30), {"FULL_INTERVIEW", "SHELTER"}, {"COMPLETE"}),
        (
            "first-contact",
            dict.fromkeys([f"FC{n:02d}" for n in range(1, 13)], "no"),
            Subject(age=30),
            {"KEEP_CONTACT"},
            {"FULL_INTERVIEW", "COMPLETE"},
        ),
    ],
)
def test_next_steps(
    instrument: str,
    answers: tuple[str, ...] | dict[str, Answer],
    subject: Subject,
    present: set[str],
    absent: set[str],
) -> None:
    steps = run(instrument, answers, subject).next_steps
    ids = [s.id for s in steps]
    assert ids[:4] == ["SAFETY", "MEDICAL", "INTERPRETER", "PRIVACY"]  # immediate needs first
    assert present <= set(ids)
    assert not absent & set(ids)
    for step in steps:
        assert step.text.en
        assert contains_cjk(step.text.zh_hans)


# --------------------------------------------------------------------------- explanation


EXPLAINED = [
    (ILO_EC, ()),
    (ILO_EC, MET_ADULT),
    (ILO_EC, ("VR01", "VR02", "VR13", "EX02", "EX03", "EX09")),
    ("ilo-2012-forced-labour", ("FL05", "FL07", "FL11", "FL08")),
    ("palermo-elements", ("ACT_RECRUITMENT", "MEANS_FRAUD", "PURPOSE_FORCED_LABOUR")),
    ("first-contact", ("FC02",)),
]


@pytest.mark.parametrize(("instrument", "ids"), EXPLAINED)
@pytest.mark.parametrize("subject", [Subject(age=30), Subject(age_uncertain=True)])
def test_explanation_always_bilingual_with_caveat(
    instrument: str, ids: tuple[str, ...], subject: Subject
) -> None:
    result = run(instrument, ids, subject)
    assert "not a legal determination" in result.explanation.en
    assert "并非法律认定" in result.explanation.zh_hans
    assert result.outcome in result.explanation.en
    assert result.outcome in result.explanation.zh_hans
    assert result.instrument_version in result.explanation.en
    assert contains_cjk(result.explanation.zh_hans)
    # same structure in both languages
    assert len(result.explanation.en.splitlines()) == len(result.explanation.zh_hans.splitlines())


def test_explanation_names_clauses_and_counted_indicators() -> None:
    text = run(ILO_EC, ("VR01", "VR02", "VR13", "EX02", "EX03", "EX09", "CD01")).explanation.en
    assert "(VR): positive [2_medium_1_weak" in text
    assert "VR13 Abuse of cultural or religious beliefs (weak)" in text
    assert "(EX): positive [2_medium_1_weak" in text
    assert "(CD): not met [not_met]. Answered yes: CD01" in text
    assert "a positive destination dimension (CD or VD) is missing" in text


def test_explanation_of_age_handling() -> None:
    assert "no age recorded" in run(ILO_EC, (), Subject()).explanation.en
    assert (
        "estimated age 19, recorded as uncertain"
        in run(ILO_EC, (), Subject(age=19, age_uncertain=True)).explanation.en
    )
    assert "the recorded age is 17" in run(ILO_EC, (), Subject(age=17)).explanation.en
