"""Sign-in with lock-out and two-factor authentication, language, passwords, user pages."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django_otp import devices_for_user
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from haven.accounts import services
from haven.accounts.models import User
from haven.accounts.roles import Role
from haven.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _sign_in(client, username, password=PASSWORD, **extra):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **extra
    )


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_sign_in_and_out_are_audited(world, client):
    response = _sign_in(client, "caseworker_a")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200
    client.post(reverse("accounts:logout"))
    user = world.user(Role.CASEWORKER)
    actions = list(
        AuditEvent.objects.filter(object_id=str(user.pk)).values_list("action", flat=True)
    )
    assert "auth.login" in actions
    assert "auth.logout" in actions


def test_failed_sign_ins_lock_the_account_and_are_audited_without_the_name(world, client):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _sign_in(client, "caseworker_a", "wrong password")
        assert response.status_code == 200
        assert "not right" in response.content.decode()
    response = _sign_in(client, "caseworker_a", "wrong password")
    assert response.status_code == 429
    # Even the right password is refused while locked.
    assert _sign_in(client, "caseworker_a").status_code == 429
    failed = AuditEvent.objects.filter(action="auth.login_failed")
    assert failed.count() >= settings.AXES_FAILURE_LIMIT
    assert all("caseworker_a" not in str(e.details) for e in failed)
    assert AuditEvent.objects.filter(action="auth.locked_out").exists()
    _sign_in(client, "nobody-such", "whatever")
    unknown = AuditEvent.objects.filter(action="auth.login_failed").latest("created_at")
    assert unknown.details == {"known_user": False}
    assert unknown.object_id == ""


def test_two_factor_set_up_and_sign_in(world, client, login):
    user = world.user(Role.COORDINATOR)
    login(user)
    page = client.get(reverse("accounts:two_factor"))
    assert b"<svg" in page.content
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post(reverse("accounts:two_factor"), {"token": "000000"})
    assert "not right" in wrong.content.decode()
    done = client.post(reverse("accounts:two_factor"), {"token": _code(device)})
    codes = re.findall(r"<li>([a-z0-9]{8})</li>", done.content.decode())
    assert len(codes) == 8
    assert AuditEvent.objects.filter(action="auth.otp_enabled", object_id=str(user.pk)).exists()
    client.post(reverse("accounts:logout"))

    response = _sign_in(client, "coordinator_a")
    assert response["Location"] == reverse("accounts:login_verify")
    assert client.get("/").status_code == 302  # not signed in yet
    bad = client.post(reverse("accounts:login_verify"), {"token": "123456"})
    assert bad.status_code == 200
    assert AuditEvent.objects.filter(action="auth.otp_failed").exists()
    # django-otp now throttles both devices: even a right code waits (here: reset the wait).
    refused = client.post(reverse("accounts:login_verify"), {"token": codes[0]})
    assert refused.status_code == 200
    for device in devices_for_user(user):
        device.throttle_reset()
    client.post(reverse("accounts:login_verify"), {"token": codes[0]})  # a backup code
    assert client.get("/").status_code == 200
    client.post(reverse("accounts:logout"))
    _sign_in(client, "coordinator_a")
    client.post(reverse("accounts:login_verify"), {"token": codes[0]})  # used once already
    assert client.get("/").status_code == 302


def test_mandatory_two_factor_blocks_everything_until_set_up(world, client):
    services.organisation_update(
        actor=world.user(Role.ORG_ADMIN), organisation=world.org_a, require_2fa=True
    )
    _sign_in(client, "analyst_a")
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:two_factor")
    assert client.get(reverse("accounts:user_list"))["Location"] == reverse("accounts:two_factor")
    assert client.get(reverse("api:me")).status_code in (401, 403)
    assert "requires two-factor" in client.get(reverse("accounts:two_factor")).content.decode()
    device = TOTPDevice.objects.get(user=world.user(Role.ANALYST))
    client.post(reverse("accounts:two_factor"), {"token": _code(device)})
    assert client.get("/").status_code == 200
    # It cannot be switched off while the organisation requires it.
    client.post(reverse("accounts:two_factor_disable"))
    assert TOTPDevice.objects.filter(user=world.user(Role.ANALYST), confirmed=True).exists()


def test_language_switch_is_remembered_on_the_profile(world, client, login):
    user = world.user(Role.SCREENER)
    login(user)
    response = client.post(reverse("accounts:language"), {"language": "zh-hans", "next": "/"})
    assert response["Location"] == "/"
    assert User.objects.get(pk=user.pk).language == "zh-hans"
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="zh-Hans"' in page.content.decode()
    assert "退出登录" in page.content.decode()
    evil = client.post(
        reverse("accounts:language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert evil["Location"] == "/"


def test_anonymous_language_choice_uses_a_cookie(client, db):
    client.post(reverse("accounts:language"), {"language": "zh-hans", "next": "/account/login/"})
    page = client.get(reverse("accounts:login"))
    assert "登录" in page.content.decode()


def test_invitation_link_sets_the_password_once(world, client, login):
    admin = world.user(Role.ORG_ADMIN)
    login(admin)
    mail.outbox.clear()
    response = client.post(
        reverse("accounts:user_create"),
        {
            "organisation": world.org_a.pk,
            "username": "wang.fang",
            "full_name": "王芳",
            "email": "",
            "language": "zh-hans",
            "roles": ["caseworker"],
        },
    )
    assert response.status_code == 200
    link = re.search(r'id="invite-link">([^<]+)<', response.content.decode()).group(1)
    assert not mail.outbox  # no address: the admin hands the link over
    client.logout()
    path = link.replace("http://testserver", "")
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    client.post(
        set_url,
        {"new_password1": "a long new passphrase", "new_password2": "a long new passphrase"},
    )
    assert _sign_in(client, "wang.fang", "a long new passphrase").status_code == 302
    client.logout()
    again = client.get(path, follow=True)
    assert "expired" in again.content.decode() or "过期" in again.content.decode()


def test_user_list_search_filters_and_pages(world, client, login):
    login(world.user(Role.ORG_ADMIN))
    page = client.get(reverse("accounts:user_list"))
    text = page.content.decode()
    assert "caseworker_a" in text
    assert "caseworker_b" not in text
    assert "hv1." not in text
    found = client.get(reverse("accounts:user_list"), {"q": "test CASEWORKER a"})
    assert "caseworker_a" in found.content.decode()
    assert "screener_a" not in found.content.decode()
    by_role = client.get(reverse("accounts:user_list"), {"role": "analyst"})
    assert "analyst_a" in by_role.content.decode()
    assert "screener_a" not in by_role.content.decode()
    none = client.get(reverse("accounts:user_list"), {"q": "nobody at all"})
    assert "No users match" in none.content.decode()


def test_user_list_query_count_does_not_grow_with_users(
    world, client, login, django_assert_max_num_queries
):
    admin = world.user(Role.ORG_ADMIN)
    login(admin)
    client.get(reverse("accounts:user_list"))
    for i in range(15):
        services.user_create(
            actor=admin, organisation=world.org_a, username=f"extra{i}", roles=["analyst"]
        )
    with django_assert_max_num_queries(14):
        client.get(reverse("accounts:user_list"))


def test_stored_markup_is_escaped(world, client, login):
    admin = world.user(Role.ORG_ADMIN)
    services.user_update(
        actor=admin,
        user=world.user(Role.ANALYST),
        full_name="<script>alert(1)</script>",
        email="",
        language="en",
    )
    login(admin)
    text = client.get(reverse("accounts:user_list")).content.decode()
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;" in text


def test_deactivate_asks_for_confirmation_first(world, client, login):
    admin = world.user(Role.ORG_ADMIN)
    analyst = world.user(Role.ANALYST)
    login(admin)
    membership = analyst.memberships.get()
    url = reverse(
        "accounts:membership_deactivate", kwargs={"pk": analyst.pk, "membership": membership.pk}
    )
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert User.objects.get(pk=analyst.pk).is_active
    client.post(url)
    assert not User.objects.get(pk=analyst.pk).is_active


def test_security_headers(client, db):
    response = client.get(reverse("accounts:login"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "<script>" not in response.content.decode()  # no inline scripts
    assert ' style="' not in response.content.decode()  # no inline styles
