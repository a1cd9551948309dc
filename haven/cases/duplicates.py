"""Local duplicate warnings scored by the record-linkage engine (``haven.exchange.linkage``).

Every person keeps a keyed Bloom-filter encoding of their names, birth date and sex
(``PersonEncoding``, encrypted at rest) and its keyed blocking tokens (``PersonLinkToken``),
under a local key derived from the blind-index key, never an agreement's key. A new
registration is encoded the same way; persons sharing blocking tokens with it, and those whose
name tokens match exactly, are scored by Dice similarity. So a typing error, another
romanisation or a swapped name order still raises a warning, and no plaintext is compared in
bulk: only the few candidates' encodings are decrypted.
"""

from __future__ import annotations

import base64
import datetime
import functools
import hashlib
import hmac
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.db import transaction
from django.db.models import Count, QuerySet

from haven.cases.models import Person, PersonEncoding, PersonLinkToken
from haven.core import crypto
from haven.exchange import linkage

LOCAL_LABEL = "haven-local/duplicates"
# A warning costs a glance, a missed duplicate a second file on one person: below the engine's
# default for partner answers (0.8). On the generated Hanzi/pinyin set of bench/linkage.py,
# rich in namesakes, 0.75 finds 98.8% of true pairs at precision 0.90 (0.8: 95.9% at 0.98).
# It only adds candidates: persons whose name tokens match are always shown.
DUPLICATE_THRESHOLD = 0.75
MIN_SHARED_TOKENS = 2
CANDIDATE_LIMIT = 200
SEX = {"Feminine": "female", "Masculine": "male", "NonSpecifiedUnknown": None}


@functools.lru_cache(maxsize=4)
def _key_for(index_key: bytes) -> tuple[bytes, str]:
    key = linkage.derive_key(index_key, LOCAL_LABEL)
    check = hmac.new(key, linkage.SCHEME.encode(), hashlib.sha256).hexdigest()[:16]
    return key, check


def local_key() -> tuple[bytes, str]:
    """(key, check): the local encoding key, and a short code naming key and scheme."""
    return _key_for(crypto.keyring().config.index_key)


def identity(
    *,
    family_name: str,
    given_names: str,
    aliases: Iterable[str] | None = None,
    birth_date: datetime.date | None = None,
    sex: str | None = None,
) -> linkage.Identity:
    return linkage.Identity(
        family_name=family_name or "",
        given_names=given_names or "",
        birth_date=birth_date,
        sex=SEX.get(sex or "", sex or None),
        other_names=tuple(str(a) for a in aliases or () if str(a).strip()),
    )


def identity_of(person: Person) -> linkage.Identity:
    return identity(
        family_name=person.family_name,
        given_names=person.given_names,
        aliases=person.aliases or (),
        birth_date=person.birth_date,
        sex=person.sex,
    )


def store(person: Person) -> None:
    """(Re)write the person's encoding and blocking tokens; call inside the write's
    transaction. An erased person keeps neither."""
    PersonLinkToken.objects.filter(person=person).delete()
    if person.erased_at is not None:
        PersonEncoding.objects.filter(person=person).delete()
        return
    key, check = local_key()
    encoding = linkage.encode(identity_of(person), key)
    PersonEncoding.objects.update_or_create(
        person=person,
        defaults={"clk": base64.b64encode(encoding.clk).decode("ascii"), "key_check": check},
    )
    PersonLinkToken.objects.bulk_create(
        PersonLinkToken(person=person, token=token) for token in encoding.blocks
    )


def stale_persons() -> QuerySet[Person]:
    """Persons not erased whose encoding is missing (registered before encodings existed) or
    was made under another key or scheme (after ``haven rotate-keys``)."""
    current = PersonEncoding.objects.filter(key_check=local_key()[1]).values("person_id")
    return Person.objects.filter(erased_at__isnull=True).exclude(pk__in=current)


def refresh(*, batch: int = 500) -> int:
    """Re-encode every stale person, a batch per transaction; returns how many."""
    done = 0
    while True:
        with transaction.atomic():
            persons = list(stale_persons().select_for_update().order_by("pk")[:batch])
            for person in persons:
                store(person)
        done += len(persons)
        if len(persons) < batch:
            return done


def query_encoding(person: linkage.Identity) -> linkage.Encoding:
    return linkage.encode(person, local_key()[0])


def block_candidates(encoding: linkage.Encoding, persons: QuerySet[Person]) -> list[UUID]:
    """Ids of persons in ``persons`` sharing the most blocking tokens with ``encoding``."""
    if not encoding.blocks:
        return []
    rows = (
        PersonLinkToken.objects.filter(token__in=encoding.blocks, person__in=persons)
        .values("person_id")
        .annotate(shared=Count("id"))
        .filter(shared__gte=MIN_SHARED_TOKENS)
        .order_by("-shared", "person_id")[:CANDIDATE_LIMIT]
    )
    return [row["person_id"] for row in rows]


def stored_similarities(encoding: linkage.Encoding, person_ids: Iterable[Any]) -> dict[Any, float]:
    """Person id -> Dice similarity with ``encoding``, for those of ``person_ids`` whose stored
    encoding was made under the current key and scheme (the others are left out)."""
    ids = list(person_ids)
    if not ids:
        return {}
    rows = list(
        PersonEncoding.objects.filter(person__in=ids, key_check=local_key()[1]).values_list(
            "person_id", "clk"
        )
    )
    stored = [linkage.Encoding(clk=base64.b64decode(clk), blocks=()) for _, clk in rows]
    scores = linkage.similarity(encoding, stored)
    return {pid: score for (pid, _), score in zip(rows, scores, strict=True)}


def encoded_similarities(encoding: linkage.Encoding, persons: list[Person]) -> dict[Any, float]:
    """Person id -> Dice similarity, encoding each person from their decrypted identity: for
    the few candidates without a current stored encoding (registered in bulk, or before a key
    change), whom the caller has loaded anyway."""
    key = local_key()[0]
    encodings = [linkage.encode(identity_of(person), key) for person in persons]
    scores = linkage.similarity(encoding, encodings)
    return {person.pk: score for person, score in zip(persons, scores, strict=True)}
