"""A shelter's address and phone never leave its own staff's shelter page.

Every page, export and endpoint of the shelters app (and the pages around it: home, the
referred case, the referral, the audit trail) is fetched as every role of three
organisations; the confidential strings may appear only on the shelter's own page, its
edit form and its detail endpoint, for its own shelter managers. Logs and audit details
never carry them either.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.urls import reverse

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.referrals import services as referral_services
from haven.referrals.tests.factories import open_case, send, third
from haven.shelters import services
from haven.shelters.tests import url_matrix
from haven.shelters.tests.factories import SECRETS, admit, manager, world_shelter

pytestmark = pytest.mark.django_db
OWN_PAGES = {"shelters:detail", "shelters:edit", "api:shelter_detail"}


@pytest.fixture
def scene(world: Any) -> dict[str, Any]:
    """Org A's shelter with a referred resident (an org B case), an emergency resident who
    left with follow-ups, a reservation from the waitlist and an incident."""
    actor = manager(world)
    shelter = world_shelter(world)
    world_shelter(world, other=True)
    case = open_case(world, other=True)
    referral = send(world, case=case, to=world.org_a)
    referral_services.referral_accept(actor=actor, referral=referral)
    services.stay_admit(actor=actor, shelter=shelter, referral=referral, house_rules_consent=True)
    left = admit(actor, shelter)
    services.stay_exit(
        actor=actor,
        stay=left,
        reason="plan_completed",
        destination="family",
        follow_up_days=[7, 30],
    )
    url_matrix._incident(world, False)
    url_matrix._entry(world, False)
    url_matrix._referral(world, False)
    return {"case": case, "referral": referral, "shelter": shelter}


def _urls(world: Any, scene: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """(name, url, api) of every GET page and endpoint to search."""
    anchor = world.user(Role.ORG_ADMIN)
    urls = []
    for name, spec in url_matrix.TABLE.items():
        if spec.method != "get":
            continue
        kwargs = spec.kwargs(world, anchor, False) if spec.kwargs else None
        urls.append((name, reverse(name, kwargs=kwargs), spec.api))
    case, referral = scene["case"], scene["referral"]
    urls += [
        ("web:home", reverse("web:home"), False),
        ("cases:detail", reverse("cases:detail", kwargs={"pk": case.pk}), False),
        ("api:case_detail", reverse("api:case_detail", kwargs={"pk": case.pk}), True),
        ("referrals:detail", reverse("referrals:detail", kwargs={"pk": referral.pk}), False),
        ("api:referral_detail", reverse("api:referral_detail", kwargs={"pk": referral.pk}), True),
        ("referrals:inbox", reverse("referrals:inbox"), False),
        ("audit:event_list", reverse("audit:event_list"), False),
        ("api:audit_event_list", reverse("api:audit_event_list"), True),
        ("shelters:stay_list?alert", reverse("shelters:stay_list") + "?alert=overdue", False),
    ]
    return urls


def _users(world: Any) -> list[tuple[Any, bool]]:
    """(user, is the shelter's own staff) for every role of org A, org B and a third org."""
    people = [(world.user(role), role == Role.SHELTER_MANAGER) for role in Role]
    people += [(world.user(role, other=True), False) for role in Role if role != Role.SYSADMIN]
    people += [(user, False) for user in third(world).users.values()]
    return people


def test_the_address_appears_only_on_the_shelters_own_page_for_its_own_staff(
    world, scene, client, caplog
):
    caplog.set_level(logging.DEBUG)
    seen_by_own_staff = set()
    for user, own_staff in _users(world):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        for name, url, _api in _urls(world, scene):
            response = client.get(url)
            body = response.content.decode("utf-8", errors="replace")
            leaked = [secret for secret in SECRETS if secret in body]
            if own_staff and name in OWN_PAGES:
                assert response.status_code == 200, (name, user.username)
                if leaked:
                    seen_by_own_staff.add(name)
                continue
            assert not leaked, (name, user.username, response.status_code)
        client.logout()
    assert seen_by_own_staff == OWN_PAGES  # the search does find the address where it is shown

    exports = [
        reverse("shelters:capacity_export"),
        reverse("shelters:capacity_export") + "?q=Shelter",
    ]
    for user in (manager(world), world.user(Role.COORDINATOR), third(world).user(Role.COORDINATOR)):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        for url in exports:
            response = client.get(url)
            assert response.status_code == 200
            body = response.content.decode("utf-8")
            assert "Shelter A (synthetic)" in body
            assert not [s for s in SECRETS if s in body]

    details = json.dumps(list(AuditEvent.objects.values_list("details", flat=True)))
    assert not [s for s in SECRETS if s in details]
    assert not [s for s in SECRETS if s in caplog.text]


def test_changing_the_address_is_audited_by_field_name_only(world):
    shelter = world_shelter(world)
    services.shelter_update(
        actor=manager(world), shelter=shelter, address="Other Road 1 (synthetic)"
    )

    event = AuditEvent.objects.filter(action="shelter.updated").latest("created_at")
    assert event.details["changed_fields"] == ["address"]
    assert "Other Road" not in json.dumps(event.details)
    assert "Secret Lane" not in repr(shelter)
    assert "Secret Lane" not in str(shelter)
