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
    username: str | None = None,
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
    if username:
        qs = qs.filter(actor__username=username)
    if organisation_id:
        qs = qs.filter(organisation_id=organisation_id)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if date_from:
        qs = qs.filter(created_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(created_at__date__lte=date_to)
    return qs.select_related("actor", "organisation").order_by("-created_at", "-id")


def older_than(qs: QuerySet[AuditEvent], cursor: str) -> QuerySet[AuditEvent]:
    """Keyset pagination: events after ``cursor`` (``<iso time>_<id>``) in newest-first order.

    No COUNT and no OFFSET, so a page costs the same at a million events as at ten.
    """
    import uuid

    from django.db.models import Q
    from django.utils.dateparse import parse_datetime

    stamp, _sep, pk = cursor.rpartition("_")
    when = parse_datetime(stamp)
    try:
        last = uuid.UUID(pk)
    except ValueError:
        last = None
    if when is None or last is None:
        raise ValueError("bad cursor")
    return qs.filter(Q(created_at__lt=when) | Q(created_at=when, id__lt=last))


def cursor_of(event: AuditEvent) -> str:
    return f"{event.created_at.isoformat()}_{event.pk}"
