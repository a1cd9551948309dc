"""The demo adds two shelters (China, the Netherlands) with residents, a waitlist and an
incident, idempotently; ``--scale`` adds shelters and stays in proportion."""

import io

import pytest
from django.db.models import Count

from haven.accounts import demo as accounts_demo
from haven.cases import demo as cases_demo
from haven.referrals import demo as referrals_demo
from haven.shelters import demo, selectors
from haven.shelters.models import Bed, FollowUp, Incident, Shelter, Stay, WaitlistEntry
from haven.shelters.vocab import CURRENT, StayStatus, WaitlistStatus

pytestmark = pytest.mark.django_db


def test_demo_shelters_are_idempotent():
    accounts_demo.load(io.StringIO())
    cases_demo.load(io.StringIO())
    referrals_demo.load(io.StringIO())

    logins = demo.load(io.StringIO())
    demo.load(io.StringIO())

    assert [u for u, _o, _r in logins] == ["shelter_centre", "safe_house"]
    shelters = Shelter.objects.order_by("country")
    assert [str(s.country) for s in shelters] == ["CN", "NL"]
    assert all(s.address and s.share_capacity for s in shelters)
    centre = shelters[0]
    referred = Stay.objects.get(shelter=centre, referral__isnull=False)
    assert referred.case_id is not None
    assert referred.status == StayStatus.ACTIVE
    assert Stay.objects.filter(status=StayStatus.ACTIVE).count() == 8
    assert WaitlistEntry.objects.filter(status=WaitlistStatus.WAITING).count() == 3
    assert Incident.objects.count() == 1
    assert FollowUp.objects.count() == 4
    manager = centre.organisation.memberships.get().user
    alerts = selectors.alert_counts(actor=manager)
    assert alerts["overdue"] == 1


def test_demo_scale_adds_shelters_and_history_without_overlaps():
    accounts_demo.load(io.StringIO())
    out = io.StringIO()
    demo.load(out, scale=800)

    scaled = Shelter.objects.filter(name__startswith=demo.SCALE_PREFIX)
    assert scaled.count() == 4
    assert Bed.objects.filter(shelter__in=scaled).count() == 80
    stays = Stay.objects.filter(shelter__in=scaled)
    assert stays.filter(status=StayStatus.ENDED).count() == 1600
    per_bed = stays.filter(status__in=CURRENT).values("bed").annotate(n=Count("pk"))
    assert all(row["n"] == 1 for row in per_bed)
    demo.load(io.StringIO(), scale=800)
    assert scaled.count() == 4
