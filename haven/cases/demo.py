"""Bilingual synthetic demo cases (``haven demo``) and bulk cases for benchmarks (``--scale``).

Every person here is invented; names are marked as synthetic in the aliases.
"""

from __future__ import annotations

import datetime
import random
from typing import Any, TextIO

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import Organisation, User
from haven.audit.models import AuditEvent
from haven.cases import services
from haven.cases.models import (
    Case,
    CaseCounter,
    Person,
    PersonNameToken,
    Stage,
    TraffickingEvent,
)
from haven.cases.services.persons import tokens_for
from haven.cases.vocab import (
    ControlMethod,
    EventType,
    ExploitationType,
    Gender,
    Industry,
    RecruitmentMethod,
    SupportPlanType,
)

MARK = "synthetic demo person"

# (org index, caseworker, family, given, sex, age, citizenship, exploitation, extra)
STORIES: list[dict[str, Any]] = [
    {
        "org": 0,
        "who": "caseworker",
        "family": "阮",
        "given": "氏兰",
        "sex": Gender.FEMININE,
        "age": 24,
        "cit": ["VN"],
        "types": [ExploitationType.FORCED_MARRIAGE],
        "control": [ControlMethod.FALSE_PROMISES, ControlMethod.WITHHOLDS_DOCUMENTS],
        "recruit": [RecruitmentMethod.FRIENDS],
        "event": ("VN", "Lạng Sơn", "Recruited with a promise of factory work"),
    },
    {
        "org": 0,
        "who": "caseworker",
        "family": "王",
        "given": "建国",
        "sex": Gender.MASCULINE,
        "age": 38,
        "cit": ["CN"],
        "types": [ExploitationType.FORCED_LABOUR],
        "industry": Industry.A,
        "control": [ControlMethod.DEBT_BONDAGE, ControlMethod.EXCESSIVE_HOURS],
        "recruit": [RecruitmentMethod.ONLINE_AD],
        "event": ("", "", "Fishing vessel, 14 months at sea without pay"),
    },
    {
        "org": 0,
        "who": "coordinator",
        "family": "李",
        "given": "明",
        "sex": Gender.MASCULINE,
        "age": 27,
        "cit": ["CN"],
        "types": [ExploitationType.OTHER],
        "control": [
            ControlMethod.PHYSICAL_ABUSE,
            ControlMethod.WITHHOLDS_DOCUMENTS,
            ControlMethod.THREATS_FAMILY,
        ],
        "recruit": [RecruitmentMethod.SOCIAL_NETWORKS],
        "event": ("MM", "Myawaddy", "Online scam compound: forced to defraud people online"),
    },
    {
        "org": 0,
        "who": "caseworker",
        "family": "刀",
        "given": "小玉",
        "sex": Gender.FEMININE,
        "age": 15,
        "cit": ["MM"],
        "types": [ExploitationType.SEXUAL],
        "control": [ControlMethod.PSYCHOLOGICAL_ABUSE],
        "recruit": [RecruitmentMethod.FAMILY],
        "event": ("CN", "Kunming", "A child: exploited in a karaoke bar"),
        "child": True,
    },
    {
        "org": 0,
        "who": "screener",
        "family": "Unknown",
        "given": "boy at railway station",
        "sex": Gender.MASCULINE,
        "age": 11,
        "uncertain": True,
        "cit": [],
        "types": [ExploitationType.FORCED_BEGGING],
        "control": [ControlMethod.TAKES_EARNINGS],
        "recruit": [RecruitmentMethod.OTHER],
        "event": ("CN", "Nanning", "Forced to beg"),
        "child": True,
    },
    {
        "org": 1,
        "who": "caseworker_2",
        "family": "Popescu",
        "given": "Ioana",
        "sex": Gender.FEMININE,
        "age": 31,
        "cit": ["RO"],
        "types": [ExploitationType.SEXUAL],
        "control": [ControlMethod.DEBT_BONDAGE, ControlMethod.TAKES_EARNINGS],
        "recruit": [RecruitmentMethod.FRIENDS],
        "event": ("DE", "Berlin", "Sexual exploitation in a flat"),
    },
    {
        "org": 1,
        "who": "caseworker_2",
        "family": "Santos",
        "given": "Maria",
        "sex": Gender.FEMININE,
        "age": 42,
        "cit": ["PH"],
        "types": [ExploitationType.SERVITUDE],
        "control": [ControlMethod.WITHHOLDS_DOCUMENTS, ControlMethod.EXCESSIVE_HOURS],
        "recruit": [RecruitmentMethod.ONLINE_AD],
        "event": ("DE", "Berlin", "Domestic servitude in a diplomat's household"),
    },
    {
        "org": 1,
        "who": "coordinator_2",
        "family": "张",
        "given": "伟",
        "sex": Gender.MASCULINE,
        "age": 35,
        "cit": ["CN"],
        "types": [ExploitationType.FORCED_LABOUR],
        "industry": Industry.F,
        "control": [ControlMethod.WITHHOLDS_DOCUMENTS, ControlMethod.DEBT_BONDAGE],
        "recruit": [RecruitmentMethod.ONLINE_AD],
        "event": ("DE", "Brandenburg", "Construction site: wages withheld, passport taken"),
    },
]


