"""Privacy-preserving matching: "do you already know this person?".

Both nodes derive the same key without sending it: ECDH between the two nodes' encryption
keys, then ``derive_key(secret, "haven-match/<agreement code>")``. The asking node sends
keyed Bloom-filter encodings of the person's names, birth date and sex; the answering node
encodes, in memory, the persons of the organisations the agreement covers whose consent to
sharing abroad is in force, compares, and answers with case references and scores only.
Encodings are never stored on either side.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts import policy
from haven.accounts.roles import Cap
from haven.audit.services import record
from haven.cases.models import Case, Consent, Person, Purpose
from haven.exchange import actions, envelope, linkage, transport
from haven.exchange.models import Agreement, MatchQuery, Partner
from haven.exchange.services import outbox
from haven.exchange.services.node import current_key, decryption_keys, require_node
from haven.exchange.services.transfers import sharing_consent
from haven.exchange.vocab import DeliveryMethod, Direction, MatchState, MessageType

QUERY_LIFETIME = 600
MAX_QUERIES = 10
MAX_RESULTS = 10
SEX_CODES = {"Feminine": "female", "Masculine": "male", "NonSpecifiedUnknown": None}


class MatchRefusedError(Exception):
    """The partner's query cannot be answered (``code`` for the problem details)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def identity_of(person: Person) -> linkage.Identity:
    return linkage.Identity(
        family_name=person.family_name or "",
        given_names=person.given_names or "",
        birth_date=person.birth_date,
        sex=SEX_CODES.get(person.sex, (person.sex or "").lower() or None),
        other_names=tuple(str(a) for a in (person.aliases or [])),
    )


def match_key(agreement: Agreement, our_kid: str, their_kid: str) -> bytes:
    ours = decryption_keys().get(our_kid)
    theirs = agreement.partner.public_key(their_kid, "enc")
    if ours is None or theirs is None:
        raise MatchRefusedError("unknown_key")
    secret = envelope.shared_secret(ours, theirs)
    return linkage.derive_key(secret, f"haven-match/{agreement.code}")


# ---------------------------------------------------------------------------------------------
# Asking node


def match_validate(*, actor: Any, case: Case, agreement: Agreement, purpose: str) -> None:
    if not policy.can(actor, Cap.EXCHANGE_REFER, case):
        raise PermissionDenied
    if not agreement.organisations.filter(pk=case.organisation_id).exists():
        raise ValidationError({"agreement": _("This agreement does not cover your organisation.")})
    if not agreement.in_force():
        raise ValidationError(
            {
                "agreement": _(
                    "This agreement is not in force (expired, not yet valid or suspended)."
                )
            }
        )
    if not agreement.allow_matching:
        raise ValidationError({"agreement": _("This agreement does not allow match queries.")})
    if purpose not in agreement.purposes:
        raise ValidationError({"purpose": _("The agreement does not allow this purpose.")})
    if agreement.partner.delivery != DeliveryMethod.NETWORK:
        raise ValidationError(
            {"agreement": _("Match queries need a network connection to the partner.")}
        )
    if sharing_consent(case) is None:
        raise ValidationError(
            _(
                "The person has not consented to sharing their data abroad (for a child, "
                "with the guardian's consent). Record the consent on the case first."
            ),
            code="consent",
        )


def _finish(query: MatchQuery, state: str, error: str = "", results: Any = None) -> None:
    query.state, query.error = state, error[:80]
    if results is not None:
        query.results = results
        query.compared = len(results)
    query.save(update_fields=["state", "error", "results", "compared", "updated_at"])


def match_ask(
    *,
    actor: Any,
    case: Case,
    agreement: Agreement,
    purpose: str,
    request: HttpRequest | None = None,
) -> MatchQuery:
    """Ask the partner whether it holds the person of ``case`` (synchronously)."""
    match_validate(actor=actor, case=case, agreement=agreement, purpose=purpose)
    partner = agreement.partner
    ours = current_key("enc")
    key = match_key(agreement, ours.kid, partner.encryption_kid)
    encoding = linkage.encode(identity_of(case.person), key)
    body = {
        "encodings": [encoding.to_wire()],
        "keys": {"initiator": ours.kid, "responder": partner.encryption_kid},
    }
    claims, token = outbox.seal_for(
        partner=partner,
        agreement=agreement,
        message_type=MessageType.MATCH_QUERY,
        purpose=purpose,
        body=body,
        lifetime=QUERY_LIFETIME,
    )
    with transaction.atomic():
        query = MatchQuery.objects.create(
            direction=Direction.OUT,
            partner=partner,
            agreement=agreement,
            purpose=purpose,
            organisation=case.organisation,
            case=case,
            case_reference=case.reference,
            asked_by=actor,
            jti=claims["jti"],
        )
        outbox.log_message(
            direction=Direction.OUT,
            partner=partner,
            agreement=agreement,
            claims=claims,
            organisation=case.organisation,
            actor=actor,
        )
        record(
            actor=actor,
            action=actions.MATCH_ASKED,
            obj=case,
            request=request,
            details={
                "query": str(query.pk),
                "agreement": agreement.code,
                "partner": partner.node_id,
                "purpose": purpose,
            },
        )
    try:
        reply = transport.post(partner.inbox_url, token)
    except transport.TransportError as exc:
        _finish(query, MatchState.FAILED, exc.code)
        return query
    answer = reply.body.get("envelope") if reply.status == 200 else None
    if not isinstance(answer, str):
        _finish(query, MatchState.FAILED, f"http_{reply.status}:{reply.code}".rstrip(":"))
        return query
    try:
        result = _read_answer(answer, partner, agreement, claims["jti"])
    except envelope.EnvelopeError as exc:
        _finish(query, MatchState.FAILED, exc.code)
        return query
    with transaction.atomic():
        outbox.log_message(
            direction=Direction.IN,
            partner=partner,
            agreement=agreement,
            claims=result,
            organisation=case.organisation,
        )
        _finish(query, MatchState.ANSWERED, results=result["body"]["matches"])
    return query


