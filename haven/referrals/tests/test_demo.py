"""The demo publishes bilingual services and, when cases exist, one referral; idempotently."""

import io

import pytest

from haven.accounts import demo as accounts_demo
from haven.accounts.models import User
from haven.cases import services as case_services
from haven.referrals import demo
from haven.referrals.models import Referral, Service

pytestmark = pytest.mark.django_db


def test_demo_services_and_referral_are_idempotent():
    accounts_demo.load(io.StringIO())
    assert demo.load(io.StringIO()) == []
    count = Service.objects.count()
    assert count == len(demo.SERVICES)
    assert all(s.description_translations.get("zh-hans") for s in Service.objects.all())
    assert not Referral.objects.exists()  # no cases yet: the cases demo makes them

    caseworker = User.objects.get(username="caseworker")
    org = caseworker.memberships.get().organisation
    person = case_services.person_register(
        actor=caseworker, organisation=org, family_name="Demo", given_names="Person"
    )
    case_services.case_open(actor=caseworker, person=person)
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    referral = Referral.objects.get()
    assert referral.to_organisation.name == demo.SHELTER_CN
    assert Service.objects.count() == count


def test_demo_scale_adds_referrals_among_existing_cases():
    accounts_demo.load(io.StringIO())
    demo.load(io.StringIO())
    caseworker = User.objects.get(username="caseworker")
    org = caseworker.memberships.get().organisation
    for i in range(3):
        person = case_services.person_register(
            actor=caseworker, organisation=org, family_name=f"Scale{i}"
        )
        case_services.case_open(actor=caseworker, person=person)
    out = io.StringIO()
    demo.load(out, scale=100)
    # One demo referral with consent, then bulk ones for the two other cases (wanted: 5).
    assert Referral.objects.count() == 3
    assert "scale: 2 referrals" in out.getvalue()
    assert all(r.services.exists() for r in Referral.objects.all())
