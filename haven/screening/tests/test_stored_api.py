"""GET /api/v1/screenings/ and /api/v1/screenings/<id>/: stored screenings within the policy."""

from __future__ import annotations

import pytest
from django.urls import reverse

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.screening import actions
from haven.screening.tests import factories

pytestmark = pytest.mark.django_db


def test_list_is_scoped_and_filtered(world, login, django_assert_max_num_queries):
    screener = world.user(Role.SCREENER)
    draft = factories.start(screener, world.org_a)
    done = factories.completed_first_contact(screener, world.org_a, {"FC01": "yes"})
    factories.start(world.user(Role.SCREENER, other=True), world.org_b)
    client = login(world.user(Role.COORDINATOR))
    with django_assert_max_num_queries(10):
        response = client.get(reverse("api:screening_list"))
    assert response.status_code == 200
    ids = [row["id"] for row in response.json()["results"]]
    assert ids == [str(done.pk), str(draft.pk)]
    response = client.get(reverse("api:screening_list"), {"status": "draft"})
    assert [row["id"] for row in response.json()["results"]] == [str(draft.pk)]
    assert client.get(reverse("api:screening_list"), {"status": "nope"}).status_code == 400


def test_detail_returns_stored_result_and_is_audited(world, login):
    screener = world.user(Role.SCREENER)
    done = factories.completed_first_contact(screener, world.org_a, {"FC01": "yes"})
    client = login(screener)
    response = client.get(reverse("api:screening_detail", kwargs={"pk": done.pk}))
    assert response.status_code == 200
    data = response.json()
    assert data["result"]["outcome"] == "run_full_interview"
    assert data["answers"] == {"FC01": "yes"}
    assert "notes" not in data
    assert AuditEvent.objects.filter(
        action=actions.SCREENING_VIEWED, object_id=str(done.pk)
    ).exists()


def test_other_organisation_404_analyst_403_anonymous_401(world, login, client):
    theirs = factories.start(world.user(Role.SCREENER, other=True), world.org_b)
    url = reverse("api:screening_detail", kwargs={"pk": theirs.pk})
    assert client.get(url).status_code == 401
    assert login(world.user(Role.SCREENER)).get(url).status_code == 404
    assert login(world.user(Role.ANALYST)).get(reverse("api:screening_list")).status_code == 403
