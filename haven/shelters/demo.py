"""Two synthetic demo shelters (``haven demo``): one in China, one in the Netherlands, with
their shelter managers, rooms and beds, residents (one from the demo referral), a waitlist,
an incident with its action and a past stay with follow-ups. ``--scale N`` adds about N/200
shelters of 20 beds and 2N historical stays, in bulk, for benchmarks. Idempotent.

Every address and phone number here is invented and marked as synthetic.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from typing import Any, TextIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from haven.accounts import services as account_services
from haven.accounts.demo import DEMO_PASSWORD
from haven.accounts.models import Organisation, User
from haven.accounts.roles import Role
from haven.referrals import services as referral_services
from haven.referrals.models import Referral
from haven.referrals.vocab import Status as ReferralStatus
from haven.shelters import services
from haven.shelters.models import Bed, Room, Shelter, Stay
from haven.shelters.vocab import Destination, ExitReason, StayStatus

CENTRE = "Demo Rescue and Protection Centre (synthetic)"
SAFE_HOUSE = "Demo Safe House Foundation (synthetic)"
SCALE_PREFIX = "Scale shelter "
BEDS_PER_SCALE_SHELTER = 20

Layout = list[tuple[str, str, bool, bool, list[tuple[str, bool, bool]]]]


@dataclass(frozen=True)
class DemoShelter:
    organisation: str
    username: str
    name: str
    zh: str
    type: str
    region: str
    languages: tuple[str, ...]
    address: str
    phone: str
    layout: Layout


SHELTERS = [
    DemoShelter(
        CENTRE,
        "shelter_centre",
        "Demo Rescue Centre Safe House (synthetic)",
        "演示救助保护中心安置点（虚构）",
        "women",
        "Guangxi",
        ("zh-hans", "vi"),
        "演示市青秀区示例路 1 号（虚构地址）/ 1 Example Road, Qingxiu (synthetic)",
        "+86 771 000 0001 (synthetic)",
        [
            ("Room 101", "women", False, False, [("101-A", False, False), ("101-B", False, False)]),
            (
                "Family room",
                "any",
                True,
                False,
                [("F-1", False, False), ("F-2", False, False), ("F-cot", True, False)],
            ),
            ("Room 102", "women", False, True, [("102-A", False, True)]),
        ],
    ),
    DemoShelter(
        SAFE_HOUSE,
        "safe_house",
        "Demo Safe House North (synthetic)",
        "演示北区安全庇护所（虚构）",
        "mixed",
        "Noord-Holland",
        ("nl", "en"),
        "Voorbeeldstraat 10, Amsterdam (synthetic address)",
        "+31 20 000 0000 (synthetic)",
        [
            ("Room A", "women", False, False, [("A1", False, False), ("A2", False, False)]),
            ("Room B", "men", False, False, [("B1", False, False), ("B2", False, False)]),
        ],
    ),
]


def _manager(spec: DemoShelter, org: Organisation, sysadmin: User) -> User:
    user = User.objects.filter(username=spec.username).first()
    if user is None:
        user = account_services.user_create(
            actor=sysadmin,
            organisation=org,
            username=spec.username,
            roles=[Role.SHELTER_MANAGER.value],
            full_name="Demo shelter manager (synthetic)",
            language="zh-hans" if org.country == "CN" else "en",
        ).user
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _build(spec: DemoShelter, org: Organisation, actor: User) -> Shelter:
    shelter = services.shelter_create(
        actor=actor,
        organisation=org,
        name=spec.name,
        name_translations={"zh-hans": spec.zh},
        type=spec.type,
        capacity=sum(len(beds) for *_room, beds in spec.layout),
        region=spec.region,
        languages=list(spec.languages),
        security_features=["staff_24h", "secure_entrance", "police_liaison"],
        accessibility=["step_free"],
        share_capacity=True,
        address=spec.address,
        phone=spec.phone,
    )
    for name, rule, child, accessible, beds in spec.layout:
        room = services.room_save(
            actor=actor,
            shelter=shelter,
            name=name,
            rule=rule,
            child_appropriate=child,
            accessible=accessible,
        )
        for label, cot, bed_accessible in beds:
            services.bed_save(
                actor=actor, room=room, label=label, is_cot=cot, accessible=bed_accessible
            )
    return shelter


def _bed(shelter: Shelter, label: str) -> Bed:
    return Bed.objects.get(shelter=shelter, label=label)


def _days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def _centre(shelter: Shelter, actor: User) -> None:
    referral = (
        Referral.objects.filter(to_organisation=shelter.organisation)
        .exclude(status__in=(ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN))
        .first()
    )
    if referral is not None:
        if referral.status == ReferralStatus.SENT:
            referral = referral_services.referral_accept(actor=actor, referral=referral)
        if referral.status == ReferralStatus.ACCEPTED:
            _admit_referral(shelter, actor, referral)
    _centre_residents(shelter, actor)


def _admit_referral(shelter: Shelter, actor: User, referral: Referral) -> None:
    try:
        services.stay_admit(
            actor=actor,
            shelter=shelter,
            referral=referral,
            bed=_bed(shelter, "101-A"),
            admitted_on=_days_ago(2),
            house_rules_consent=True,
            interpreter_needed=True,
            interpreter_language="vi",
            risk_exploiters="high",
            medical_screening_needed=True,
        )
    except ValidationError:  # the demo case does not fit this women's shelter: skip it
        return


def _centre_residents(shelter: Shelter, actor: User) -> None:
    services.stay_admit(
        actor=actor,
        shelter=shelter,
        bed=_bed(shelter, "102-A"),
        sex="Feminine",
        needs_accessible=True,
        admitted_on=_days_ago(10),
        house_rules_consent=True,
        languages=["zh-hans"],
    )
    mother = services.stay_admit(
        actor=actor,
        shelter=shelter,
        bed=_bed(shelter, "F-1"),
        sex="Feminine",
        known_as="阿梅",
        admitted_on=_days_ago(40),
        expected_exit_on=_days_ago(1),
        languages=["zh-hans"],
        house_rules_consent=True,
        risk_exploiters="medium",
    )
    services.stay_admit(
        actor=actor,
        shelter=shelter,
        bed=_bed(shelter, "F-cot"),
        sex="Masculine",
        is_child=True,
        needs_cot=True,
        accompanying=mother,
        admitted_on=_days_ago(40),
        house_rules_consent=True,
        risk_child_protection="medium",
    )
    services.incident_record(
        actor=actor,
        shelter=shelter,
        stay=mother,
        kind="exploiter_contact",
        severity="high",
        occurred_at=timezone.now() - datetime.timedelta(days=3),
        description="一名陌生男子在门口打听她的下落（虚构）。A stranger asked for her at the gate (synthetic).",
        police_informed=True,
        action="Review the safety plan with her / 与她一起复核安全计划",
        action_due_on=timezone.localdate() + datetime.timedelta(days=1),
    )
    services.waitlist_add(
        actor=actor,
        shelter=shelter,
        label="Duty desk, Pingxiang station (synthetic)",
        sex="Feminine",
        needs_accessible=True,
        risk="high",
    )


def _safe_house(shelter: Shelter, actor: User) -> None:
    past = services.stay_admit(
        actor=actor,
        shelter=shelter,
        bed=_bed(shelter, "B1"),
        sex="Masculine",
        admitted_on=_days_ago(120),
        house_rules_consent=True,
        languages=["ro"],
    )
    services.stay_exit(
        actor=actor,
        stay=past,
        exited_on=_days_ago(10),
        reason=ExitReason.PLAN_COMPLETED,
        destination=Destination.INDEPENDENT,
        plan="Own flat with support from the municipality (synthetic).",
        follow_up_days=[7, 30, 90],
    )
    for label, sex, days in (
        ("A1", "Feminine", 100),
        ("A2", "Feminine", 20),
        ("B1", "Masculine", 5),
    ):
        services.stay_admit(
            actor=actor,
            shelter=shelter,
            bed=_bed(shelter, label),
            sex=sex,
            admitted_on=_days_ago(days),
            house_rules_consent=True,
            languages=["en"],
        )
    services.stay_admit(
        actor=actor,
        shelter=shelter,
        bed=_bed(shelter, "B2"),
        sex="Masculine",
        house_rules_consent=True,
        risk_self_harm="medium",
    )
    for label, sex, risk in (
        ("Police liaison, case 17 (synthetic)", "Feminine", "high"),
        ("Outreach team, request 4 (synthetic)", "Masculine", "low"),
    ):
        services.waitlist_add(actor=actor, shelter=shelter, label=label, sex=sex, risk=risk)


@transaction.atomic
def load(out: TextIO, scale: int = 0) -> list[tuple[str, str, str]]:
    sysadmin = User.objects.filter(username="sysadmin").first()
    if sysadmin is None:
        return []
    logins = []
    for spec, fill in zip(SHELTERS, (_centre, _safe_house), strict=True):
        org = Organisation.objects.filter(name=spec.organisation).first()
        if org is None:
            continue
        actor = _manager(spec, org, sysadmin)
        logins.append((spec.username, org.name, str(Role.SHELTER_MANAGER.label)))
        if Shelter.objects.filter(organisation=org, name=spec.name).exists():
            continue
        shelter = _build(spec, org, actor)
        fill(shelter, actor)
        out.write(f"  shelters: {spec.name} with residents, a waitlist and more\n")
    if scale:
        scale_shelters(out, scale)
    return logins


def scale_shelters(out: TextIO, n: int) -> None:
    """About n/200 shelters of 20 beds, 2n historical stays and ~70% of beds occupied now,
    written in bulk (no two stays of a bed overlap)."""
    wanted = max(1, n // 200)
    have = Shelter.objects.filter(name__startswith=SCALE_PREFIX).count()
    if have >= wanted:
        return
    rng = random.Random(n)
    orgs = list(Organisation.objects.filter(name__startswith="Scale org ").order_by("name"))
    home = list(Organisation.objects.filter(name__in=(CENTRE, SAFE_HOUSE)).order_by("name"))
    if not orgs and not home:
        return
    per_bed = max(1, (2 * n) // (wanted * BEDS_PER_SCALE_SHELTER))
    today = timezone.localdate()
    for index in range(have, wanted):
        pool = home if (index % 10 == 0 and home) or not orgs else orgs
        org = pool[index % len(pool)]
        _scale_one(rng, org, index, per_bed, today)
        if index % 50 == 0:
            out.write(f"\r  shelters: {index + 1}/{wanted}")
    out.write(f"\r  scale: {wanted - have} shelters, {per_bed} past stays per bed\n")


def _scale_one(
    rng: random.Random, org: Organisation, index: int, per_bed: int, today: datetime.date
) -> None:
    shelter = Shelter.objects.create(
        organisation=org,
        name=f"{SCALE_PREFIX}{index:05d} (synthetic)",
        type=rng.choice(["women", "men", "mixed", "families"]),
        capacity=BEDS_PER_SCALE_SHELTER,
        country=org.country,
        region=rng.choice(["North", "South", "East", "West"]),
        languages=["en"],
        share_capacity=rng.random() < 0.8,
    )
    rooms = Room.objects.bulk_create(
        [
            Room(shelter=shelter, name=f"Room {r}", child_appropriate=r == 0, accessible=r == 1)
            for r in range(5)
        ]
    )
    beds = Bed.objects.bulk_create(
        [
            Bed(
                room=rooms[b // 4],
                shelter=shelter,
                label=f"{b:02d}",
                is_cot=b == 3,
                accessible=b // 4 == 1,
                in_service=b != 19,
                out_of_service_reason="" if b != 19 else "repair",
            )
            for b in range(BEDS_PER_SCALE_SHELTER)
        ]
    )
    stays: list[Stay] = []
    number = 0
    for bed in beds:
        end = today - datetime.timedelta(days=rng.randint(0, 5))
        occupied = bed.in_service and rng.random() < 0.7
        if occupied:
            number += 1
            start = end - datetime.timedelta(days=rng.randint(1, 80))
            stays.append(_scale_stay(shelter, bed, number, start, None, today))
            end = start
        for _past in range(per_bed):
            length = rng.randint(3, 12)
            start = end - datetime.timedelta(days=length)
            number += 1
            stays.append(_scale_stay(shelter, bed, number, start, end, today))
            end = start - datetime.timedelta(days=rng.randint(0, 2))
    Stay.objects.bulk_create(stays, batch_size=2000)
    Shelter.objects.filter(pk=shelter.pk).update(last_stay_number=number)


def _scale_stay(
    shelter: Shelter,
    bed: Bed,
    number: int,
    start: datetime.date,
    end: datetime.date | None,
    today: datetime.date,
) -> Stay:
    return Stay(
        organisation_id=shelter.organisation_id,
        shelter=shelter,
        bed=bed,
        number=number,
        status=StayStatus.ACTIVE if end is None else StayStatus.ENDED,
        emergency=True,
        sex="Masculine" if number % 2 else "Feminine",
        starts_on=start,
        admitted_on=start,
        expected_exit_on=start + datetime.timedelta(days=90),
        ends_on=end,
        house_rules_consent=True,
        exit_reason="" if end is None else ExitReason.PLAN_COMPLETED,
        exit_destination="" if end is None else Destination.UNKNOWN,
    )


def scale_summary() -> dict[str, Any]:
    return {
        "shelters": Shelter.objects.count(),
        "beds": Bed.objects.count(),
        "stays": Stay.objects.count(),
    }
