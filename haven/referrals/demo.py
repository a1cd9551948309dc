"""Synthetic, bilingual services in the directory for the demo organisations, and (when the
cases demo has made cases) one referral with consent (``haven demo``). Idempotent.

Every contact here is invented (reserved ``example.org`` addresses and fictitious numbers).
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from typing import Any, TextIO

from django.db import transaction
from django.utils import timezone

from haven.accounts.demo import ORGANISATIONS
from haven.accounts.models import Organisation, User
from haven.cases.models import Case, Purpose, Stage
from haven.cases.services import consent_in_force, consent_record
from haven.referrals import services
from haven.referrals.models import Referral, Service
from haven.referrals.vocab import RESPONSE_DAYS, Category, Scope, Status, Urgency

C = Category
SHELTER_CN = "Demo Rescue and Protection Centre (synthetic)"
FIRST_ORG = ORGANISATIONS[0].name


@dataclass(frozen=True)
class DemoService:
    organisation: str
    category: str
    languages: tuple[str, ...]
    capacity: int | None
    contact: str
    en: str
    zh: str


SERVICES = [
    DemoService(
        SHELTER_CN,
        C.SHELTER,
        ("zh-hans", "vi"),
        6,
        "Duty line +86 771 000 0000 (synthetic)",
        "Safe accommodation for women and children, with 24-hour staff.",
        "为妇女和儿童提供安全住所，全天候有工作人员值守。",
    ),
    DemoService(
        SHELTER_CN,
        C.MEDICAL,
        ("zh-hans",),
        None,
        "Duty line +86 771 000 0000 (synthetic)",
        "Medical check-up and care on admission.",
        "入住时提供体检和医疗护理。",
    ),
    DemoService(
        SHELTER_CN,
        C.PSYCHOLOGICAL,
        ("zh-hans", "vi"),
        None,
        "referrals@shelter.example.org",
        "Trauma-informed counselling, individual and in groups.",
        "以创伤知情为基础的个人和团体心理辅导。",
    ),
    DemoService(
        "Demo Women and Children Support Centre (synthetic)",
        C.LEGAL_AID,
        ("zh-hans", "my", "lo"),
        None,
        "help@support-centre.example.org",
        "Free legal advice and accompaniment to the police and courts.",
        "免费法律咨询，并陪同前往公安机关和法院。",
    ),
    DemoService(
        "Demo Women and Children Support Centre (synthetic)",
        C.INTERPRETATION,
        ("my", "lo", "zh-hans"),
        None,
        "help@support-centre.example.org",
        "Interpreters for Burmese and Lao.",
        "提供缅甸语和老挝语翻译。",
    ),
    DemoService(
        "Demo Specialist Counselling Centre (synthetic)",
        C.PSYCHOLOGICAL,
        ("de", "en", "zh-hans", "ro"),
        None,
        "beratung@counselling.example.org",
        "Specialist counselling for people affected by trafficking, in four languages.",
        "为人口贩运受害者提供四种语言的专业咨询。",
    ),
    DemoService(
        "Demo Specialist Counselling Centre (synthetic)",
        C.LEGAL_AID,
        ("de", "en", "zh-hans"),
        None,
        "beratung@counselling.example.org",
        "Help with residence, compensation claims and proceedings.",
        "协助办理居留、赔偿申请和诉讼事务。",
    ),
    DemoService(
        "Demo Safe House Foundation (synthetic)",
        C.SHELTER,
        ("nl", "en"),
        3,
        "intake@safehouse.example.org",
        "Safe house for adults, men and women, anonymous address.",
        "为成年男女提供地址保密的安全住所。",
    ),
    DemoService(
        "Demo International Organisation Liaison Office (synthetic)",
        C.RETURN,
        ("en", "zh-hans"),
        None,
        "return@liaison.example.org",
        "Safe and voluntary return, and reintegration support at home.",
        "协助安全、自愿返回原籍国，并支持回国后的重新融入。",
    ),
]


def _publish(actor: User, out: TextIO) -> int:
    orgs = {
        o.name: o for o in Organisation.objects.filter(name__in={s.organisation for s in SERVICES})
    }
    created = 0
    for spec in SERVICES:
        org = orgs.get(spec.organisation)
        if org is None or Service.objects.filter(organisation=org, category=spec.category).exists():
            continue
        services.service_create(
            actor=actor,
            organisation=org,
            category=spec.category,
            languages=list(spec.languages),
            capacity=spec.capacity,
            contact=spec.contact,
            description=spec.en,
            description_translations={"zh-hans": spec.zh},
        )
        created += 1
    if created:
        out.write(f"  directory: {created} services published\n")
    return created


def _demo_referral(out: TextIO) -> None:
    sender = Organisation.objects.filter(name=FIRST_ORG).first()
    shelter = Organisation.objects.filter(name=SHELTER_CN).first()
    caseworker = User.objects.filter(username="caseworker").first()
    if sender is None or shelter is None or caseworker is None:
        return
    if Referral.objects.filter(from_organisation=sender, to_organisation=shelter).exists():
        return
    case = (
        Case.objects.filter(organisation=sender, is_child=False)
        .exclude(stage=Stage.CLOSED)
        .order_by("created_at")
        .first()
    )
    shelter_service = Service.objects.filter(organisation=shelter, category=C.SHELTER).first()
    if case is None or shelter_service is None:
        return
    if not consent_in_force(case, Purpose.SHARE_DOMESTIC):
        consent_record(
            actor=caseworker,
            case=case,
            purpose=Purpose.SHARE_DOMESTIC,
            given=True,
            method="oral_interpreter",
            language="zh-hans",
        )
    services.referral_send(
        actor=caseworker,
        case=case,
        to_organisation=shelter,
        services=[shelter_service],
        urgency=Urgency.URGENT,
        reason="AdditionalServicesRequired",
        scopes=[Scope.IDENTITY, Scope.NEEDS],
        message="Needs a safe place tonight; speaks Vietnamese. (Synthetic demo referral.)",
    )
    out.write(f"  referrals: case {case.reference} referred to the demo shelter\n")


def _scale(out: TextIO, n: int) -> None:
    """About n // 20 referrals among existing cases (benchmark data, written in bulk)."""
    wanted = n // 20
    existing = Referral.objects.count()
    if existing >= wanted:
        return
    rng = random.Random(n)
    published = list(Service.objects.filter(is_active=True).select_related("organisation"))
    cases = list(
        Case.objects.exclude(referrals__isnull=False).values_list("pk", "organisation_id")[
            : wanted - existing
        ]
    )
    if not published or not cases:
        return
    now = timezone.now()
    rows: list[tuple[Referral, Service]] = []
    for case_id, org_id in cases:
        choices = [s for s in published if s.organisation_id != org_id]
        if not choices:
            continue
        service = rng.choice(choices)
        urgency = rng.choice(Urgency.values)
        sent = now - datetime.timedelta(days=rng.randint(0, 30))
        referral = Referral(
            case_id=case_id,
            from_organisation_id=org_id,
            to_organisation_id=service.organisation_id,
            urgency=urgency,
            reason="AdditionalServicesRequired",
            scopes=[Scope.BASIC],  # scopes: codes
            status=rng.choice(Status.values),
            sent_at=sent,
            respond_by=sent + datetime.timedelta(days=RESPONSE_DAYS[urgency]),
        )
        rows.append((referral, service))
    Referral.objects.bulk_create([r for r, _s in rows], batch_size=1000)
    through = Referral.services.through
    through.objects.bulk_create(
        [through(referral_id=r.pk, service_id=s.pk) for r, s in rows], batch_size=1000
    )
    out.write(f"  scale: {len(rows)} referrals\n")


@transaction.atomic
def load(out: TextIO, scale: int = 0) -> list[Any]:
    actor = User.objects.filter(username="sysadmin").first()
    if actor is None:
        return []
    _publish(actor, out)
    _demo_referral(out)
    if scale:
        _scale(out, scale)
    return []
