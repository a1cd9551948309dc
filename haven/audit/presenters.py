"""Audit events as people read them: translated labels for objects, detail keys and values."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent

DETAIL_LABELS = {
    "roles": gettext_lazy("Roles"),
    "added": gettext_lazy("Roles added"),
    "removed": gettext_lazy("Roles removed"),
    "changed_fields": gettext_lazy("Changed"),
    "emailed": gettext_lazy("E-mailed"),
    "known_user": gettext_lazy("Known user name"),
    "account_disabled": gettext_lazy("Account disabled"),
    "bootstrap": gettext_lazy("First set-up"),
}
ROLE_KEYS = {"roles", "added", "removed"}


def _field_label(name: str) -> str:
    for model_label in ("accounts.User", "accounts.Organisation"):
        model = apps.get_model(model_label)
        try:
            return str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            continue
    return name


def _value(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if key in ROLE_KEYS and isinstance(value, list):
        return ", ".join(str(Role(v).label) if v in Role.values else str(v) for v in value) or "–"
    if key == "changed_fields" and isinstance(value, list):
        return ", ".join(_field_label(v) for v in value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def details(event: AuditEvent) -> list[tuple[str, str]]:
    return [(str(DETAIL_LABELS.get(k, k)), _value(k, v)) for k, v in event.details.items()]


def object_label(event: AuditEvent) -> str:
    if not event.object_type:
        return ""
    try:
        model = apps.get_model(event.object_type)
    except LookupError:
        return event.object_type
    return str(model._meta.verbose_name)
