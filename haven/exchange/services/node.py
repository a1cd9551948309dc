"""This node's identity: initialisation, keys, rotation and the published key set.

Private keys are stored as ``EncryptedJSONField`` values (the field keys of
``haven.core.crypto``); the public halves are published at ``/api/v1/exchange/jwks`` with
the node's name, country and endpoint. Rotation makes new keys current and keeps the old
ones published, so that messages signed or encrypted before it still verify and decrypt.
"""

from __future__ import annotations

import contextlib
import ipaddress
import uuid
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts import policy
from haven.accounts.roles import Cap
from haven.audit.services import record
from haven.exchange import actions, envelope
from haven.exchange.models import Node, NodeKey

LOOPBACK_NAMES = {"localhost"}


def check_endpoint(url: str, field: str = "endpoint") -> str:
    """HTTPS, or plain HTTP on the loopback interface only (two nodes on one machine)."""
    value = (url or "").strip().rstrip("/")
    try:
        parts = urlsplit(value)
    except ValueError as exc:
        raise ValidationError(
            {field: _("Enter the node's address, e.g. https://haven.example.org.")}
        ) from exc
    host = parts.hostname or ""
    if parts.scheme == "https" and host:
        return value
    loopback = host in LOOPBACK_NAMES
    with contextlib.suppress(ValueError):
        loopback = loopback or ipaddress.ip_address(host).is_loopback
    if parts.scheme == "http" and loopback:
        return value
    raise ValidationError(
        {field: _("The address must start with https:// (plain http only on this machine).")}
    )


def _require(actor: Any) -> None:
    """``actor`` None: an operator on the server (``haven exchange`` commands)."""
    if actor is not None and not policy.can(actor, Cap.EXCHANGE_PARTNERS):
        raise PermissionDenied


def node_get() -> Node | None:
    return Node.objects.order_by("created_at").first()


def _new_keys() -> list[NodeKey]:
    made = []
    for use in ("sig", "enc"):
        private = envelope.generate_key(use)
        made.append(
            NodeKey.objects.create(
                kid=private["kid"],
                use=use,
                public_jwk=envelope.public_part(private),
                private_jwk=private,
                is_current=True,
            )
        )
    return made


@transaction.atomic
def node_init(
    *,
    actor: Any,
    name: str,
    country: str,
    endpoint: str,
    request: HttpRequest | None = None,
) -> Node:
    """Make this deployment a node: its identifier and its first key pairs."""
    _require(actor)
    if Node.objects.exists():
        raise ValidationError(
            _("This node is already initialised. Rotate its keys instead."), code="exists"
        )
    node = Node(
        node_id=f"urn:uuid:{uuid.uuid4()}",
        name=name.strip(),
        country=(country or "").upper(),
        endpoint=check_endpoint(endpoint),
    )
    node.full_clean()
    node.save()
    keys = _new_keys()
    record(
        actor=actor,
        action=actions.NODE_INITIALISED,
        obj=node,
        request=request,
        details={"kids": [k.kid for k in keys]},
    )
    return node


@transaction.atomic
def node_update(
    *,
    actor: Any,
    name: str,
    country: str,
    endpoint: str,
    request: HttpRequest | None = None,
) -> Node:
    _require(actor)
    node = Node.objects.select_for_update().get(pk=_node().pk)
    node.name, node.country = name.strip(), (country or "").upper()
    node.endpoint = check_endpoint(endpoint)
    node.full_clean()
    node.save()
    record(actor=actor, action=actions.NODE_CHANGED, obj=node, request=request)
    return node


@transaction.atomic
def node_rotate(*, actor: Any, request: HttpRequest | None = None) -> list[NodeKey]:
    """New current signing and encryption keys; the old ones stay published, retired."""
    _require(actor)
    node = _node()
    old = list(NodeKey.objects.select_for_update().filter(is_current=True))
    NodeKey.objects.filter(pk__in=[k.pk for k in old]).update(
        is_current=False, retired_at=timezone.now()
    )
    keys = _new_keys()
    record(
        actor=actor,
        action=actions.KEYS_ROTATED,
        obj=node,
        request=request,
        details={"retired": [k.kid for k in old], "kids": [k.kid for k in keys]},
    )
    return keys


def _node() -> Node:
    node = node_get()
    if node is None:
        raise ValidationError(
            _("This node is not initialised yet: run haven exchange init."), code="no_node"
        )
    return node


def require_node() -> Node:
    return _node()


def current_key(use: str) -> NodeKey:
    key = NodeKey.objects.filter(use=use, is_current=True).order_by("-created_at").first()
    if key is None:
        raise ValidationError(_("This node has no keys: run haven exchange init."), code="no_keys")
    return key


def decryption_keys() -> dict[str, dict[str, Any]]:
    return {k.kid: dict(k.private_jwk) for k in NodeKey.objects.filter(use="enc")}


def published_keys() -> list[dict[str, Any]]:
    return [dict(k.public_jwk) for k in NodeKey.objects.order_by("use", "created_at")]


def jwks() -> dict[str, Any]:
    """The published key set with the node's name, country and endpoint."""
    node = _node()
    return envelope.node_document(
        node_id=node.node_id,
        name=node.name,
        country=str(node.country),
        endpoint=node.endpoint,
        keys=published_keys(),
        signing_kid=current_key("sig").kid,
        encryption_kid=current_key("enc").kid,
    )


def fingerprint() -> str:
    return envelope.fingerprint(published_keys())
