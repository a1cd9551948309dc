"""Permission-scoped reads of the audit trail."""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from django.db.models import QuerySet

from haven.accounts import policy
from haven.accounts.roles import Cap
from haven.audit.models import AuditEvent


def audit_event_list(
    *,
    actor: Any,
    action: str | None = None,
    action_prefix: str | None = None,
    user_id: UUID | None = None,
    organisation_id: UUID | None = None,
    object_id: str | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    qs = policy.scope(AuditEvent.objects.all(), actor, Cap.AUDIT_READ)
    if action:
        qs = qs.filter(action=action)
    if action_prefix:
        qs = qs.filter(action__startswith=action_prefix)
    if user_id:
        qs = qs.filter(actor_id=user_id)
    if organisation_id:
        qs = qs.filter(organisation_id=organisation_id)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if date_from:
        qs = qs.filter(created_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(created_at__date__lte=date_to)
    return qs.select_related("actor", "organisation").order_by("-created_at", "-id")