def _story(spec: dict[str, Any], orgs: list[Organisation], today: datetime.date) -> None:
    actor = User.objects.get(username=spec["who"])
    org = orgs[spec["org"]]
    if (
        Person.objects.filter(organisation=org, aliases__isnull=False)
        .filter(
            pk__in=PersonNameToken.objects.filter(
                token__in=tokens_for(spec["family"], spec["given"], [])
            ).values("person_id")
        )
        .exists()
    ):
        return
    birth = today.replace(year=today.year - spec["age"]) if not spec.get("uncertain") else None
    person = services.person_register(
        actor=actor,
        organisation=org,
        family_name=spec["family"],
        given_names=spec["given"],
        aliases=[MARK],
        birth_date=birth,
        estimated_age=spec["age"],
        age_uncertain=bool(spec.get("uncertain")),
        sex=spec["sex"],
        citizenship=spec["cit"],
    )
    case = services.case_open(
        actor=actor,
        person=person,
        reasons_to_believe_child=bool(spec.get("child")),
        exploitation_types=spec["types"],
        methods_of_control=spec["control"],
        recruitment_methods=spec["recruit"],
        forced_labour_industry=spec.get("industry", ""),
        identified_on=today - datetime.timedelta(days=20),
    )
    if actor.username.startswith("screener"):
        return  # registered at first contact; a caseworker takes it from here
    country, city, text = spec["event"]
    services.event_record(
        actor=actor,
        case=case,
        type=EventType.EXPLOITATION,
        country=country,
        city=city,
        description=text,
    )
    services.consent_record(
        actor=actor,
        case=case,
        purpose="assistance",
        given=True,
        method="oral_interpreter",
        language="zh-hans",
        guardian="Guardian (synthetic)" if case.is_child else "",
    )
    services.case_transition(
        actor=actor,
        case=case,
        target=Stage.ASSISTANCE,
        reason="First assistance: safe accommodation and medical check",
    )
    services.plan_save(
        actor=actor,
        case=case,
        type=SupportPlanType.HEALTH,
        objectives="Medical check and counselling",
    )
    services.note_add(actor=actor, case=case, text="Interview held with an interpreter.")


@transaction.atomic
def load(out: TextIO, scale: int = 0) -> list[tuple[str, str, str]]:
    orgs = list(Organisation.objects.filter(name__contains="(synthetic)").order_by("created_at"))
    demo_orgs = [o for o in orgs if not o.name.startswith("Scale org")]
    if len(demo_orgs) < 2:
        return []
    today = timezone.localdate()
    for spec in STORIES:
        _story(spec, demo_orgs, today)
    if scale:
        _scale(out, scale, demo_orgs[:2])
    return []


def _scale(out: TextIO, n: int, orgs: list[Organisation]) -> None:
    """N synthetic cases with persons and name tokens, written in bulk for benchmarks."""
    rng = random.Random(n)
    have = Case.objects.filter(reference__startswith="HV-1999-").count()
    if have >= n:
        return
    families = ["王", "李", "张", "刘", "陈", "杨", "Nguyen", "Tran", "Popescu", "Santos", "Müller"]
    givens = ["伟", "芳", "娜", "敏", "静", "Lan", "Minh", "Ioana", "Maria", "Jonas", "Ana"]
    types = list(ExploitationType.values)
    stages = list(Stage.values)
    batch = 2000
    for start in range(have, n, batch):
        persons: list[Person] = []
        cases: list[Case] = []
        tokens: list[PersonNameToken] = []
        for i in range(start, min(n, start + batch)):
            org = orgs[i % len(orgs)]
            family, given = rng.choice(families), rng.choice(givens) + str(i)
            person = Person(
                organisation=org,
                family_name=family,
                given_names=given,
                aliases=[MARK],
                sex=rng.choice(Gender.values),
                estimated_age=(age := rng.randint(8, 60)),
            )
            persons.append(person)
            tokens.extend(
                PersonNameToken(person=person, token=t, kind="full")
                for t in tokens_for(family, given, [])
            )
            cases.append(
                Case(
                    reference=f"HV-1999-{i + 1:06d}",
                    person=person,
                    organisation=org,
                    stage=rng.choice(stages),
                    is_child=age < 18,
                    exploitation_types=[rng.choice(types)],
                    identified_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=i % 2000),
                )
            )
        Person.objects.bulk_create(persons)
        PersonNameToken.objects.bulk_create(tokens)
        Case.objects.bulk_create(cases)
        TraffickingEvent.objects.bulk_create(
            TraffickingEvent(
                case=case,
                type=rng.choice(EventType.values),
                country=rng.choice(["CN", "VN", "MM", "TH", "DE", "NL"]),
                date=case.identified_on,
            )
            for case in cases
        )
        AuditEvent.objects.bulk_create(
            AuditEvent(
                organisation_id=case.organisation_id,
                action="case.opened",
                object_type="cases.case",
                object_id=str(case.pk),
            )
            for case in cases
        )
        out.write(f"\r  cases: {min(n, start + batch)}/{n}")
    CaseCounter.objects.update_or_create(year=1999, defaults={"last": n})
    out.write("\n")
