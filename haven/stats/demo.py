"""Demo data for the statistics pages, made through the cases app's services.

1. Statistics consent on the demo stories (all but the screener's first-contact case, which
   has no consent yet, and one story where the person declined: they are never counted).
2. A synthetic "statistics cohort" per demo organisation, identified over the past year, with
   statistics consent, so that the dashboard has numbers above the small-cell threshold.
Idempotent: the cohort is made once per organisation.
"""

from __future__ import annotations

import datetime
import random
from typing import Any, TextIO

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import Organisation, User
from haven.cases import services
from haven.cases.models import Case, Purpose, Stage
from haven.cases.services.consent import consent_in_force
from haven.cases.vocab import (
    ControlMethod,
    DecisionMaker,
    ExploitationType,
    Gender,
    Industry,
    RecruitmentMethod,
    Relationship,
    TraffickingStatus,
)

MARK = "synthetic demo person"
COHORT = 60  # per demo organisation
DECLINES = "Santos"  # the story whose person declines statistics (never counted)

# (organisation index) -> weighted choices of the cohort
PROFILES: list[dict[str, Any]] = [
    {
        "cit": [("CN", 6), ("VN", 3), ("MM", 2), ("LA", 1)],
        "where": [("CN", 4), ("MM", 3), ("KH", 2), ("LA", 1)],
        "types": [
            (ExploitationType.OTHER, 4),
            (ExploitationType.FORCED_MARRIAGE, 3),
            (ExploitationType.FORCED_LABOUR, 3),
            (ExploitationType.SEXUAL, 2),
        ],
        "names": [("王", "芳"), ("李", "娜"), ("阮", "氏梅"), ("陈", "伟"), ("刀", "玉")],
        "who": "caseworker",
    },
    {
        "cit": [("RO", 4), ("BG", 2), ("CN", 2), ("VN", 2), ("NG", 1)],
        "where": [("DE", 8), ("NL", 1), ("AT", 1)],
        "types": [
            (ExploitationType.SEXUAL, 4),
            (ExploitationType.FORCED_LABOUR, 4),
            (ExploitationType.SERVITUDE, 1),
            (ExploitationType.FORCED_BEGGING, 1),
        ],
        "names": [("Popescu", "Ana"), ("Ivanova", "Maria"), ("Nguyen", "Lan"), ("Okafor", "Ada")],
        "who": "caseworker_2",
    },
]
CONTROL = [c for c in ControlMethod.values if c != ControlMethod.OTHER]
RECRUIT = [
    RecruitmentMethod.SOCIAL_NETWORKS,
    RecruitmentMethod.ONLINE_AD,
    RecruitmentMethod.FRIENDS,
    RecruitmentMethod.FAMILY,
]


def _pick(rng: random.Random, weighted: list[tuple[Any, int]]) -> Any:
    return rng.choices([v for v, _w in weighted], weights=[w for _v, w in weighted])[0]


def _consent(actor: Any, case: Case, given: bool) -> None:
    services.consent_record(
        actor=actor,
        case=case,
        purpose=Purpose.STATISTICS,
        given=given,
        method="oral_interpreter",
        language="zh-hans",
        guardian="Guardian (synthetic)" if case.is_child else "",
    )


def _stories(orgs: list[Organisation]) -> None:
    for case in (
        Case.objects.filter(organisation__in=orgs)
        .exclude(reference__startswith="HV-1999-")
        .select_related("owner")
    ):
        actor = case.owner
        if actor is None or not actor.username.startswith(("caseworker", "coordinator")):
            continue  # the screener's first-contact case: no consent asked yet
        if Case.objects.filter(pk=case.pk, consents__purpose=Purpose.STATISTICS).exists():
            continue
        declines = case.person.family_name == DECLINES
        if consent_in_force(case, Purpose.STATISTICS) != (not declines):
            _consent(actor, case, given=not declines)


def _cohort(org: Organisation, profile: dict[str, Any], today: datetime.date) -> int:
    actor = User.objects.get(username=profile["who"])
    rng = random.Random(f"stats-demo-{org.name}")
    for i in range(COHORT):
        family, given = rng.choice(profile["names"])
        age = rng.choice([15, 16, 19, 22, 23, 25, 28, 31, 34, 36, 41, 45, 52])
        person = services.person_register(
            actor=actor,
            organisation=org,
            family_name=family,
            given_names=f"{given}{i + 1}",
            aliases=[MARK],
            estimated_age=age,
            sex=Gender.FEMININE if rng.random() < 0.65 else Gender.MASCULINE,
            citizenship=[_pick(rng, profile["cit"])],
        )
        exploitation = _pick(rng, profile["types"])
        identified = today - datetime.timedelta(days=rng.randint(30, 420))
        actual = rng.random() < 0.5
        case = services.case_open(
            actor=actor,
            person=person,
            identified_on=identified,
            exploitation_types=[exploitation],
            forced_labour_industry=rng.choice([Industry.A, Industry.F, Industry.C])
            if exploitation == ExploitationType.FORCED_LABOUR
            else "",
            methods_of_control=rng.sample(CONTROL, 2),
            recruitment_methods=[rng.choice(RECRUIT)],
            exploitation_country=_pick(rng, profile["where"]),
            relationship_to_trafficker=rng.choice(Relationship.values),
            trafficking_status=TraffickingStatus.ACTUAL if actual else TraffickingStatus.POSSIBLE,
            status_decided_by=DecisionMaker.POLICE if actual else "",
            status_decided_on=identified if actual else None,
        )
        _consent(actor, case, given=True)
        if rng.random() < 0.4:
            services.case_transition(
                actor=actor, case=case, target=Stage.ASSISTANCE, reason="First assistance"
            )
    return COHORT


@transaction.atomic
def load(out: TextIO, scale: int = 0) -> list[tuple[str, str, str]] | None:
    orgs = list(Organisation.objects.filter(name__contains="(synthetic)").order_by("created_at"))
    demo_orgs = [o for o in orgs if not o.name.startswith("Scale org")][:2]
    if len(demo_orgs) < 2:
        return None
    today = timezone.localdate()
    _stories(demo_orgs)
    made = 0
    for org, profile in zip(demo_orgs, PROFILES, strict=True):
        done = (
            Case.objects.filter(organisation=org, identified_on__lt=today - datetime.timedelta(25))
            .exclude(reference__startswith="HV-1999-")
            .filter(consents__purpose=Purpose.STATISTICS)
            .exists()
        )
        if not done:
            made += _cohort(org, profile, today)
    if made:
        out.write(f"  statistics cohort: {made} synthetic cases with statistics consent\n")
    return None
