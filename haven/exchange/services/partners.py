"""Partner nodes and data-sharing agreements (system administrators).

A partner is registered from its published key set only when the fingerprint that its
administrator gave out of band (telephone, letter, meeting) matches the keys: a key set
that does not match is refused, and so is any later change of keys without a new check.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts import policy
from haven.accounts.models import Organisation
from haven.accounts.roles import Cap
from haven.audit.services import record
from haven.exchange import actions, envelope, transport
from haven.exchange.models import Agreement, Partner
from haven.exchange.services.node import check_endpoint, node_get
from haven.exchange.vocab import DeliveryMethod, Field, SharingPurpose

MAX_RETENTION_DAYS = 3650


def _require(actor: Any) -> None:
    if not policy.can(actor, Cap.EXCHANGE_PARTNERS):
        raise PermissionDenied


def fetch_document(url: str) -> dict[str, Any]:
    """A partner's key set from its address (``…/api/v1/exchange/jwks``)."""
    base = check_endpoint(url, "url")
    target = base if base.endswith("/jwks") else base + "/api/v1/exchange/jwks"
    try:
        reply = transport.get(target)
    except transport.TransportError as exc:
        raise ValidationError(
            {"url": _("The partner could not be reached ({code}).").format(code=exc.code)}
        ) from exc
    if reply.status != 200 or not reply.body:
        raise ValidationError(
            {
                "url": _("The partner answered {status}, not its key set.").format(
                    status=reply.status
                )
            }
        )
    return reply.body


def checked_document(document: Any, fingerprint: str) -> envelope.NodeDocument:
    """Parse a key set and compare its fingerprint with the one given out of band."""
    try:
        parsed = envelope.parse_node_document(document)
    except ValueError as exc:
        raise ValidationError({"jwks": str(exc)}) from exc
    if envelope.normalise_fingerprint(fingerprint) != envelope.fingerprint(parsed.keys):
        raise ValidationError(
            {
                "fingerprint": _(
                    "The fingerprint does not match these keys. Do not register them: ask the "
                    "partner's administrator for the fingerprint again, by another channel."
                )
            },
            code="fingerprint",
        )
    node = node_get()
    if node is not None and parsed.node_id == node.node_id:
        raise ValidationError({"jwks": _("These are this node's own keys.")})
    return parsed


def _apply(partner: Partner, parsed: envelope.NodeDocument, delivery: str) -> None:
    if delivery not in DeliveryMethod.values:
        raise ValidationError({"delivery": _("Choose how messages reach this partner.")})
    partner.name = parsed.name[:200]
    partner.country = parsed.country
    partner.endpoint = (
        check_endpoint(parsed.endpoint) if delivery == DeliveryMethod.NETWORK else parsed.endpoint
    )
    partner.jwks = {"keys": list(parsed.keys)}
    partner.fingerprint = envelope.fingerprint(parsed.keys)
    partner.signing_kid = parsed.signing_kid
    partner.encryption_kid = parsed.encryption_kid
    partner.delivery = delivery
    partner.keys_checked_at = timezone.now()
    partner.full_clean()


@transaction.atomic
def partner_register(
    *,
    actor: Any,
    document: Any,
    fingerprint: str,
    delivery: str = DeliveryMethod.NETWORK,
    request: HttpRequest | None = None,
) -> Partner:
    _require(actor)
    parsed = checked_document(document, fingerprint)
    if Partner.objects.filter(node_id=parsed.node_id).exists():
        raise ValidationError(
            {"jwks": _("This node is registered already: update its keys on its page.")}
        )
    partner = Partner(node_id=parsed.node_id, registered_by=actor)
    _apply(partner, parsed, delivery)
    partner.save()
    record(
        actor=actor,
        action=actions.PARTNER_REGISTERED,
        obj=partner,
        request=request,
        details={"partner": partner.node_id, "keys": len(parsed.keys), "delivery": delivery},
    )
    return partner


@transaction.atomic
def partner_update_keys(
    *,
    actor: Any,
    partner: Partner,
    document: Any,
    fingerprint: str,
    delivery: str | None = None,
    request: HttpRequest | None = None,
) -> Partner:
    """New keys (after the partner rotated), checked against a new fingerprint."""
    _require(actor)
    parsed = checked_document(document, fingerprint)
    locked = Partner.objects.select_for_update().get(pk=partner.pk)
    if parsed.node_id != locked.node_id:
        raise ValidationError({"jwks": _("These keys belong to another node.")})
    _apply(locked, parsed, delivery or locked.delivery)
    locked.save()
    record(
        actor=actor,
        action=actions.PARTNER_KEYS_UPDATED,
        obj=locked,
        request=request,
        details={"partner": locked.node_id, "keys": len(parsed.keys)},
    )
    return locked


