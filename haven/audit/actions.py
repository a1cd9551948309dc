"""Audit action codes and their labels. Each app registers its own codes here."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTIONS: dict[str, Promise | str] = {}


def register(actions: dict[str, Promise | str]) -> None:
    ACTIONS.update(actions)


def label(code: str) -> str:
    return str(ACTIONS.get(code, code))


# Foundation actions.
LOGIN = "auth.login"
LOGIN_FAILED = "auth.login_failed"
LOGOUT = "auth.logout"
LOCKED_OUT = "auth.locked_out"
PASSWORD_CHANGED = "auth.password_changed"
PASSWORD_LINK_ISSUED = "auth.password_link_issued"
PASSWORD_RESET_REQUESTED = "auth.password_reset_requested"
PASSWORD_SET = "auth.password_set"
OTP_ENABLED = "auth.otp_enabled"
OTP_DISABLED = "auth.otp_disabled"
OTP_FAILED = "auth.otp_failed"
OTP_RESET = "auth.otp_reset"
TOKEN_CREATED = "auth.token_created"
TOKEN_REVOKED = "auth.token_revoked"
USER_CREATED = "user.created"
USER_UPDATED = "user.updated"
USER_ROLES_CHANGED = "user.roles_changed"
USER_DEACTIVATED = "user.deactivated"
USER_REACTIVATED = "user.reactivated"
MEMBERSHIP_ADDED = "user.membership_added"
PREFERENCES_CHANGED = "user.preferences_changed"
ORG_CREATED = "organisation.created"
ORG_UPDATED = "organisation.updated"

register(
    {
        LOGIN: _("Signed in"),
        LOGIN_FAILED: _("Failed sign-in"),
        LOGOUT: _("Signed out"),
        LOCKED_OUT: _("Locked out after failed sign-ins"),
        PASSWORD_CHANGED: _("Changed password"),
        PASSWORD_LINK_ISSUED: _("Issued a set-password link"),
        PASSWORD_RESET_REQUESTED: _("Requested a password reset"),
        PASSWORD_SET: _("Set a new password from a link"),
        OTP_ENABLED: _("Turned on two-factor authentication"),
        OTP_DISABLED: _("Turned off two-factor authentication"),
        OTP_FAILED: _("Wrong two-factor code"),
        OTP_RESET: _("Reset a user's two-factor authentication"),
        TOKEN_CREATED: _("Created an API token"),
        TOKEN_REVOKED: _("Revoked an API token"),
        USER_CREATED: _("Created a user"),
        USER_UPDATED: _("Changed a user's details"),
        USER_ROLES_CHANGED: _("Changed a user's roles"),
        USER_DEACTIVATED: _("Deactivated a user"),
        USER_REACTIVATED: _("Reactivated a user"),
        MEMBERSHIP_ADDED: _("Added a user to an organisation"),
        PREFERENCES_CHANGED: _("Changed own preferences"),
        ORG_CREATED: _("Created an organisation"),
        ORG_UPDATED: _("Changed an organisation"),
    }
)
