"""Synthetic, bilingual demo organisations and one user per role (``haven demo``).

Every name here is invented and marked as synthetic. Every demo password is ``haven-demo``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, TextIO

from django.db import transaction

from haven.accounts import services
from haven.accounts.models import Membership, Organisation, RoleGrant, User
from haven.accounts.roles import Role
from haven.audit.models import AuditEvent

DEMO_PASSWORD = "haven-demo"  # noqa: S105  (synthetic demo data, printed by `make demo`)
K = Organisation.Kind


@dataclass(frozen=True)
class DemoOrg:
    name: str
    zh: str
    kind: str
    country: str
    region: str
    languages: tuple[str, ...]


ORGANISATIONS = [
    DemoOrg(
        "Demo Public Security Bureau, Anti-Trafficking Unit (synthetic)",
        "演示市公安局反拐大队（虚构）",
        K.POLICE,
        "CN",
        "Guangxi",
        ("zh-hans", "vi"),
    ),
    DemoOrg(
        "Demo State Criminal Police, Human Trafficking Unit (synthetic)",
        "演示州刑事警察局人口贩运调查组（虚构）",
        K.POLICE,
        "DE",
        "Berlin",
        ("de", "en"),
    ),
    DemoOrg(
        "Demo Labour Inspection Brigade (synthetic)",
        "演示劳动保障监察支队（虚构）",
        K.LABOUR_INSPECTION,
        "CN",
        "Guangxi",
        ("zh-hans",),
    ),
    DemoOrg(
        "Demo Women and Children Support Centre (synthetic)",
        "演示妇女儿童援助中心（虚构）",
        K.NGO,
        "CN",
        "Yunnan",
        ("zh-hans", "my", "lo"),
    ),
    DemoOrg(
        "Demo Rescue and Protection Centre (synthetic)",
        "演示救助保护中心（虚构）",
        K.SHELTER_PROVIDER,
        "CN",
        "Guangxi",
        ("zh-hans", "vi"),
    ),
    DemoOrg(
        "Demo Specialist Counselling Centre (synthetic)",
        "演示人口贩运受害者咨询中心（虚构）",
        K.NGO,
        "DE",
        "Berlin",
        ("de", "en", "zh-hans", "ro"),
    ),
    DemoOrg(
        "Demo Safe House Foundation (synthetic)",
        "演示安全庇护所基金会（虚构）",
        K.SHELTER_PROVIDER,
        "NL",
        "Noord-Holland",
        ("nl", "en"),
    ),
    DemoOrg(
        "Demo Labour Inspectorate (synthetic)",
        "演示劳动监察局（虚构）",
        K.LABOUR_INSPECTION,
        "NL",
        "Utrecht",
        ("nl", "en"),
    ),
    DemoOrg(
        "Demo International Organisation Liaison Office (synthetic)",
        "演示国际组织联络办公室（虚构）",
        K.INTERNATIONAL,
        "CN",
        "Beijing",
        ("en", "zh-hans"),
    ),
    DemoOrg(
        "Demo Consular Section, Embassy in Berlin (synthetic)",
        "演示驻柏林使馆领事部（虚构）",
        K.EMBASSY,
        "DE",
        "Berlin",
        ("zh-hans", "de", "en"),
    ),
]

ROLE_ORDER = [
    Role.SCREENER,
    Role.CASEWORKER,
    Role.SHELTER_MANAGER,
    Role.COORDINATOR,
    Role.ANALYST,
    Role.TRAINER,
    Role.TRAINEE,
    Role.ORG_ADMIN,
    Role.SYSADMIN,
]


def _organisation(spec: DemoOrg) -> Organisation:
    org, _created = Organisation.objects.get_or_create(
        name=spec.name,
        country=spec.country,
        defaults={
            "name_translations": {"zh-hans": spec.zh, "en": spec.name},
            "kind": spec.kind,
            "region": spec.region,
            "languages": list(spec.languages),
        },
    )
    return org


def _user(username: str, org: Organisation, role: Role, actor: Any) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = services.user_create(
            actor=actor,
            organisation=org,
            username=username,
            roles=[role.value],
            full_name=f"Demo {role.label} (synthetic)",
            language="en",
        ).user
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def load(out: TextIO, scale: int = 0) -> list[tuple[str, str, str]]:
    orgs = [_organisation(spec) for spec in ORGANISATIONS]
    sysadmin = User.objects.filter(username="sysadmin").first()
    if sysadmin is None:
        sysadmin = services.bootstrap_sysadmin(
            organisation=orgs[0],
            username="sysadmin",
            password=DEMO_PASSWORD,
            full_name="Demo System Administrator (synthetic)",
        )
        # The demo's sysadmin holds only the sysadmin role; org_admin is a user of its own.
        RoleGrant.objects.filter(membership__user=sysadmin, role=Role.ORG_ADMIN).delete()
    logins = []
    for suffix, org in (("", orgs[0]), ("_2", orgs[1])):
        for role in ROLE_ORDER:
            username = f"{role.value}{suffix}"
            if username != "sysadmin":
                _user(username, org, role, actor=sysadmin)
            logins.append((username, org.name, str(role.label)))
    if scale:
        _scale(out, scale, sysadmin)
    return logins


def _scale(out: TextIO, n: int, actor: User) -> None:
    """Bulk synthetic organisations, users and audit events for benchmarks."""
    rng = random.Random(n)
    existing = Organisation.objects.filter(name__startswith="Scale org ").count()
    wanted = max(1, n // 500)
    new_orgs = [
        Organisation(
            name=f"Scale org {i:05d} (synthetic)",
            kind=rng.choice(K.values),
            country=rng.choice(["CN", "DE", "NL", "TH", "VN"]),
        )
        for i in range(existing, wanted)
    ]
    Organisation.objects.bulk_create(new_orgs, batch_size=1000)
    orgs = list(Organisation.objects.filter(name__startswith="Scale org ")[:wanted])
    existing_users = User.objects.filter(username__startswith="scale_user_").count()
    users = [
        User(username=f"scale_user_{i:06d}", password="!")
        for i in range(existing_users, max(1, n // 50))
    ]
    User.objects.bulk_create(users, batch_size=1000)
    members = [Membership(user=u, organisation=orgs[i % len(orgs)]) for i, u in enumerate(users)]
    Membership.objects.bulk_create(members, batch_size=1000)
    RoleGrant.objects.bulk_create(
        [RoleGrant(membership=m, role=rng.choice(ROLE_ORDER[:-1]).value) for m in members],
        batch_size=1000,
    )
    org_ids = [o.pk for o in orgs]
    actions = ["auth.login", "auth.logout", "user.updated", "auth.login_failed"]
    total = max(0, n * 10 - AuditEvent.objects.count())  # idempotent: tops up to n * 10
    batch = []
    for i in range(total):
        batch.append(
            AuditEvent(
                organisation_id=org_ids[i % len(org_ids)],
                action=actions[i % len(actions)],
                object_type="accounts.user",
                object_id=str(i),
            )
        )
        if len(batch) == 5000:
            AuditEvent.objects.bulk_create(batch)
            batch = []
            out.write(f"\r  audit events: {i + 1}/{total}")
    AuditEvent.objects.bulk_create(batch)
    out.write(
        f"\r  scale: {len(orgs)} organisations, {len(users)} new users, {total} audit events\n"
    )
