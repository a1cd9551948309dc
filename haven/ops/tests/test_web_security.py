"""Web security properties that hold for the whole site: CSRF, session fixation, framing,
headers on every kind of response, and API rate limits."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from rest_framework.throttling import SimpleRateThrottle

from conftest import PASSWORD
from haven.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_a_post_without_the_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(
        world.user(Role.CASEWORKER), backend="django.contrib.auth.backends.ModelBackend"
    )
    response = client.post(reverse("cases:register"), {"family_name": "X"})
    assert response.status_code == 403
    assert b"family_name" not in response.content


def test_the_sign_in_form_needs_its_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("accounts:login"),
        {"username": world.user(Role.CASEWORKER).username, "password": PASSWORD},
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_signing_in_gives_a_new_session_key(world, client):
    client.get(reverse("accounts:login"))
    client.cookies["sessionid"] = "attacker-chosen-session-key-12345"
    session_before = client.session
    session_before["planted"] = "by an attacker"
    session_before.save()
    planted_key = session_before.session_key
    response = client.post(
        reverse("accounts:login"),
        {"username": world.user(Role.CASEWORKER).username, "password": PASSWORD},
    )
    assert response.status_code == 302
    assert client.session.session_key != planted_key
    assert client.session.get("_auth_user_id") == str(world.user(Role.CASEWORKER).pk)


@pytest.mark.parametrize(
    "name", ["accounts:login", "web:home", "api:schema", "web:live", "cases:list"]
)
def test_every_kind_of_response_refuses_framing_and_sniffing(world, login, name):
    client = login(world.user(Role.CASEWORKER))
    response = client.get(reverse(name))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    if response["Content-Type"].startswith("text/html"):
        csp = response["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp
        assert "default-src 'self'" in csp or "default-src 'none'" in csp


def test_error_pages_do_not_echo_the_request(world, login):
    client = login(world.user(Role.CASEWORKER))
    response = client.get("/cases/<script>alert(1)</script>/")
    assert response.status_code == 404
    assert b"<script>alert(1)</script>" not in response.content


def test_the_api_limits_requests_per_user(world, client, monkeypatch):
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"user": "5/min", "anon": "3/min", "auth": "20/min"}
    )
    cache.clear()
    client.force_login(
        world.user(Role.CASEWORKER), backend="django.contrib.auth.backends.ModelBackend"
    )
    statuses = [client.get(reverse("api:me")).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    limited = client.get(reverse("api:me"))
    assert limited["Content-Type"].startswith("application/problem+json")
    assert limited.has_header("Retry-After")
    cache.clear()
