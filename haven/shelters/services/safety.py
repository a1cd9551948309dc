"""Incidents in a shelter, their follow-up actions, and completing follow-ups."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts.roles import Cap
from haven.audit.services import record
from haven.shelters import actions
from haven.shelters.models import FollowUp, Incident, Shelter, Stay
from haven.shelters.services._common import check_staff, require
from haven.shelters.vocab import FollowUpKind, IncidentKind, Severity


def _action(incident: Incident, title: str, due_on: datetime.date | None, owner: Any) -> FollowUp:
    title = title.strip()
    errors = {}
    if not title:
        errors["title"] = _("Say what has to be done.")
    if due_on is None:
        errors["due_on"] = _("Give the date by which it has to be done.")
    if errors or due_on is None:
        raise ValidationError(errors)
    check_staff(owner, incident.organisation_id)
    item = FollowUp(
        organisation_id=incident.organisation_id,
        shelter_id=incident.shelter_id,
        stay_id=incident.stay_id,
        incident=incident,
        kind=FollowUpKind.INCIDENT,
        title=title,
        due_on=due_on,
        owner=owner,
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def incident_record(
    *,
    actor: Any,
    shelter: Shelter,
    kind: str,
    severity: str,
    description: str,
    occurred_at: datetime.datetime | None = None,
    stay: Stay | None = None,
    police_informed: bool = False,
    action: str = "",
    action_due_on: datetime.date | None = None,
    action_owner: Any = None,
    request: HttpRequest | None = None,
) -> Incident:
    """Record an incident (and, if given, its first follow-up action)."""
    require(actor, Cap.SHELTER_MANAGE, shelter)
    errors = {}
    if kind not in IncidentKind.values:
        errors["kind"] = _("Choose the kind of incident.")
    if severity not in Severity.values:
        errors["severity"] = _("Choose how serious it is.")
    if not description.strip():
        errors["description"] = _("Say what happened.")
    occurred_at = occurred_at or timezone.now()
    if occurred_at > timezone.now():
        errors["occurred_at"] = _("Record incidents that have happened.")
    if stay is not None and stay.shelter_id != shelter.pk:
        errors["stay"] = _("Choose a resident of this shelter.")
    if errors:
        raise ValidationError(errors)
    incident = Incident.objects.create(
        organisation_id=shelter.organisation_id,
        shelter=shelter,
        stay=stay,
        kind=kind,
        severity=severity,
        occurred_at=occurred_at,
        description=description.strip(),
        police_informed=police_informed,
        reported_by=actor,
    )
    actions_count = 0
    if action.strip():
        _action(incident, action, action_due_on, action_owner or actor)
        actions_count = 1
    record(
        actor=actor,
        action=actions.INCIDENT_RECORDED,
        obj=incident,
        request=request,
        details={
            "shelter": str(shelter.pk),
            "stay": str(stay.pk) if stay else None,
            "kind": kind,
            "severity": severity,
            "police_informed": police_informed,
            "actions": actions_count,
        },
    )
    return incident


@transaction.atomic
def follow_up_save(
    *,
    actor: Any,
    incident: Incident,
    title: str,
    due_on: datetime.date | None,
    owner: Any = None,
    request: HttpRequest | None = None,
) -> FollowUp:
    """Add a follow-up action to an incident."""
    require(actor, Cap.SHELTER_MANAGE, incident)
    item = _action(incident, title, due_on, owner or actor)
    record(
        actor=actor,
        action=actions.FOLLOW_UP_SAVED,
        obj=item,
        request=request,
        details={"incident": str(incident.pk), "kind": item.kind},
    )
    return item


@transaction.atomic
def follow_up_done(
    *, actor: Any, follow_up: FollowUp, request: HttpRequest | None = None
) -> FollowUp:
    require(actor, Cap.SHELTER_MANAGE, follow_up)
    locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if locked.done_at is None:
        locked.done_at, locked.done_by = timezone.now(), actor
        locked.save(update_fields=["done_at", "done_by", "updated_at"])
        record(
            actor=actor,
            action=actions.FOLLOW_UP_DONE,
            obj=locked,
            request=request,
            details={"kind": locked.kind, "late": locked.due_on < timezone.localdate()},
        )
    return locked
