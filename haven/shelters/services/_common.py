"""Helpers shared by the shelters services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import gettext as _

from haven.accounts import policy
from haven.accounts.models import Organisation
from haven.accounts.roles import Cap
from haven.audit.services import record
from haven.shelters.models import Shelter, Stay


def require(actor: Any, capability: Cap, obj: Model | None = None) -> None:
    if not policy.can(actor, capability, obj):
        raise PermissionDenied


def apply_changes(instance: Any, changes: dict[str, Any], allowed: set[str]) -> list[str]:
    """Apply ``changes`` limited to ``allowed`` fields; return the names that changed."""
    changed = []
    for name, value in changes.items():
        if name not in allowed:
            raise PermissionDenied
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def lock_shelter(shelter: Shelter) -> Shelter:
    """Every write that changes who holds a bed locks the shelter row first, then the bed:
    one order everywhere, so that concurrent writers queue instead of deadlocking."""
    locked = Shelter.objects.select_for_update().get(pk=shelter.pk)
    if not locked.is_active:
        raise ValidationError(_("This shelter is closed. Reopen it before placing people."))
    return locked


def check_staff(owner: Any, organisation_id: Any) -> None:
    """A follow-up's owner must be able to manage this organisation's shelters."""
    organisation = Organisation(pk=organisation_id)
    if owner is not None and not policy.can(owner, Cap.SHELTER_MANAGE, organisation):
        raise ValidationError({"owner": _("Choose a member of the shelter's staff.")})


def audit_stay(
    *,
    actor: Any,
    action: str,
    stay: Stay,
    request: HttpRequest | None,
    details: dict[str, Any] | None = None,
) -> None:
    """One event on the stay for the shelter's organisation and, when the stay comes from a
    referral, one on the case for the organisation that owns it (codes and ids only)."""
    payload = {"shelter": str(stay.shelter_id), **(details or {})}
    record(actor=actor, action=action, obj=stay, request=request, details=payload)
    if stay.case_id is not None:
        from haven.cases.models import Case

        owner = Case.objects.filter(pk=stay.case_id).values_list("organisation_id", flat=True)
        organisation_id = owner.first()
        if organisation_id is not None and organisation_id != stay.organisation_id:
            record(
                actor=actor,
                action=action,
                obj=Case(pk=stay.case_id, organisation_id=organisation_id),
                organisation=organisation_id,
                request=request,
                details={"stay": str(stay.pk), **(details or {})},
            )
