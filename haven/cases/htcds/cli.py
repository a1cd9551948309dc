"""Shared by the ``haven export htcds`` and ``haven import htcds`` commands."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

EXIT_BAD_INPUT = 2


def acting_user(username: str) -> Any:
    """The active user the command acts as (policy and audit apply to them)."""
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"no active user {username!r}", returncode=EXIT_BAD_INPUT)
    return user


def format_of(path: str, given: str | None) -> str:
    """``--format`` if given, else from the file name's extension."""
    if given:
        return given
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    if suffix in ("xlsx", "xlsm"):
        return "xlsx"
    if suffix in ("csv", "txt"):
        return "csv"
    raise CommandError(
        f"cannot tell the format of {path!r}: give --format xlsx or --format csv",
        returncode=EXIT_BAD_INPUT,
    )


def organisation_for(user: Any, given: str | None) -> Any:
    """``--organisation`` (a UUID), or the one organisation where the user registers cases."""
    from uuid import UUID

    from haven.accounts import policy
    from haven.accounts.models import Organisation
    from haven.accounts.roles import Cap

    if given:
        try:
            return Organisation.objects.get(pk=UUID(given), is_active=True)
        except (ValueError, Organisation.DoesNotExist):
            raise CommandError(
                f"no active organisation {given!r}", returncode=EXIT_BAD_INPUT
            ) from None
    reach = list(
        policy.scope(Organisation.objects.filter(is_active=True), user, Cap.CASE_REGISTER)[:2]
    )
    if len(reach) == 1:
        return reach[0]
    raise CommandError(
        f"{user.username} may register cases in "
        + ("no organisation" if not reach else "several")
        + "; give --organisation ORG_UUID",
        returncode=EXIT_BAD_INPUT,
    )
