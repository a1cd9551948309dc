"""No double booking and no lost update under 32 concurrent admissions (PostgreSQL).

Each thread has its own database connection and admits a different person at the same
moment (a barrier releases them together). Row locks on the shelter and the bed make the
writers queue; the partial unique index and the exclusion constraint would refuse a double
booking even if they did not. The shelter's stay counter is a read-modify-write: a lost
update would show as a duplicate (refused by a unique constraint) or a missing number.
"""

from __future__ import annotations

import datetime
import threading
from collections import Counter
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.utils import timezone

from haven.audit.models import AuditEvent
from haven.shelters import services
from haven.shelters.models import Shelter, Stay
from haven.shelters.tests.factories import bed, make_shelter, manager
from haven.shelters.vocab import CURRENT, StayStatus

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]
WRITERS = 32


def _race(admit_one: Any) -> list[tuple[str, Any]]:
    """Run ``admit_one(i)`` in WRITERS threads released together; (outcome, detail) each."""
    barrier = threading.Barrier(WRITERS)
    results: list[tuple[str, Any]] = []
    lock = threading.Lock()

    def worker(i: int) -> None:
        try:
            barrier.wait(timeout=60)
            stay = admit_one(i)
            outcome: tuple[str, Any] = ("admitted", stay.pk)
        except ValidationError as exc:
            codes = [e.code for errors in exc.error_dict.values() for e in errors]
            outcome = ("refused", codes[0] if codes else "")
        except Exception as exc:
            outcome = ("error", repr(exc))
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(results) == WRITERS, "a writer did not finish"
    return results


def _assert_no_double_booking(shelter: Shelter, admitted: int) -> None:
    per_bed = (
        Stay.objects.filter(shelter=shelter, status__in=CURRENT)
        .values("bed")
        .annotate(n=Count("pk"))
    )
    assert all(row["n"] == 1 for row in per_bed)
    assert len(per_bed) == admitted
    numbers = sorted(Stay.objects.filter(shelter=shelter).values_list("number", flat=True))
    assert numbers == list(range(1, admitted + 1))  # no duplicate, no gap: no lost update
    shelter.refresh_from_db()
    assert shelter.last_stay_number == admitted
    assert AuditEvent.objects.filter(action="stay.admitted").count() == admitted


def test_32_writers_racing_for_4_chosen_beds(world):
    actor = manager(world)
    layout = [("Room 1", "any", False, False, [(f"B{i}", False, False) for i in range(4)])]
    shelter = make_shelter(actor, world.org_a, layout=layout)
    beds = [bed(shelter, f"B{i}") for i in range(4)]

    results = _race(
        lambda i: services.stay_admit(
            actor=actor,
            shelter=shelter,
            bed=beds[i % 4],
            sex="Feminine",
            house_rules_consent=True,
        )
    )

    outcomes = Counter(outcome for outcome, _detail in results)
    assert outcomes == {"admitted": 4, "refused": 28}, results
    assert {detail for outcome, detail in results if outcome == "refused"} == {"bed_taken"}
    _assert_no_double_booking(shelter, 4)


def test_32_writers_asking_for_the_best_free_bed_among_8(world):
    actor = manager(world)
    layout = [("Room 1", "any", False, False, [(f"B{i}", False, False) for i in range(8)])]
    shelter = make_shelter(actor, world.org_a, layout=layout)

    results = _race(
        lambda i: services.stay_admit(
            actor=actor,
            shelter=shelter,
            sex="Masculine" if i % 2 else "Feminine",
            house_rules_consent=True,
        )
    )

    outcomes = Counter(outcome for outcome, _detail in results)
    assert outcomes == {"admitted": 8, "refused": 24}, results
    assert {detail for outcome, detail in results if outcome == "refused"} == {"no_bed"}
    _assert_no_double_booking(shelter, 8)


def test_the_exclusion_constraint_refuses_overlaps_the_services_never_see(world):
    actor = manager(world)
    shelter = make_shelter(actor, world.org_a)
    target = bed(shelter, "1A")
    today = timezone.localdate()
    common = {"organisation": world.org_a, "shelter": shelter, "bed": target}
    Stay.objects.create(
        number=1,
        status=StayStatus.ENDED,
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today,
        **common,
    )
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        Stay.objects.create(
            number=2,
            status=StayStatus.ENDED,
            starts_on=today - datetime.timedelta(days=10),
            ends_on=today,
            **common,
        )
    assert "stay_no_overlap" in str(exc.value)
