"""Test data made through the real services (so the rules are exercised).

The usual scene: a caseworker of ``world.org_a`` (CN) refers a case to ``world.org_b`` (DE),
which needs consent to share abroad; ``third(world)`` is an organisation in CN with its own
users, for domestic referrals and for checking that an uninvolved organisation sees nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from haven.accounts import services as account_services
from haven.accounts.models import Organisation
from haven.accounts.roles import Role
from haven.cases import services as case_services
from haven.cases.models import Case, Purpose
from haven.cases.vocab import ExploitationType
from haven.referrals import services
from haven.referrals.models import Referral, Service
from haven.referrals.vocab import Category, Scope

FAMILY, GIVEN, PHONE, BIRTH = "Zhangsan", "Lisi", "+86 138 5555 0199", datetime.date(1990, 5, 1)
SECRETS = (FAMILY, GIVEN, "5555 0199", "1990")
THIRD_NAME = "Test Shelter C (synthetic)"


@dataclass
class Third:
    org: Organisation
    users: dict[Role, Any] = field(default_factory=dict)

    def user(self, role: Role) -> Any:
        return self.users[role]


def third(world: Any) -> Third:
    """A third organisation (CN) with a caseworker, a shelter manager and an administrator."""
    cached = getattr(world, "_third", None)
    if cached is not None:
        return cached
    sysadmin = world.user(Role.SYSADMIN)
    org = account_services.organisation_create(
        actor=sysadmin, name=THIRD_NAME, kind="shelter_provider", country="CN"
    )
    result = Third(org=org)
    for role in (Role.CASEWORKER, Role.SHELTER_MANAGER, Role.ORG_ADMIN, Role.COORDINATOR):
        result.users[role] = account_services.user_create(
            actor=sysadmin, organisation=org, username=f"{role.value}_c", roles=[role.value]
        ).user
    world._third = result
    return result


def open_case(world: Any, other: bool = False, **person: Any) -> Case:
    actor = world.user(Role.CASEWORKER, other=other)
    org = world.org_b if other else world.org_a
    values = {
        "family_name": FAMILY,
        "given_names": GIVEN,
        "birth_date": BIRTH,
        "sex": "Feminine",
        "languages": ["vi", "zh-hans"],
        "contacts": {"phone": PHONE},
    }
    values.update(person)
    subject = case_services.person_register(actor=actor, organisation=org, **values)
    return case_services.case_open(
        actor=actor,
        person=subject,
        exploitation_types=[ExploitationType.SEXUAL],
    )


def consent(world: Any, case: Case, purpose: str, given: bool = True) -> None:
    actor = world.user(Role.CASEWORKER, other=case.organisation_id == world.org_b.pk)
    case_services.consent_record(
        actor=actor, case=case, purpose=purpose, given=given, method="written", language="en"
    )


def publish(actor: Any, organisation: Organisation, **fields: Any) -> Service:
    values = {"category": Category.SHELTER, "languages": ["en"], "contact": "duty@example.org"}
    values.update(fields)
    return services.service_create(actor=actor, organisation=organisation, **values)


def send(
    world: Any,
    case: Case | None = None,
    to: Organisation | None = None,
    scopes: tuple[str, ...] = (Scope.BASIC,),
    urgency: str = "routine",
    service: Service | None = None,
    message: str = "",
) -> Referral:
    """Refer ``case`` (a new org A case by default) to ``to`` (org B by default), with the
    consent it needs."""
    case = case or open_case(world)
    sender = world.user(Role.CASEWORKER, other=case.organisation_id == world.org_b.pk)
    to = to or world.org_b
    if service is None:
        owner = world.user(Role.ORG_ADMIN, other=to.pk == world.org_b.pk)
        if to.pk not in (world.org_a.pk, world.org_b.pk):
            owner = third(world).user(Role.ORG_ADMIN)
        service = publish(owner, to)
    purpose = (
        Purpose.SHARE_DOMESTIC if to.country == case.organisation.country else Purpose.SHARE_ABROAD
    )
    if not case_services.consent_in_force(case, purpose):
        consent(world, case, purpose)
    return services.referral_send(
        actor=sender,
        case=case,
        to_organisation=to,
        services=[service],
        urgency=urgency,
        reason="AdditionalServicesRequired",
        scopes=scopes,
        message=message,
    )


# Kwargs helpers for haven/web/tests/test_url_matrix.py (cached per test world).


def _cached(world: Any, key: str, make: Any) -> Any:
    cache = world.__dict__.setdefault("_referral_matrix", {})
    if key not in cache:
        cache[key] = make()
    return cache[key]


def matrix_received(world: Any, other: bool) -> Referral:
    """Org B -> org A (org A answers), with a document shared once accepted; for ``other``,
    org B -> a third organisation (org A is not involved)."""

    def make() -> Referral:
        case = open_case(world, other=True)
        return send(
            world,
            case=case,
            to=third(world).org if other else world.org_a,
            scopes=(Scope.IDENTITY, Scope.DOCUMENTS),
        )

    return _cached(world, f"received-{other}", make)


def matrix_sent(world: Any, other: bool) -> Referral:
    """Org A -> org B (org A sent it); for ``other``, org B -> a third organisation."""
    if other:
        return matrix_received(world, True)
    return _cached(world, "sent", lambda: send(world))


def matrix_document(world: Any, other: bool) -> tuple[Referral, Any]:
    """A received referral, accepted, sharing documents, and the id of a document."""

    def make() -> tuple[Referral, Any]:
        referral = matrix_received(world, other)
        receiver = world.user(Role.CASEWORKER) if not other else third(world).user(Role.CASEWORKER)
        services.referral_accept(actor=receiver, referral=referral)
        document = case_services.document_add(
            actor=world.user(Role.CASEWORKER, other=True),
            case=referral.case,
            kind="medical",
            name="scan.pdf",
            data=b"%PDF-1.4 synthetic",
        )
        return referral, document.pk

    return _cached(world, f"document-{other}", make)


def matrix_service(world: Any, other: bool) -> Service:
    """An unpublished service of org A (or org B): only its managers may see it."""

    def make() -> Service:
        org = world.org_b if other else world.org_a
        return publish(world.user(Role.ORG_ADMIN, other=other), org, is_active=False)

    return _cached(world, f"service-{other}", make)


def matrix_case(world: Any, other: bool) -> Case:
    """A case of org A (or org B) that may be referred."""
    return _cached(world, f"case-{other}", lambda: open_case(world, other=other))
