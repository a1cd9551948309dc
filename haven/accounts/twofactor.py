"""Two-factor authentication with an authenticator app (TOTP, django-otp) and backup codes."""

from __future__ import annotations

from typing import Any

import qrcode
import qrcode.image.svg
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from haven.accounts.models import Organisation, User
from haven.accounts.selectors import home_organisation_id
from haven.audit import actions
from haven.audit.services import record

BACKUP_CODES = 8


def has_device(user: User) -> bool:
    return any(True for _device in devices_for_user(user, confirmed=True))


def required_for(user: User) -> bool:
    """Does an organisation of the user make two-factor authentication mandatory?"""
    return Organisation.objects.filter(
        memberships__user=user, memberships__is_active=True, require_2fa=True
    ).exists()


def verify(user: User, token: str, *, request: HttpRequest | None = None) -> Any:
    """The device that accepts ``token`` (TOTP code or unused backup code), or None.

    django-otp throttles repeated failures per device.
    """
    token = "".join(token.split())
    for device in devices_for_user(user, confirmed=True):
        if device.verify_is_allowed()[0] and device.verify_token(token):
            return device
    record(
        actor=None,
        action=actions.OTP_FAILED,
        obj=user,
        organisation=home_organisation_id(user),
        request=request,
    )
    return None


def enrol_start(*, actor: User) -> TOTPDevice:
    """An unconfirmed authenticator for ``actor`` (the same one until confirmed)."""
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=actor, name="authenticator", confirmed=False)
    return device


def qr_svg(device: TOTPDevice) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


def secret_text(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for typing into an app by hand."""
    import base64

    b32 = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(b32[i : i + 4] for i in range(0, len(b32), 4))


@transaction.atomic
def enrol_confirm(
    *, actor: User, device: TOTPDevice, token: str, request: HttpRequest | None = None
) -> list[str]:
    """Confirm the authenticator with a code from it; return one-time backup codes."""
    if device.user_id != actor.pk or device.confirmed:
        raise PermissionDenied
    if not device.verify_token("".join(token.split())):
        raise ValidationError(
            {
                "token": _(
                    "That code is not right. Check the time on your phone "
                    "and enter the newest code."
                )
            }
        )
    device.confirmed = True
    device.save()
    TOTPDevice.objects.filter(user=actor).exclude(pk=device.pk).delete()
    StaticDevice.objects.filter(user=actor).delete()
    backup = StaticDevice.objects.create(user=actor, name="backup codes", confirmed=True)
    codes = [StaticToken.random_token() for _i in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=backup, token=c) for c in codes)
    record(
        actor=actor,
        action=actions.OTP_ENABLED,
        obj=actor,
        organisation=home_organisation_id(actor),
        request=request,
    )
    return codes


@transaction.atomic
def disable(*, actor: User, request: HttpRequest | None = None) -> None:
    if required_for(actor):
        raise ValidationError(_("Your organisation requires two-factor authentication."))
    _remove_devices(actor)
    record(
        actor=actor,
        action=actions.OTP_DISABLED,
        obj=actor,
        organisation=home_organisation_id(actor),
        request=request,
    )


@transaction.atomic
def reset_for(*, actor: Any, user: User, request: HttpRequest | None = None) -> None:
    """An administrator removes a user's authenticator (lost phone); they enrol again."""
    from haven.accounts.services import require_account_control

    require_account_control(actor, user)
    _remove_devices(user)
    record(
        actor=actor,
        action=actions.OTP_RESET,
        obj=user,
        organisation=home_organisation_id(user),
        request=request,
    )


def _remove_devices(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
