"""The waitlist: served by risk, then waiting time; the next free bed that fits is
reserved for the first person it fits; reservations become admissions or are cancelled."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from haven.audit.models import AuditEvent
from haven.shelters import selectors, services
from haven.shelters.models import Stay, WaitlistEntry
from haven.shelters.tests.factories import admit, make_shelter, manager
from haven.shelters.vocab import StayStatus, WaitlistStatus

pytestmark = pytest.mark.django_db
ONE_ROOM = [("Room 1", "any", False, False, [("1A", False, False), ("1B", False, False)])]


@pytest.fixture
def full(world):
    actor = manager(world)
    shelter = make_shelter(actor, world.org_a, layout=ONE_ROOM)
    residents = [admit(actor, shelter, bed_label=label) for label in ("1A", "1B")]
    return actor, shelter, residents


def _add(actor, shelter, label, risk, minutes_ago, **facts):
    entry = services.waitlist_add(
        actor=actor,
        shelter=shelter,
        label=label,
        risk=risk,
        sex=facts.pop("sex", "Feminine"),
        **facts,
    )
    WaitlistEntry.objects.filter(pk=entry.pk).update(
        added_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )
    return entry


def test_waitlist_order_is_risk_then_waiting_time(world, full):
    actor, shelter, _residents = full
    low_old = _add(actor, shelter, "W-1", "low", 300)
    high_new = _add(actor, shelter, "W-2", "high", 10)
    high_old = _add(actor, shelter, "W-3", "high", 60)
    medium = _add(actor, shelter, "W-4", "medium", 400)

    order = list(selectors.waitlist(actor=actor, shelter=shelter))

    assert order == [high_old, high_new, medium, low_old]
    assert all(e.status == WaitlistStatus.WAITING for e in order)  # the shelter is full


def test_the_next_free_bed_is_offered_to_the_first_it_fits(world):
    actor = manager(world)
    women_only = [("Room 1", "women", False, False, [("1A", False, False), ("1B", False, False)])]
    shelter = make_shelter(actor, world.org_a, layout=women_only)
    residents = [admit(actor, shelter, bed_label=label) for label in ("1A", "1B")]
    man = _add(actor, shelter, "W-man", "high", 100, sex="Masculine")
    woman = _add(actor, shelter, "W-woman", "medium", 50)

    services.stay_exit(
        actor=actor, stay=residents[0], reason="plan_completed", destination="family"
    )

    man.refresh_from_db()
    woman.refresh_from_db()
    assert man.status == WaitlistStatus.WAITING  # the free bed is in a room for women
    assert woman.status == WaitlistStatus.OFFERED
    reserved = woman.stay
    assert reserved.status == StayStatus.RESERVED
    assert reserved.bed == residents[0].bed
    counts = selectors.occupancy([shelter.pk])[shelter.pk]
    assert (counts.reserved, counts.occupied, counts.free) == (1, 1, 0)
    assert AuditEvent.objects.filter(action="waitlist.offered").count() == 1

    stay = services.stay_admit(
        actor=actor,
        shelter=shelter,
        reservation=reserved,
        house_rules_consent=True,
        risk_exploiters="medium",
    )

    assert stay.pk == reserved.pk
    assert stay.status == StayStatus.ACTIVE
    woman.refresh_from_db()
    assert woman.status == WaitlistStatus.ADMITTED


def test_a_cancelled_reservation_goes_to_the_next_person(world, full):
    actor, shelter, residents = full
    first = _add(actor, shelter, "W-1", "high", 100)
    second = _add(actor, shelter, "W-2", "low", 100)
    services.stay_exit(
        actor=actor, stay=residents[1], reason="transferred", destination="another_shelter"
    )
    first.refresh_from_db()

    services.stay_cancel(actor=actor, stay=first.stay)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == WaitlistStatus.WITHDRAWN
    assert first.stay.status == StayStatus.CANCELLED
    assert second.status == WaitlistStatus.OFFERED
    assert second.stay.bed == residents[1].bed
    with pytest.raises(ValidationError):
        services.stay_cancel(actor=actor, stay=first.stay)


def test_adding_when_a_bed_is_free_reserves_it_at_once_and_withdrawing_frees_it(world):
    actor = manager(world)
    shelter = make_shelter(actor, world.org_a, layout=ONE_ROOM)
    entry = services.waitlist_add(actor=actor, shelter=shelter, label="Duty desk 12", risk="low")

    assert entry.status == WaitlistStatus.OFFERED
    assert entry.stay.status == StayStatus.RESERVED
    services.waitlist_withdraw(actor=actor, entry=entry)
    entry.refresh_from_db()
    assert entry.status == WaitlistStatus.WITHDRAWN
    assert not Stay.objects.filter(status__in=("reserved", "active")).exists()
    with pytest.raises(ValidationError):
        services.waitlist_add(actor=actor, shelter=shelter, risk="low")  # no label, no referral