@transaction.atomic
def partner_change(
    *,
    actor: Any,
    partner: Partner,
    delivery: str | None = None,
    is_active: bool | None = None,
    request: HttpRequest | None = None,
) -> Partner:
    """Switch delivery (network or files) or suspend / resume all exchange with a partner."""
    _require(actor)
    locked = Partner.objects.select_for_update().get(pk=partner.pk)
    changed = []
    if delivery is not None and delivery != locked.delivery:
        if delivery not in DeliveryMethod.values:
            raise ValidationError({"delivery": _("Choose how messages reach this partner.")})
        if delivery == DeliveryMethod.NETWORK:
            check_endpoint(locked.endpoint)
        locked.delivery = delivery
        changed.append("delivery")
    if is_active is not None and is_active != locked.is_active:
        locked.is_active = is_active
        changed.append("is_active")
    if changed:
        locked.save()
        record(
            actor=actor,
            action=actions.PARTNER_CHANGED,
            obj=locked,
            request=request,
            details={"partner": locked.node_id, "changed_fields": changed},
        )
    return locked


# ---------------------------------------------------------------------------------------------
# Agreements


def _clean_fields(fields: dict[str, Iterable[str]]) -> dict[str, list[str]]:
    if not isinstance(fields, dict):
        raise ValidationError({"fields": _("Choose the fields allowed for each purpose.")})
    clean: dict[str, list[str]] = {}
    for purpose, codes in fields.items():
        if purpose not in SharingPurpose.values:
            raise ValidationError({"fields": _("Unknown purpose.")})
        chosen = [str(c) for c in codes]
        if set(chosen) - set(Field.values):
            raise ValidationError({"fields": _("Choose fields from the list.")})
        if chosen:
            clean[purpose] = [f for f in Field.values if f in chosen]
    if not clean:
        raise ValidationError({"fields": _("Allow at least one field for at least one purpose.")})
    return clean


def _clean_partner_organisations(items: Any) -> list[dict[str, str]]:
    message = _("List the partner's organisations, each with its identifier and name.")
    if not isinstance(items, list) or not items:
        raise ValidationError({"partner_organisations": message})
    clean, seen = [], set()
    for item in items:
        if not isinstance(item, dict):
            raise ValidationError({"partner_organisations": message})
        identifier = str(item.get("id", "")).strip()
        name = str(item.get("name", "")).strip()
        if not identifier or not name or len(identifier) > 100 or len(name) > 200:
            raise ValidationError({"partner_organisations": message})
        if identifier in seen:
            raise ValidationError(
                {"partner_organisations": _("Each identifier may appear only once.")}
            )
        seen.add(identifier)
        clean.append({"id": identifier, "name": name})
    return clean


@transaction.atomic
def agreement_save(
    *,
    actor: Any,
    partner: Partner,
    code: str,
    title: str,
    fields: dict[str, Iterable[str]],
    retention_days: int,
    valid_from: datetime.date,
    valid_until: datetime.date,
    organisations: Iterable[Organisation],
    partner_organisations: list[dict[str, str]],
    allow_matching: bool = False,
    is_active: bool = True,
    agreement: Agreement | None = None,
    request: HttpRequest | None = None,
) -> Agreement:
    """Create or change an agreement. Nothing leaves this node outside one."""
    _require(actor)
    ours = list(organisations)
    errors: dict[str, Any] = {}
    if not ours or any(not o.is_active for o in ours):
        errors["organisations"] = _("Choose at least one active organisation of this node.")
    if valid_until < valid_from:
        errors["valid_until"] = _("The end must not be before the start.")
    if not 1 <= int(retention_days) <= MAX_RETENTION_DAYS:
        errors["retention_days"] = _("Between 1 and 3650 days.")
    if errors:
        raise ValidationError(errors)
    clean_fields = _clean_fields(fields)
    theirs = _clean_partner_organisations(partner_organisations)
    code = code.strip()
    duplicate = Agreement.objects.filter(partner=partner, code=code)
    if agreement is not None:
        duplicate = duplicate.exclude(pk=agreement.pk)
    if duplicate.exists():
        raise ValidationError(
            {"code": _("This partner already has an agreement with this identifier.")}
        )
    created = agreement is None
    if agreement is None:
        item = Agreement(partner=partner, created_by=actor)
    else:
        item = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if item.partner_id != partner.pk:
            raise ValidationError({"partner": _("An agreement cannot move to another partner.")})
    item.code, item.title = code, title.strip()
    item.fields = clean_fields
    item.retention_days = int(retention_days)
    item.valid_from, item.valid_until = valid_from, valid_until
    item.partner_organisations = theirs
    item.allow_matching = bool(allow_matching)
    item.is_active = bool(is_active)
    item.full_clean()
    item.save()
    item.organisations.set(ours)
    record(
        actor=actor,
        action=actions.AGREEMENT_CREATED if created else actions.AGREEMENT_CHANGED,
        obj=item,
        request=request,
        details={
            "agreement": item.code,
            "partner": partner.node_id,
            "purposes": item.purposes,
            "organisations": [str(o.pk) for o in ours],
            "retention_days": item.retention_days,
            "matching": item.allow_matching,
        },
    )
    return item
