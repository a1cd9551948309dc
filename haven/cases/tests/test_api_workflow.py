"""Cases API: the workflow table enforced through ``POST /api/v1/cases/<id>/transition``."""

from __future__ import annotations

import pytest

from haven.accounts.roles import Role
from haven.cases.models import Stage
from haven.cases.tests.test_api_cases import (
    assert_problem,
    case_url,
    error_fields,
    open_case,
    send,
)

pytestmark = pytest.mark.django_db


# Workflow -----------------------------------------------------------------------------------


def test_transition_table_is_enforced_through_the_api(world, login):
    case = open_case(world)
    url = case_url(case, "transition")
    caseworker = login(world.user(Role.CASEWORKER))

    assert "target" in error_fields(
        send(caseworker, "post", url, {"target": "long_term_support", "reason": "skip"})
    )
    assert "reason" in error_fields(send(caseworker, "post", url, {"target": "assistance"}))
    assert "reason" in error_fields(
        send(caseworker, "post", url, {"target": "assistance", "reason": "  "})
    )
    assert "target" in error_fields(
        send(caseworker, "post", url, {"target": "moon", "reason": "x"})
    )

    moved = send(caseworker, "post", url, {"target": "assistance", "reason": "first help"})

    assert moved.status_code == 200, moved.content
    data = moved.json()
    assert data["stage"] == "assistance"
    assert data["reflection_ends_on"] is not None
    assert data["timeline"][0]["text"] == "first help"
    assert {t["target"] for t in data["allowed_transitions"]} == {
        "long_term_support",
        "return_reintegration",
        "closed",
    }
    closing = {"target": "closed", "reason": "done"}
    assert "closure_reason" in error_fields(send(caseworker, "post", url, closing))
    closed = send(caseworker, "post", url, {**closing, "closure_reason": "support_completed"})
    assert closed.json()["stage"] == "closed"
    assert closed.json()["htcds_status"] == "Closed"


def test_screener_cannot_move_even_their_own_case(world, login):
    case = open_case(world, role=Role.SCREENER)
    client = login(world.user(Role.SCREENER))

    response = send(
        client, "post", case_url(case, "transition"), {"target": "assistance", "reason": "x"}
    )

    assert_problem(response, 403)
    assert client.get(case_url(case)).json()["allowed_transitions"] == []
    case.refresh_from_db()
    assert case.stage == Stage.IDENTIFIED
