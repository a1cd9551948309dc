"""Admission, placement constraints, no double booking in the database, exits with
follow-ups, reservations, beds out of service, services, outings and incidents."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.cases import services as case_services
from haven.referrals import services as referral_services
from haven.referrals.tests.factories import publish, send, third
from haven.referrals.vocab import Scope
from haven.referrals.vocab import Status as ReferralStatus
from haven.shelters import selectors, services
from haven.shelters.models import FollowUp, Movement, Stay, StayService
from haven.shelters.tests.factories import admit, bed, make_shelter, manager, world_shelter
from haven.shelters.vocab import StayStatus

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def messages_of(exc: pytest.ExceptionInfo) -> str:
    return " ".join(exc.value.messages)


def test_emergency_admission_takes_the_best_fitting_bed(world):
    shelter = world_shelter(world)
    stay = admit(
        manager(world),
        shelter,
        risk_self_harm="high",
        interpreter_needed=True,
        interpreter_language="vi",
        medical_screening_needed=True,
        known_as="Lan",
    )

    assert stay.bed.label == "1A"  # not the accessible or the child-appropriate beds
    assert stay.status == StayStatus.ACTIVE
    assert stay.emergency
    assert stay.case_id is None
    assert stay.number == 1
    assert stay.reference == "S-00001"
    assert stay.risk_level == "high"
    assert stay.expected_exit_on == TODAY + datetime.timedelta(days=shelter.max_stay_days)
    assert Stay.objects.get(pk=stay.pk).known_as == "Lan"
    assert AuditEvent.objects.filter(action="stay.admitted", object_id=str(stay.pk)).exists()


def test_house_rules_and_interpreter_language_are_required(world):
    shelter = world_shelter(world)
    with pytest.raises(ValidationError) as exc:
        admit(manager(world), shelter, house_rules_consent=False)
    assert "house rules" in messages_of(exc)
    with pytest.raises(ValidationError):
        admit(manager(world), shelter, interpreter_needed=True)
    assert not Stay.objects.exists()


@pytest.mark.parametrize(
    ("values", "label", "expected"),
    [
        ({"sex": "Masculine"}, "1A", "women only"),
        ({"sex": "Feminine"}, "2A", "men only"),
        ({"sex": "Feminine", "is_child": True}, "1A", "child-appropriate"),
        ({"sex": "Feminine", "is_child": True, "needs_cot": True}, "F1", "cot"),
        ({"sex": "Feminine"}, "Cot", "infant"),
        ({"sex": "Masculine", "needs_accessible": True}, "F1", "accessible"),
    ],
)
def test_placement_constraints_are_enforced(world, values, label, expected):
    shelter = world_shelter(world)
    with pytest.raises(ValidationError) as exc:
        admit(manager(world), shelter, bed_label=label, **values)
    assert expected in messages_of(exc)
    assert not Stay.objects.exists()


def test_children_alone_go_to_child_rooms_and_with_a_parent_next_to_them(world):
    shelter = world_shelter(world)
    actor = manager(world)

    alone = admit(actor, shelter, sex="Masculine", is_child=True)
    assert alone.bed.room.child_appropriate
    mother = admit(actor, shelter, bed_label="1A")
    son = admit(actor, shelter, sex="Masculine", is_child=True, accompanying=mother)
    assert son.bed.label == "1B"  # his mother's room, though it is a room for women
    with pytest.raises(ValidationError) as exc:
        admit(actor, shelter, sex="Feminine", accompanying=mother)
    assert "Only a child" in messages_of(exc)
    with pytest.raises(ValidationError) as exc:
        admit(actor, shelter, bed_label="F2", sex="Masculine")  # next to the boy alone
    assert "Children without their parents" in messages_of(exc)


def test_gender_rules_are_configurable(world):
    actor = manager(world)
    women = make_shelter(
        actor, world.org_a, name="Women (synthetic)", type="women", gender_policy="case_by_case"
    )
    with pytest.raises(ValidationError) as exc:
        admit(actor, women, sex="TransgenderFeminine")
    assert "case by case" in messages_of(exc)
    stay = admit(actor, women, sex="TransgenderFeminine", gender_confirmed=True)
    assert stay.gender_confirmed
    open_policy = make_shelter(actor, world.org_a, name="Open (synthetic)", type="women")
    assert admit(actor, open_policy, sex="TransgenderFeminine").status == StayStatus.ACTIVE


def test_a_taken_bed_is_refused_and_the_database_refuses_double_booking(world):
    shelter = world_shelter(world)
    first = admit(manager(world), shelter, bed_label="1A")
    with pytest.raises(ValidationError) as exc:
        admit(manager(world), shelter, bed_label="1A")
    assert exc.value.error_dict["bed"][0].code == "bed_taken"

    duplicate = Stay(
        organisation=world.org_a,
        shelter=shelter,
        bed=first.bed,
        number=99,
        status=StayStatus.ACTIVE,
        starts_on=TODAY,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_the_database_refuses_overlapping_stays_in_the_past(world):
    shelter = world_shelter(world)
    target = bed(shelter, "1A")
    common = {
        "organisation": world.org_a,
        "shelter": shelter,
        "bed": target,
        "status": StayStatus.ENDED,
    }
    Stay.objects.create(
        number=1,
        starts_on=TODAY - datetime.timedelta(days=10),
        ends_on=TODAY - datetime.timedelta(days=5),
        **common,
    )
    Stay.objects.create(
        number=2,
        starts_on=TODAY - datetime.timedelta(days=5),
        ends_on=TODAY - datetime.timedelta(days=2),
        **common,
    )  # same-day turnover
    with pytest.raises(IntegrityError), transaction.atomic():
        Stay.objects.create(
            number=3,
            starts_on=TODAY - datetime.timedelta(days=7),
            ends_on=TODAY - datetime.timedelta(days=6),
            **common,
        )
    with pytest.raises(ValidationError) as exc:
        admit(
            manager(world), shelter, bed_label="1A", admitted_on=TODAY - datetime.timedelta(days=3)
        )
    assert "on that date" in messages_of(exc)


def test_other_organisations_and_other_roles_cannot_admit(world):
    shelter = world_shelter(world)
    with pytest.raises(PermissionDenied):
        admit(manager(world, other=True), shelter)
    with pytest.raises(PermissionDenied):
        admit(world.user(Role.CASEWORKER), shelter)


@pytest.fixture
def referred(world):
    """An org A case referred to a shelter organisation (CN), accepted, with a shelter."""
    org = third(world)
    publish(org.user(Role.ORG_ADMIN), org.org)
    case = case_services.case_open(
        actor=world.user(Role.CASEWORKER),
        person=case_services.person_register(
            actor=world.user(Role.CASEWORKER),
            organisation=world.org_a,
            family_name="Tran",
            given_names="Mai",
            sex="Feminine",
            languages=["vi"],
        ),
    )
    referral = send(world, case=case, to=org.org, scopes=(Scope.NEEDS,))
    referral_services.referral_accept(actor=org.user(Role.SHELTER_MANAGER), referral=referral)
    shelter = make_shelter(org.user(Role.SHELTER_MANAGER), org.org, name="Third (synthetic)")
    return org, referral, shelter


def test_admission_from_an_accepted_referral(world, referred):
    org, referral, shelter = referred
    actor = org.user(Role.SHELTER_MANAGER)
    assert list(selectors.admissible_referrals(actor=actor)) == [referral]

    stay = services.stay_admit(
        actor=actor, shelter=shelter, referral=referral, house_rules_consent=True
    )

    assert stay.case_id == referral.case_id
    assert not stay.emergency
    assert stay.sex == "Feminine"
    assert stay.languages == ["vi"]
    assert not selectors.admissible_referrals(actor=actor).exists()
    on_case = AuditEvent.objects.get(action="stay.admitted", organisation=world.org_a)
    assert on_case.object_id == str(referral.case_id)
    with pytest.raises(ValidationError):
        services.stay_admit(
            actor=actor, shelter=shelter, referral=referral, house_rules_consent=True
        )


def test_a_referral_must_be_accepted_first(world):
    org = third(world)
    referral = send(world, to=org.org)
    shelter = make_shelter(org.user(Role.SHELTER_MANAGER), org.org, name="T (synthetic)")
    with pytest.raises(ValidationError) as exc:
        services.stay_admit(
            actor=org.user(Role.SHELTER_MANAGER),
            shelter=shelter,
            referral=referral,
            house_rules_consent=True,
        )
    assert "Accept the referral" in messages_of(exc)


def test_exit_creates_follow_up_tasks_and_frees_the_bed(world, referred):
    org, referral, shelter = referred
    actor = org.user(Role.SHELTER_MANAGER)
    stay = services.stay_admit(
        actor=actor,
        shelter=shelter,
        referral=referral,
        house_rules_consent=True,
        bed=bed(shelter, "1A"),
    )

    follow_ups = services.stay_exit(
        actor=actor,
        stay=stay,
        reason="plan_completed",
        destination="independent_housing",
        plan="Rent support agreed (synthetic).",
        follow_up_days=[7, 30, 90],
    )

    stay.refresh_from_db()
    assert stay.status == StayStatus.ENDED
    assert stay.ends_on == TODAY
    assert stay.exit_destination == "independent_housing"
    assert [f.due_on for f in follow_ups] == [
        TODAY + datetime.timedelta(days=d) for d in (7, 30, 90)
    ]
    mine = selectors.follow_up_list(actor=actor, mine=True)
    assert mine.count() == 3
    assert all(f.owner == actor for f in mine)
    assert "30 days" in mine[1].display_title
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.COMPLETED
    assert admit(actor, shelter, bed_label="1A").bed.label == "1A"  # free again
    panel = selectors.case_stays(actor=world.user(Role.CASEWORKER), case=referral.case)
    assert panel[0].left_on == TODAY
    assert len(panel[0].follow_ups) == 3


def test_exit_validates_and_takes_children_along(world):
    shelter = world_shelter(world)
    actor = manager(world)
    mother = admit(actor, shelter, bed_label="1A")
    child = admit(actor, shelter, sex="Masculine", is_child=True, accompanying=mother)
    with pytest.raises(ValidationError) as exc:
        services.stay_exit(actor=actor, stay=mother, reason="nope", destination="moon")
    assert set(exc.value.message_dict) == {"reason", "destination"}
    with pytest.raises(ValidationError):
        services.stay_exit(
            actor=actor,
            stay=mother,
            reason="other",
            destination="unknown",
            exited_on=TODAY + datetime.timedelta(days=1),
        )

    services.stay_exit(actor=actor, stay=mother, reason="chose_to_leave", destination="family")

    child.refresh_from_db()
    assert child.status == StayStatus.ENDED
    assert child.exit_destination == "family"
    assert not FollowUp.objects.exists()


def test_beds_out_of_service(world):
    shelter = world_shelter(world)
    actor = manager(world)
    stay = admit(actor, shelter, bed_label="1A")
    with pytest.raises(ValidationError):
        services.bed_save(
            actor=actor,
            room=stay.bed.room,
            bed=stay.bed,
            in_service=False,
            out_of_service_reason="repair",
        )
    free = bed(shelter, "1B")
    with pytest.raises(ValidationError):
        services.bed_save(actor=actor, room=free.room, bed=free, in_service=False)
    services.bed_save(
        actor=actor, room=free.room, bed=free, in_service=False, out_of_service_reason="repair"
    )
    with pytest.raises(ValidationError) as exc:
        admit(actor, shelter, bed_label="1B")
    assert "out of service" in messages_of(exc)
    counts = selectors.occupancy([shelter.pk])[shelter.pk]
    assert (counts.beds, counts.occupied, counts.out_of_service, counts.free) == (6, 1, 1, 4)


def test_services_during_the_stay_link_to_the_shared_support_plan(world, referred):
    org, referral, shelter = referred
    actor = org.user(Role.SHELTER_MANAGER)
    plan = case_services.plan_save(
        actor=world.user(Role.CASEWORKER),
        case=referral.case,
        type="Health",
        objectives="Recover (synthetic).",
    )
    stay = services.stay_admit(
        actor=actor, shelter=shelter, referral=referral, house_rules_consent=True
    )
    assert list(selectors.plan_choices(stay)) == [plan]

    item = services.stay_service_record(
        actor=actor, stay=stay, category="Medical", delivered_on=TODAY, plan=plan, notes="Check-up."
    )

    assert StayService.objects.get().plan == plan
    assert item.category == "Medical"
    emergency = admit(actor, shelter)
    with pytest.raises(ValidationError):
        services.stay_service_record(
            actor=actor, stay=emergency, category="Medical", delivered_on=TODAY, plan=plan
        )


def test_outings_and_visits_are_recorded_never_restricted(world):
    stay = admit(manager(world), world_shelter(world))
    start = timezone.now() - datetime.timedelta(hours=3)
    services.movement_record(
        actor=manager(world),
        stay=stay,
        kind="outing",
        started_at=start,
        ended_at=start + datetime.timedelta(hours=2),
    )
    assert Movement.objects.get().kind == "outing"
    restricting = ("lock", "confine", "permit", "allowed", "approv", "curfew", "detain")
    for model in (Stay, Movement):
        names = [f.name for f in model._meta.get_fields()]
        assert not [n for n in names if any(word in n for word in restricting)], model
    assert not [c for c in StayStatus.values if any(w in c for w in restricting)]


def test_incident_with_follow_up_actions(world):
    shelter = world_shelter(world)
    actor = manager(world)
    stay = admit(actor, shelter)
    incident = services.incident_record(
        actor=actor,
        shelter=shelter,
        stay=stay,
        kind="exploiter_contact",
        severity="high",
        description="A car waited outside twice (synthetic).",
        police_informed=True,
        action="Review the safety plan",
        action_due_on=TODAY,
    )
    extra = services.follow_up_save(
        actor=actor,
        incident=incident,
        title="Call the police liaison",
        due_on=TODAY + datetime.timedelta(days=1),
    )
    assert incident.actions.count() == 2
    services.follow_up_done(actor=actor, follow_up=extra)
    assert selectors.follow_up_list(actor=actor).count() == 1
    with pytest.raises(PermissionDenied):
        services.incident_record(
            actor=manager(world, other=True),
            shelter=shelter,
            kind="other",
            severity="low",
            description="x",
        )


def test_link_an_emergency_stay_to_the_referral_that_follows(world, referred):
    org, referral, shelter = referred
    actor = org.user(Role.SHELTER_MANAGER)
    stay = admit(actor, shelter)

    services.stay_link_referral(actor=actor, stay=stay, referral=referral)

    stay.refresh_from_db()
    assert stay.referral == referral
    assert stay.case_id == referral.case_id
    assert selectors.case_stays(actor=world.user(Role.CASEWORKER), case=referral.case)


def test_occupancy_summary_and_capacity_never_name_addresses(world):
    mine = world_shelter(world)
    theirs = world_shelter(world, other=True)
    admit(manager(world), mine)
    private = make_shelter(
        manager(world, other=True), world.org_b, name="Private (synthetic)", share_capacity=False
    )

    summary = selectors.occupancy_summary(actor=manager(world))
    assert summary == {
        "shelters": 1,
        "beds": 6,
        "free": 5,
        "occupied": 1,
        "reserved": 0,
        "out_of_service": 0,
    }
    coordinator = world.user(Role.COORDINATOR)
    names = {r.id for r in selectors.capacity(actor=coordinator)}
    assert names == {mine.pk, theirs.pk}
    assert private.pk not in names
    assert (
        selectors.occupancy_summary(actor=coordinator, organisation_ids=[world.org_b.pk])["beds"]
        == 6
    )
    assert selectors.occupancy_summary(actor=world.user(Role.TRAINER))["shelters"] == 0
    assert not hasattr(selectors.capacity(actor=coordinator)[0], "address")


def test_erasing_the_person_blanks_free_text_about_their_stay(world, referred):
    org, referral, shelter = referred
    stay = services.stay_admit(
        actor=org.user(Role.SHELTER_MANAGER),
        shelter=shelter,
        referral=referral,
        house_rules_consent=True,
        risk_notes="Synthetic: the exploiter knows her village",
    )
    assert Stay.objects.get(pk=stay.pk).risk_notes
    case_services.person_erase(
        actor=world.user(Role.CASEWORKER), person=referral.case.person, reason="request"
    )
    erased = Stay.objects.get(pk=stay.pk)
    assert erased.risk_notes == ""
    assert erased.bed_id == stay.bed_id, "beds and dates stay for occupancy statistics"
