"""Referral services: sending with consent, each step of the workflow, who may take it,
reasons, deadlines, the directory, and the audit events."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.cases import services as case_services
from haven.cases.models import Purpose, Stage
from haven.referrals import services
from haven.referrals.models import Referral
from haven.referrals.tests import factories as f
from haven.referrals.vocab import RESPONSE_DAYS, Category, Scope, Status, Urgency

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("urgency", "days"), [("emergency", 1), ("urgent", 3), ("routine", 10)])
def test_deadline_comes_from_urgency(world, urgency, days):
    referral = f.send(world, urgency=urgency)

    assert RESPONSE_DAYS[urgency] == days
    assert referral.respond_by - referral.sent_at == datetime.timedelta(days=days)
    assert referral.status == Status.SENT
    assert not referral.is_overdue


def test_send_always_shares_basic_and_records_both_organisations(world):
    referral = f.send(world, scopes=(Scope.NEEDS, Scope.IDENTITY), message="Needs a bed")

    assert referral.scopes == [Scope.BASIC, Scope.IDENTITY, Scope.NEEDS]
    assert referral.message == "Needs a bed"
    events = AuditEvent.objects.filter(action="referral.sent", object_id=str(referral.case_id))
    assert {e.organisation_id for e in events} == {world.org_a.pk, world.org_b.pk}
    details = events.first().details
    assert details["referral"] == str(referral.pk)
    assert details["consent"] == Purpose.SHARE_ABROAD
    assert "Needs a bed" not in str(details)


def test_message_is_encrypted_at_rest(world):
    from django.db import connection

    f.send(world, message="Meet at the station")
    with connection.cursor() as cursor:
        cursor.execute("SELECT message FROM referrals_referral")
        assert "station" not in cursor.fetchone()[0]


def test_sending_needs_consent_abroad_or_in_the_country(world):
    case = f.open_case(world)
    abroad = f.publish(world.user(Role.ORG_ADMIN, other=True), world.org_b)
    domestic = f.publish(f.third(world).user(Role.ORG_ADMIN), f.third(world).org)
    values = {
        "actor": world.user(Role.CASEWORKER),
        "case": case,
        "urgency": "routine",
        "reason": "Other",
    }
    with pytest.raises(ValidationError, match="abroad"):
        services.referral_send(**values, to_organisation=world.org_b, services=[abroad])
    # Consent within the country does not cover sharing abroad, and the reverse.
    f.consent(world, case, Purpose.SHARE_DOMESTIC)
    with pytest.raises(ValidationError, match="abroad"):
        services.referral_send(**values, to_organisation=world.org_b, services=[abroad])
    services.referral_send(**values, to_organisation=f.third(world).org, services=[domestic])
    f.consent(world, case, Purpose.SHARE_DOMESTIC, given=False)
    other_case = f.open_case(world)
    with pytest.raises(ValidationError, match="in the country"):
        services.referral_send(
            **{**values, "case": other_case},
            to_organisation=f.third(world).org,
            services=[domestic],
        )
    assert Referral.objects.count() == 1


def test_send_validates_services_organisation_and_case(world):
    case = f.open_case(world)
    f.consent(world, case, Purpose.SHARE_ABROAD)
    theirs = f.publish(world.user(Role.ORG_ADMIN, other=True), world.org_b)
    elsewhere = f.publish(f.third(world).user(Role.ORG_ADMIN), f.third(world).org)
    hidden = f.publish(world.user(Role.ORG_ADMIN, other=True), world.org_b, is_active=False)
    actor = world.user(Role.CASEWORKER)
    values = {"actor": actor, "case": case, "urgency": "urgent", "reason": "Other"}
    for bad in ([], [elsewhere], [hidden], ["not-a-uuid"]):
        with pytest.raises(ValidationError) as error:
            services.referral_send(**values, to_organisation=world.org_b, services=bad)
        assert "services" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.referral_send(**values, to_organisation=world.org_a, services=[theirs])
    with pytest.raises(ValidationError):
        services.referral_send(
            **{**values, "urgency": "whenever"}, to_organisation=world.org_b, services=[theirs]
        )
    with pytest.raises(ValidationError):
        services.referral_send(
            **values, to_organisation=world.org_b, services=[theirs], scopes=["everything"]
        )
    services.referral_send(**values, to_organisation=world.org_b, services=[theirs])
    with pytest.raises(ValidationError, match="already"):
        services.referral_send(**values, to_organisation=world.org_b, services=[theirs])


def test_a_closed_case_cannot_be_referred(world):
    case = f.open_case(world)
    case_services.case_transition(
        actor=world.user(Role.CASEWORKER),
        case=case,
        target=Stage.CLOSED,
        reason="done",
        closure_reason="support_completed",
    )
    case.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        f.send(world, case=case)


@pytest.mark.parametrize(
    "role", [Role.SCREENER, Role.SHELTER_MANAGER, Role.ORG_ADMIN, Role.ANALYST]
)
def test_only_roles_that_refer_may_send(world, role):
    case = f.open_case(world)
    f.consent(world, case, Purpose.SHARE_ABROAD)
    service = f.publish(world.user(Role.ORG_ADMIN, other=True), world.org_b)
    with pytest.raises(PermissionDenied):
        services.referral_send(
            actor=world.user(role),
            case=case,
            to_organisation=world.org_b,
            services=[service],
            urgency="routine",
            reason="Other",
        )


def test_another_organisation_cannot_send_our_case(world):
    case = f.open_case(world)
    f.consent(world, case, Purpose.SHARE_ABROAD)
    service = f.publish(world.user(Role.ORG_ADMIN, other=True), world.org_b)
    with pytest.raises(PermissionDenied):
        services.referral_send(
            actor=world.user(Role.CASEWORKER, other=True),
            case=case,
            to_organisation=world.org_b,
            services=[service],
            urgency="routine",
            reason="Other",
        )


def test_accept_then_complete_with_audit_for_both_sides(world):
    referral = f.send(world)
    receiver = world.user(Role.SHELTER_MANAGER, other=True)

    accepted = services.referral_accept(actor=receiver, referral=referral)
    assert accepted.status == Status.ACCEPTED
    assert accepted.answered_by == receiver
    assert accepted.answered_at is not None
    completed = services.referral_complete(actor=receiver, referral=accepted)
    assert completed.status == Status.COMPLETED
    assert completed.closed_at is not None
    for action in ("referral.accepted", "referral.completed"):
        events = AuditEvent.objects.filter(action=action, object_id=str(referral.case_id))
        assert {e.organisation_id for e in events} == {world.org_a.pk, world.org_b.pk}
        assert all(e.actor == receiver for e in events)


def test_decline_needs_a_reason(world):
    referral = f.send(world)
    receiver = world.user(Role.COORDINATOR, other=True)
    with pytest.raises(ValidationError) as error:
        services.referral_decline(actor=receiver, referral=referral, reason="  ")
    assert "reason" in error.value.message_dict
    declined = services.referral_decline(actor=receiver, referral=referral, reason="No place")
    assert declined.status == Status.DECLINED
    assert declined.decline_reason == "No place"
    event = AuditEvent.objects.filter(action="referral.declined").first()
    assert "No place" not in str(event.details)


@pytest.mark.parametrize("accept_first", [False, True])
def test_withdraw_needs_a_reason_and_the_sending_side(world, accept_first):
    referral = f.send(world)
    if accept_first:
        referral = services.referral_accept(
            actor=world.user(Role.CASEWORKER, other=True), referral=referral
        )
    with pytest.raises(ValidationError):
        services.referral_withdraw(actor=world.user(Role.CASEWORKER), referral=referral, reason="")
    with pytest.raises(PermissionDenied):  # the receiving side cannot withdraw
        services.referral_withdraw(
            actor=world.user(Role.CASEWORKER, other=True), referral=referral, reason="x"
        )
    withdrawn = services.referral_withdraw(
        actor=world.user(Role.COORDINATOR), referral=referral, reason="Person moved"
    )
    assert withdrawn.status == Status.WITHDRAWN
    assert withdrawn.withdraw_reason == "Person moved"
    assert AuditEvent.objects.filter(action="referral.withdrawn").count() == 2


def test_moves_follow_the_table(world):
    referral = f.send(world)
    receiver = world.user(Role.CASEWORKER, other=True)
    with pytest.raises(ValidationError):
        services.referral_complete(actor=receiver, referral=referral)
    services.referral_decline(actor=receiver, referral=referral, reason="Full")
    for step in (services.referral_accept, services.referral_complete):
        with pytest.raises(ValidationError):
            step(actor=receiver, referral=referral)
    with pytest.raises(ValidationError):
        services.referral_withdraw(
            actor=world.user(Role.CASEWORKER), referral=referral, reason="late"
        )


@pytest.mark.parametrize(
    "who",
    [
        ("a", Role.CASEWORKER),  # the sending side cannot answer its own referral
        ("b", Role.SCREENER),
        ("b", Role.ORG_ADMIN),
        ("c", Role.CASEWORKER),  # an uninvolved organisation
    ],
)
def test_only_the_receiving_side_answers(world, who):
    referral = f.send(world)
    side, role = who
    actor = {
        "a": lambda: world.user(role),
        "b": lambda: world.user(role, other=True),
        "c": lambda: f.third(world).user(role),
    }[side]()
    for step in (services.referral_accept, services.referral_complete):
        with pytest.raises(PermissionDenied):
            step(actor=actor, referral=referral)
    with pytest.raises(PermissionDenied):
        services.referral_decline(actor=actor, referral=referral, reason="x")
    referral.refresh_from_db()
    assert referral.status == Status.SENT


def test_urgency_and_categories_are_data():
    assert set(RESPONSE_DAYS) == set(Urgency.values)
    from haven.cases.vocab import SupportPlanType

    assert set(SupportPlanType.values) <= set(Category.values)
    assert {"Shelter", "Interpretation", "Medical", "Psychological", "LegalAid"} <= set(
        Category.values
    )


def test_directory_services_are_managed_by_their_organisation(world):
    admin = world.user(Role.ORG_ADMIN)
    service = services.service_create(
        actor=admin,
        organisation=world.org_a,
        category=Category.PSYCHOLOGICAL,
        languages=["zh-hans", "vi", "vi"],
        capacity=4,
        description="Counselling",
        description_translations={"zh-hans": "心理辅导"},
    )
    assert service.languages == ["zh-hans", "vi"]
    assert AuditEvent.objects.filter(
        action="service.published", organisation=world.org_a, object_id=str(service.pk)
    ).exists()
    updated = services.service_update(
        actor=world.user(Role.SHELTER_MANAGER), service=service, capacity=2, is_active=False
    )
    assert (updated.capacity, updated.is_active) == (2, False)
    event = AuditEvent.objects.get(action="service.updated")
    assert event.details["changed_fields"] == ["capacity", "is_active"]
    for outsider in (
        world.user(Role.SCREENER),
        world.user(Role.ANALYST),
        world.user(Role.CASEWORKER, other=True),
        world.user(Role.ORG_ADMIN, other=True),
    ):
        with pytest.raises(PermissionDenied):
            services.service_update(actor=outsider, service=service, capacity=9)
        with pytest.raises(PermissionDenied):
            services.service_create(actor=outsider, organisation=world.org_a, category="Shelter")
    with pytest.raises(ValidationError):
        services.service_create(actor=admin, organisation=world.org_a, category="Spa")
    with pytest.raises(ValidationError):
        services.service_create(
            actor=admin, organisation=world.org_a, category="Shelter", capacity=-1
        )
    with pytest.raises(ValidationError):
        services.service_create(
            actor=admin,
            organisation=world.org_a,
            category="Shelter",
            description_translations={"xx": "?"},
        )
    with pytest.raises(PermissionDenied):  # not a field a caller may set
        services.service_update(actor=admin, service=service, organisation=world.org_b)
