"""Publishing and changing the services an organisation offers in the directory."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from haven.accounts.models import Organisation
from haven.audit.services import record
from haven.referrals import actions
from haven.referrals.models import Service
from haven.referrals.selectors import can_manage_services
from haven.referrals.services._common import apply_changes

SERVICE_FIELDS = {
    "category",
    "region",
    "languages",
    "capacity",
    "contact",
    "description",
    "description_translations",
    "is_active",
}
MAX_LANGUAGE_CODE = 10


def _validate(service: Service) -> None:
    languages = service.languages
    if not isinstance(languages, list) or not all(
        isinstance(code, str) and 0 < len(code) <= MAX_LANGUAGE_CODE for code in languages
    ):
        raise ValidationError({"languages": _("Give languages as a list of language codes.")})
    service.languages = list(dict.fromkeys(languages))
    translations = service.description_translations
    allowed = {code for code, _name in settings.LANGUAGES}
    if not isinstance(translations, dict) or not set(translations) <= allowed:
        raise ValidationError(
            {"description_translations": _("Give descriptions only in the languages of Haven.")}
        )
    service.full_clean()


@transaction.atomic
def service_create(
    *,
    actor: Any,
    organisation: Organisation,
    request: HttpRequest | None = None,
    **fields: Any,
) -> Service:
    if not can_manage_services(actor, organisation):
        raise PermissionDenied
    if not fields.get("region"):
        fields["region"] = organisation.region
    service = Service(organisation=organisation)
    apply_changes(service, fields, SERVICE_FIELDS)
    _validate(service)
    service.save()
    record(
        actor=actor,
        action=actions.SERVICE_PUBLISHED,
        obj=service,
        request=request,
        details={"category": service.category, "active": service.is_active},
    )
    return service


@transaction.atomic
def service_update(
    *, actor: Any, service: Service, request: HttpRequest | None = None, **changes: Any
) -> Service:
    if not can_manage_services(actor, service.organisation):
        raise PermissionDenied
    locked = Service.objects.select_for_update().get(pk=service.pk)
    changed = apply_changes(locked, changes, SERVICE_FIELDS)
    if changed:
        _validate(locked)
        locked.save()
        record(
            actor=actor,
            action=actions.SERVICE_UPDATED,
            obj=locked,
            request=request,
            details={"changed_fields": sorted(changed), "active": locked.is_active},
        )
    return locked