def _read_answer(token: str, partner: Partner, agreement: Agreement, jti: str) -> dict[str, Any]:
    node = require_node()
    claims = envelope.open_envelope(
        token,
        decryption_keys=decryption_keys(),
        verification_keys=lambda iss: _signing_keys(partner) if iss == partner.node_id else None,
        audience=node.node_id,
        now=int(timezone.now().timestamp()),
    )
    if claims["typ"] != MessageType.MATCH_ANSWER or claims["ref"] != jti:
        raise envelope.EnvelopeError("wrong_answer", "Not the answer to this query.")
    if claims["agr"] != agreement.code:
        raise envelope.EnvelopeError("unknown_agreement", "Answered under another agreement.")
    matches = claims["body"].get("matches")
    if not isinstance(matches, list) or len(matches) > MAX_RESULTS:
        raise envelope.EnvelopeError("malformed", "The answer is not valid.")
    clean = []
    for item in matches:
        ref, score = (
            (item.get("reference"), item.get("score")) if isinstance(item, dict) else ("", "")
        )
        if not isinstance(ref, str) or not 0 < len(ref) <= 40 or not isinstance(score, float | int):
            raise envelope.EnvelopeError("malformed", "The answer is not valid.")
        clean.append({"reference": ref, "score": round(float(score), 3)})
    claims["body"]["matches"] = clean
    return claims


def _signing_keys(partner: Partner) -> dict[str, dict[str, Any]]:
    return {k["kid"]: k for k in partner.jwks.get("keys", []) if k.get("use") == "sig"}


# ---------------------------------------------------------------------------------------------
# Answering node


@dataclass(frozen=True)
class Answer:
    query: MatchQuery
    envelope: str


def candidates(agreement: Agreement) -> list[Case]:
    """Cases of the agreement's organisations whose person consented to sharing abroad."""
    newest = (
        Consent.objects.filter(case=OuterRef("pk"), purpose=Purpose.SHARE_ABROAD)
        .order_by("-created_at", "-id")
        .values("given")[:1]
    )
    cases = (
        Case.objects.filter(organisation__in=agreement.organisations.all())
        .annotate(sharing=Subquery(newest))
        .filter(sharing=True)
        .select_related("person")
        .order_by("reference")
    )
    return [c for c in cases if not c.is_child or sharing_consent(c) is not None]


def match_answer(*, partner: Partner, agreement: Agreement, claims: dict[str, Any]) -> Answer:
    """Answer a verified query (inside the inbox's transaction). Nothing of the query is
    kept but its identifier, the agreement and the references disclosed."""
    if not agreement.allow_matching:
        raise MatchRefusedError("matching_not_agreed")
    body = claims["body"]
    wires, keys = body.get("encodings"), body.get("keys")
    if (
        not isinstance(wires, list)
        or not 0 < len(wires) <= MAX_QUERIES
        or not isinstance(keys, dict)
    ):
        raise MatchRefusedError("malformed")
    try:
        queries = [linkage.Encoding.from_wire(w) for w in wires]
    except ValueError as exc:
        raise MatchRefusedError("bad_encoding") from exc
    key = match_key(agreement, str(keys.get("responder")), str(keys.get("initiator")))
    pool = candidates(agreement)
    encoded = linkage.encode_many([identity_of(c.person) for c in pool], key)
    found = linkage.match(queries, encoded)
    best: dict[str, float] = {}
    for item in found:
        reference = pool[item.candidate].reference
        best[reference] = max(best.get(reference, 0.0), item.score)
    results: list[dict[str, Any]] = [
        {"reference": ref, "score": round(score, 3)}
        for ref, score in sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_RESULTS]
    ]
    query = MatchQuery.objects.create(
        direction=Direction.IN,
        partner=partner,
        agreement=agreement,
        purpose=claims["pur"],
        jti=claims["jti"],
        state=MatchState.ANSWERED,
        compared=len(pool),
        results=results,
    )
    disclosed = {c.reference: c for c in pool if c.reference in best}
    for result in results:
        case = disclosed[result["reference"]]
        record(
            actor=None,
            action=actions.MATCH_ANSWERED,
            obj=case,
            details={
                "query": str(query.pk),
                "agreement": agreement.code,
                "partner": partner.node_id,
                "purpose": claims["pur"],
            },
        )
    record(
        actor=None,
        action=actions.MATCH_ANSWERED,
        obj=query,
        details={
            "query": str(query.pk),
            "agreement": agreement.code,
            "partner": partner.node_id,
            "compared_count": len(pool),
            "matches": len(results),
        },
    )
    answer_claims, token = outbox.seal_for(
        partner=partner,
        agreement=agreement,
        message_type=MessageType.MATCH_ANSWER,
        purpose=claims["pur"],
        body={"matches": results},
        thread=claims["jti"],
        lifetime=QUERY_LIFETIME,
    )
    outbox.log_message(
        direction=Direction.OUT, partner=partner, agreement=agreement, claims=answer_claims
    )
    return Answer(query=query, envelope=token)
