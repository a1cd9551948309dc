"""Request ids, structured logs without personal data, and the Prometheus endpoint."""

from __future__ import annotations

import json
import logging

import pytest
from django.urls import reverse

from haven.accounts.roles import Role
from haven.ops.observe import JsonFormatter
from haven.referrals.tests.factories import open_case

pytestmark = pytest.mark.django_db


def test_every_response_carries_a_request_id_and_keeps_a_valid_incoming_one(client):
    assert len(client.get(reverse("web:live"))["X-Request-ID"]) == 32
    response = client.get(reverse("web:live"), HTTP_X_REQUEST_ID="proxy-abc-12345")
    assert response["X-Request-ID"] == "proxy-abc-12345"
    forged = client.get(reverse("web:live"), HTTP_X_REQUEST_ID="<script>alert(1)</script>")
    assert forged["X-Request-ID"] != "<script>alert(1)</script>"


def test_the_request_log_names_the_route_never_the_path_or_the_person(
    world, login, caplog: pytest.LogCaptureFixture
):
    case = open_case(world, family_name="Zhaoqian", given_names="Sunli")
    client = login(world.user(Role.CASEWORKER))
    with caplog.at_level(logging.INFO, logger="haven.request"):
        client.get(reverse("cases:detail", kwargs={"pk": case.pk}) + "?q=Zhaoqian")
    records = [r for r in caplog.records if r.name == "haven.request"]
    assert [r.route for r in records] == ["cases:detail"]  # type: ignore[attr-defined]
    line = JsonFormatter().format(records[0])
    entry = json.loads(line)
    assert entry["status"] == 200
    assert entry["user_id"] == str(world.user(Role.CASEWORKER).pk)
    assert "Zhaoqian" not in line
    assert str(case.pk) not in line


def test_metrics_are_off_without_a_token(client):
    assert client.get(reverse("ops:metrics")).status_code == 404


def test_metrics_need_the_token_and_count_requests(client, settings):
    settings.HAVEN_METRICS_TOKEN = "scrape-secret"
    client.get(reverse("web:live"))
    assert client.get(reverse("ops:metrics")).status_code == 401
    wrong = client.get(reverse("ops:metrics"), HTTP_AUTHORIZATION="Bearer nope")
    assert wrong.status_code == 401
    response = client.get(reverse("ops:metrics"), HTTP_AUTHORIZATION="Bearer scrape-secret")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'haven_http_requests_total{method="GET",route="web:live",status="200"}' in body
    assert "haven_tasks_waiting" in body
