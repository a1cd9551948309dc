"""Shelters, rooms and beds: adding and changing them (shelter managers of the organisation)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from haven.accounts.models import Organisation
from haven.accounts.roles import Cap
from haven.audit.services import record
from haven.shelters import actions
from haven.shelters.models import Bed, Room, Shelter, Stay
from haven.shelters.services._common import apply_changes, lock_shelter, require
from haven.shelters.vocab import CURRENT

SHELTER_FIELDS = {
    "name",
    "name_translations",
    "type",
    "capacity",
    "country",
    "region",
    "languages",
    "accessibility",
    "security_features",
    "gender_policy",
    "max_stay_days",
    "share_capacity",
    "address",
    "phone",
    "is_active",
}
CONFIDENTIAL = {"address", "phone"}
ROOM_FIELDS = {"name", "rule", "child_appropriate", "accessible"}
BED_FIELDS = {"label", "is_cot", "accessible", "in_service", "out_of_service_reason"}
MAX_LANGUAGE_CODE = 10


def _validate_shelter(shelter: Shelter) -> None:
    languages = shelter.languages
    if not isinstance(languages, list) or not all(
        isinstance(code, str) and 0 < len(code) <= MAX_LANGUAGE_CODE for code in languages
    ):
        raise ValidationError({"languages": _("Give languages as a list of language codes.")})
    shelter.languages = list(dict.fromkeys(languages))
    allowed = {code for code, _name in settings.LANGUAGES}
    names = shelter.name_translations
    if not isinstance(names, dict) or not set(names) <= allowed:
        raise ValidationError({"name_translations": _("Give names only in Haven's languages.")})
    shelter.name = shelter.name.strip()
    if not shelter.name:
        raise ValidationError({"name": _("Give the shelter a name.")})
    shelter.full_clean(exclude=["organisation"])


def _audit_details(shelter: Shelter) -> dict[str, Any]:
    return {"type": shelter.type, "capacity": shelter.capacity, "shared": shelter.share_capacity}


@transaction.atomic
def shelter_create(
    *, actor: Any, organisation: Organisation, request: HttpRequest | None = None, **fields: Any
) -> Shelter:
    require(actor, Cap.SHELTER_MANAGE, organisation)
    shelter = Shelter(organisation=organisation, country=organisation.country)
    apply_changes(shelter, fields, SHELTER_FIELDS)
    _validate_shelter(shelter)
    shelter.save()
    record(
        actor=actor,
        action=actions.SHELTER_CREATED,
        obj=shelter,
        request=request,
        details=_audit_details(shelter),
    )
    return shelter


@transaction.atomic
def shelter_update(
    *, actor: Any, shelter: Shelter, request: HttpRequest | None = None, **changes: Any
) -> Shelter:
    require(actor, Cap.SHELTER_MANAGE, shelter)
    locked = Shelter.objects.select_for_update().get(pk=shelter.pk)
    changed = apply_changes(locked, changes, SHELTER_FIELDS)
    if not changed:
        return locked
    closing = "is_active" in changed and not locked.is_active
    if closing and Stay.objects.filter(shelter=locked, status__in=CURRENT).exists():
        raise ValidationError(
            {"is_active": _("People are staying or expected here: record their exit first.")}
        )
    _validate_shelter(locked)
    locked.save()
    record(
        actor=actor,
        action=actions.SHELTER_UPDATED,
        obj=locked,
        request=request,
        # Field names only: which confidential fields changed, never their values.
        details={"changed_fields": sorted(changed), **_audit_details(locked)},
    )
    return locked


@transaction.atomic
def room_save(
    *,
    actor: Any,
    shelter: Shelter,
    room: Room | None = None,
    request: HttpRequest | None = None,
    **fields: Any,
) -> Room:
    require(actor, Cap.SHELTER_MANAGE, shelter)
    item = room or Room(shelter=shelter)
    if item.shelter_id != shelter.pk:
        raise PermissionDenied
    changed = apply_changes(item, fields, ROOM_FIELDS)
    item.name = item.name.strip()
    if room is not None and changed and item.beds.filter(stays__status__in=CURRENT).exists():
        occupied_rules = {"rule", "child_appropriate"} & set(changed)
        if occupied_rules:
            raise ValidationError(
                _("People are staying in this room: change who may sleep here when it is empty.")
            )
    try:
        item.validate_unique()
    except ValidationError as exc:
        raise ValidationError({"name": _("This shelter has a room of that name already.")}) from exc
    item.full_clean()
    item.save()
    record(
        actor=actor,
        action=actions.ROOM_SAVED,
        obj=shelter,
        request=request,
        details={"room": str(item.pk), "rule": item.rule, "child": item.child_appropriate},
    )
    return item


@transaction.atomic
def bed_save(
    *,
    actor: Any,
    room: Room,
    bed: Bed | None = None,
    request: HttpRequest | None = None,
    **fields: Any,
) -> Bed:
    """Add or change a bed. Taking a bed out of service needs it empty; putting it back
    offers it to the waitlist at once."""
    from haven.shelters.services.waitlist import offer_free_beds

    shelter = room.shelter
    require(actor, Cap.SHELTER_MANAGE, shelter)
    shelter = lock_shelter(shelter)
    item = Bed.objects.select_for_update().get(pk=bed.pk) if bed else Bed(room=room)
    if item.room_id != room.pk:
        raise PermissionDenied
    item.shelter = shelter
    was_in_service = item.in_service if bed else False
    apply_changes(item, fields, BED_FIELDS)
    item.label = item.label.strip()
    if item.in_service:
        item.out_of_service_reason = ""
    elif not item.out_of_service_reason:
        raise ValidationError({"out_of_service_reason": _("Say why the bed is out of service.")})
    withdrawn = bed is not None and was_in_service and not item.in_service
    if withdrawn and item.stays.filter(status__in=CURRENT).exists():
        raise ValidationError(
            {"in_service": _("Someone holds this bed: it can go out of service when free.")}
        )
    try:
        item.validate_unique()
    except ValidationError as exc:
        raise ValidationError({"label": _("This room has a bed of that name already.")}) from exc
    item.full_clean()
    item.save()
    record(
        actor=actor,
        action=actions.BED_SAVED,
        obj=shelter,
        request=request,
        details={
            "bed": str(item.pk),
            "in_service": item.in_service,
            "reason": item.out_of_service_reason,
            "cot": item.is_cot,
        },
    )
    if item.in_service:
        offer_free_beds(actor=actor, shelter=shelter, request=request)
    return item
