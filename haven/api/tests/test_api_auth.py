"""API authentication: knox tokens, two-factor codes, lock-out, revocation, and 401s for
anonymous callers on every route."""

from __future__ import annotations

import datetime
import time
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from haven.accounts import services
from haven.accounts.roles import Role
from haven.api.tests.test_schema import api_v1_routes, concrete_url
from haven.audit import actions
from haven.audit.models import AuditEvent

TOKEN_URL = "/api/v1/auth/token"
ME_URL = "/api/v1/me"
PROBLEM = "application/problem+json"


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    """The DRF throttle and django-otp counters live in the local-memory cache."""
    cache.clear()
    yield
    cache.clear()


def post_token(client: Client, username: str, password: str = PASSWORD, **extra: str) -> Any:
    return client.post(
        TOKEN_URL,
        {"username": username, "password": password, **extra},
        content_type="application/json",
    )


def auth(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Token {token}"}


def token_for(client: Client, user: Any) -> str:
    response = post_token(client, user.username)
    assert response.status_code == 201, response.content
    return response.json()["token"]


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert body["type"]
    assert body["title"]
    return body


def confirmed_device(user: Any) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def _totp(device: TOTPDevice, drift: int = 0) -> TOTP:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift + drift)
    totp.time = time.time()
    return totp


