"""Audit of sign-ins, sign-outs and failed sign-ins (Django's and axes' signals)."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from haven.accounts.selectors import home_organisation_id
from haven.audit import actions
from haven.audit.services import record


def _known_user(username: str | None) -> Any:
    if not username:
        return None
    return get_user_model().objects.filter(username=username).first()


def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(
        actor=user,
        action=actions.LOGIN,
        obj=user,
        organisation=home_organisation_id(user),
        request=request,
    )


def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None and user.is_authenticated:
        record(
            actor=user,
            action=actions.LOGOUT,
            obj=user,
            organisation=home_organisation_id(user),
            request=request,
        )


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    # The attempted user name is not stored: people type passwords into it by mistake.
    user = _known_user(credentials.get("username"))
    record(
        actor=None,
        action=actions.LOGIN_FAILED,
        obj=user,
        organisation=home_organisation_id(user) if user else None,
        details={"known_user": user is not None},
        request=request,
    )


def on_locked_out(sender: Any, request: Any, username: str | None = None, **kwargs: Any) -> None:
    user = _known_user(username)
    record(
        actor=None,
        action=actions.LOCKED_OUT,
        obj=user,
        organisation=home_organisation_id(user) if user else None,
        details={"known_user": user is not None},
        request=request,
    )


def connect() -> None:
    user_logged_in.connect(on_login, dispatch_uid="haven.audit.login")
    user_logged_out.connect(on_logout, dispatch_uid="haven.audit.logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="haven.audit.login_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="haven.audit.locked_out")