def valid_code(device: TOTPDevice) -> str:
    return f"{_totp(device).token():0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    """A code outside the whole tolerance window around now."""
    accepted = {_totp(device, drift).token() for drift in range(-3, 4)}
    candidate = (_totp(device).token() + 500_000) % 10**device.digits
    while candidate in accepted:
        candidate = (candidate + 1) % 10**device.digits
    return f"{candidate:0{device.digits}d}"


def require_2fa(world: Any) -> None:
    services.organisation_update(
        actor=world.user(Role.SYSADMIN), organisation=world.org_a, require_2fa=True
    )


# Token creation -----------------------------------------------------------------------------


def test_token_created_works_and_is_audited(world: Any, client: Client) -> None:
    user = world.user(Role.CASEWORKER)

    response = post_token(client, user.username)

    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"token", "expiry"}
    expiry = datetime.datetime.fromisoformat(body["expiry"].replace("Z", "+00:00"))
    ttl: datetime.timedelta = settings.REST_KNOX["TOKEN_TTL"]
    expected = timezone.now() + ttl
    assert abs(expiry - expected) < datetime.timedelta(minutes=1)
    me = client.get(ME_URL, **auth(body["token"]))
    assert me.status_code == 200
    assert me.json()["username"] == user.username
    event = AuditEvent.objects.get(action=actions.TOKEN_CREATED)
    assert event.actor == user
    assert event.object_id == str(user.pk)
    assert event.organisation_id == world.org_a.pk
    assert event.ip_address == "127.0.0.1"
    assert body["token"] not in str(event.details)
    # A token is a sign-in like any other.
    assert AuditEvent.objects.filter(action=actions.LOGIN, actor=user).count() == 1


def test_bogus_token_is_401(world: Any, client: Client) -> None:
    response = client.get(ME_URL, **auth("0" * 64))

    assert_problem(response, 401)
    assert response.has_header("WWW-Authenticate")


def test_missing_fields_are_400_with_field_errors(db: Any, client: Client) -> None:
    response = client.post(TOKEN_URL, {}, content_type="application/json")

    body = assert_problem(response, 400)
    assert {e["field"] for e in body["errors"]} == {"username", "password"}


@pytest.mark.parametrize("known", [True, False], ids=["known_user", "unknown_user"])
def test_wrong_password_is_401_and_audited_without_the_user_name(
    world: Any, client: Client, known: bool
) -> None:
    user = world.user(Role.SCREENER)
    username = user.username if known else "MyS3cretPassw0rd-typed-as-name"

    response = post_token(client, username, password="not the password")

    assert_problem(response, 401)
    assert not AuditEvent.objects.filter(action=actions.TOKEN_CREATED).exists()
    event = AuditEvent.objects.get(action=actions.LOGIN_FAILED)
    assert event.actor is None
    assert event.details == {"known_user": known}
    # Nowhere in the trail (details, ids, types of any event) is the typed user name kept.
    for row in AuditEvent.objects.values():
        assert username.lower() not in str(row).lower()
    if known:
        assert event.object_id == str(user.pk)
        assert event.organisation_id == world.org_a.pk
    else:
        assert event.object_id == ""
        assert event.organisation_id is None


def test_repeated_failures_lock_out_with_429_and_audit(world: Any, client: Client) -> None:
    user = world.user(Role.SCREENER)
    statuses = [
        post_token(client, user.username, password=f"wrong {i}").status_code for i in range(4)
    ]
    assert statuses == [401] * 4
    assert not AuditEvent.objects.filter(action=actions.LOCKED_OUT).exists()

    fifth = post_token(client, user.username, password="wrong 5")

    body = assert_problem(fifth, 429)
    assert body["detail"]
    event = AuditEvent.objects.get(action=actions.LOCKED_OUT)
    assert event.actor is None
    assert event.object_id == str(user.pk)
    assert user.username not in str(event.details)
    # Locked: even the right password is refused now, and no token is issued.
    assert_problem(post_token(client, user.username), 429)
    assert not AuditEvent.objects.filter(action=actions.TOKEN_CREATED).exists()
    # The lock is per user name and address: another user from the same address may sign in.
    assert post_token(client, world.user(Role.CASEWORKER).username).status_code == 201


def test_throttle_limits_token_requests(db: Any, client: Client) -> None:
    statuses = [
        client.post(TOKEN_URL, {}, content_type="application/json").status_code for _i in range(21)
    ]

    assert statuses[:20] == [400] * 20
    assert statuses[20] == 429
    last = client.post(TOKEN_URL, {}, content_type="application/json")
    assert_problem(last, 429)
    assert last.has_header("Retry-After")


def test_throttle_cannot_be_bypassed_with_forwarded_for(db: Any, client: Client) -> None:
    """Without a proxy in front, X-Forwarded-For is whatever the client chose to send."""
    for _i in range(20):
        client.post(TOKEN_URL, {}, content_type="application/json")
    assert client.post(TOKEN_URL, {}, content_type="application/json").status_code == 429

    spoofed = client.post(
        TOKEN_URL, {}, content_type="application/json", HTTP_X_FORWARDED_FOR="203.0.113.7"
    )

    assert spoofed.status_code == 429


def test_successful_token_request_resets_failures(world: Any, client: Client) -> None:
    user = world.user(Role.SCREENER)
    for i in range(4):
        assert post_token(client, user.username, password=f"wrong {i}").status_code == 401
    assert post_token(client, user.username).status_code == 201

    response = post_token(client, user.username, password="one more typo")

    assert response.status_code == 401, "the success before cleared the four failures"


# Two-factor authentication ------------------------------------------------------------------


def test_two_factor_user_without_code_is_asked_for_one(world: Any, client: Client) -> None:
    user = world.user(Role.CASEWORKER)
    confirmed_device(user)

    response = post_token(client, user.username)

    body = assert_problem(response, 401)
    assert body["otp_required"] is True
    assert not AuditEvent.objects.filter(action=actions.TOKEN_CREATED).exists()


def test_two_factor_user_with_valid_code_gets_token(world: Any, client: Client) -> None:
    user = world.user(Role.CASEWORKER)
    device = confirmed_device(user)

    response = post_token(client, user.username, otp=valid_code(device))

    assert response.status_code == 201, response.content
    assert client.get(ME_URL, **auth(response.json()["token"])).status_code == 200


def test_two_factor_code_cannot_be_replayed(world: Any, client: Client) -> None:
    user = world.user(Role.CASEWORKER)
    device = confirmed_device(user)
    code = valid_code(device)
    assert post_token(client, user.username, otp=code).status_code == 201

    again = post_token(client, user.username, otp=code)

    assert_problem(again, 401)


def test_two_factor_user_with_wrong_code_is_refused(world: Any, client: Client) -> None:
    user = world.user(Role.CASEWORKER)
    device = confirmed_device(user)

    response = post_token(client, user.username, otp=wrong_code(device))

    body = assert_problem(response, 401)
    assert body["otp_required"] is True
    assert not AuditEvent.objects.filter(action=actions.TOKEN_CREATED).exists()
    assert AuditEvent.objects.filter(action=actions.OTP_FAILED, object_id=str(user.pk)).exists()


def test_wrong_password_with_valid_code_is_refused(world: Any, client: Client) -> None:
    user = world.user(Role.CASEWORKER)
    device = confirmed_device(user)

    response = post_token(client, user.username, password="wrong", otp=valid_code(device))

    body = assert_problem(response, 401)
    assert "otp_required" not in body


def test_org_requiring_2fa_refuses_user_without_device(world: Any, client: Client) -> None:
    require_2fa(world)

    response = post_token(client, world.user(Role.CASEWORKER).username)

    assert_problem(response, 403)
    assert not AuditEvent.objects.filter(action=actions.TOKEN_CREATED).exists()


def test_org_requiring_2fa_accepts_user_with_device_and_code(world: Any, client: Client) -> None:
    require_2fa(world)
    user = world.user(Role.CASEWORKER)
    device = confirmed_device(user)

    response = post_token(client, user.username, otp=valid_code(device))

    assert response.status_code == 201, response.content


def test_unverified_session_is_not_enough_when_org_requires_2fa(world: Any, login: Any) -> None:
    user = world.user(Role.ORG_ADMIN)
    client = login(user)
    assert client.get(ME_URL).status_code == 200
    require_2fa(world)

    response = client.get(ME_URL)

    assert_problem(response, 401)


# Ending tokens ------------------------------------------------------------------------------


def test_revoked_token_stops_working(world: Any, client: Client) -> None:
    user = world.user(Role.SCREENER)
    token = token_for(client, user)
    other = token_for(client, user)

    response = client.delete(TOKEN_URL, **auth(token))

    assert response.status_code == 204
    assert_problem(client.get(ME_URL, **auth(token)), 401)
    assert client.get(ME_URL, **auth(other)).status_code == 200, "only the token in use ends"
    event = AuditEvent.objects.get(action=actions.TOKEN_REVOKED)
    assert event.actor == user


def test_revoking_anonymously_is_401(db: Any, client: Client) -> None:
    assert_problem(client.delete(TOKEN_URL), 401)


def test_deactivated_users_token_stops_working(world: Any, client: Client) -> None:
    user = world.user(Role.SCREENER)
    token = token_for(client, user)

    services.membership_deactivate(
        actor=world.user(Role.ORG_ADMIN), membership=user.memberships.get()
    )

    response = client.get(ME_URL, **auth(token))
    assert_problem(response, 401)
    assert post_token(client, user.username).status_code == 401


def test_password_change_ends_tokens(world: Any, client: Client) -> None:
    user = world.user(Role.SCREENER)
    token = token_for(client, user)
    bystander = token_for(client, world.user(Role.CASEWORKER))

    user.set_password("a brand new passphrase")
    user.save()
    services.password_changed(actor=user)

    assert_problem(client.get(ME_URL, **auth(token)), 401)
    assert client.get(ME_URL, **auth(bystander)).status_code == 200


# Anonymous callers --------------------------------------------------------------------------


# Public by design: the token endpoint, and the exchange node's key set and inbox (the inbox
# authenticates each envelope by its signature instead of a login).
PUBLIC_ROUTES = {"api/v1/auth/token", "api/v1/exchange/jwks", "api/v1/exchange/inbox"}
ANONYMOUS_CASES = [
    pytest.param(method, route, id=f"{method.upper()} {route}")
    for route, _openapi, view, methods in api_v1_routes()
    for method in methods
    if route not in PUBLIC_ROUTES
]


@pytest.mark.parametrize(("method", "route"), ANONYMOUS_CASES)
def test_anonymous_is_401_everywhere(db: Any, client: Client, method: str, route: str) -> None:
    response = getattr(client, method)(concrete_url(route), {}, content_type="application/json")

    body = assert_problem(response, 401)
    assert "detail" in body
    assert response["WWW-Authenticate"].startswith("Token")


def test_anonymous_cases_cover_the_api() -> None:
    assert len(ANONYMOUS_CASES) >= 14


def test_token_endpoint_401s_carry_www_authenticate(world: Any, client: Client) -> None:
    """RFC 9110 section 15.5.2: a 401 response must say how to authenticate."""
    wrong = post_token(client, world.user(Role.SCREENER).username, password="wrong")
    anonymous_delete = client.delete(TOKEN_URL)

    assert wrong.status_code == anonymous_delete.status_code == 401
    assert wrong.has_header("WWW-Authenticate")
    assert anonymous_delete.has_header("WWW-Authenticate")
