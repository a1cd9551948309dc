"""Permission-scoped reads of persons and cases. Reading one case or person is audited."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest

from haven.accounts import policy
from haven.accounts.roles import Cap
from haven.audit.services import record
from haven.cases import actions, duplicates, names
from haven.cases.models import Case, Person, PersonNameToken, Task
from haven.cases.services.persons import name_token
from haven.core.fields import MultiChoiceField, index_of

SORTS = {
    "newest": ("-created_at",),
    "oldest": ("created_at",),
    "reference": ("reference",),
    "stage": ("stage", "-created_at"),
    "identified": ("-identified_on", "-created_at"),
}


def visible_cases(actor: Any) -> QuerySet[Case]:
    """Own organisation's cases (caseworkers, coordinators); for screeners, the cases they
    registered themselves."""
    full = policy.scope(Case.objects.all(), actor, Cap.CASE_READ)
    screened = policy.scope(Case.objects.all(), actor, Cap.CASE_READ_SCREENED).filter(
        registered_by=actor
    )
    if not policy.can(actor, Cap.CASE_READ_SCREENED):
        return full
    if not policy.can(actor, Cap.CASE_READ):
        return screened
    return Case.objects.filter(Q(pk__in=full.values("pk")) | Q(pk__in=screened.values("pk")))


def _name_matches(text: str) -> QuerySet[PersonNameToken]:
    tokens = {name_token(form) for form in names.query_forms(text)}
    return PersonNameToken.objects.filter(token__in=tokens)


def case_list(
    *,
    actor: Any,
    search: str = "",
    stage: str = "",
    exploitation_type: str = "",
    child: bool | None = None,
    organisation_id: UUID | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    sort: str = "newest",
) -> QuerySet[Case]:
    qs = visible_cases(actor)
    if search:
        text = search.strip()
        # Both arms use an index: the reference's prefix, and the keyed name tokens.
        by_reference = Q(reference__startswith=text.upper())
        if text.isdigit():  # the case number without its prefix
            by_reference |= Q(reference__endswith=text)
        people = _name_matches(text).values("person_id")
        qs = qs.filter(by_reference | Q(person_id__in=people))
    if stage:
        qs = qs.filter(stage=stage)
    if exploitation_type:
        qs = qs.filter(exploitation_types__contains=MultiChoiceField.lookup(exploitation_type))
    if child is not None:
        qs = qs.filter(is_child=child)
    if organisation_id:
        qs = qs.filter(organisation_id=organisation_id)
    if date_from:
        qs = qs.filter(identified_on__gte=date_from)
    if date_to:
        qs = qs.filter(identified_on__lte=date_to)
    return qs.select_related("organisation", "owner").order_by(*SORTS.get(sort, SORTS["newest"]))


def case_get(
    *, actor: Any, pk: UUID | str, request: HttpRequest | None = None, audit: bool = True
) -> Case:
    try:
        case = visible_cases(actor).select_related("person", "organisation", "owner").get(pk=pk)
    except (Case.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    if audit:
        record(actor=actor, action=actions.CASE_VIEWED, obj=case, request=request)
    return case


def person_get(*, actor: Any, pk: UUID | str, request: HttpRequest | None = None) -> Person:
    persons = Person.objects.filter(pk__in=visible_cases(actor).values("person_id"))
    try:
        person = persons.get(pk=pk)
    except (Person.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    record(actor=actor, action=actions.PERSON_VIEWED, obj=person, request=request)
    return person


@dataclass(frozen=True)
class Candidate:
    person: Person
    score: int
    reasons: tuple[str, ...]
    cases: tuple[str, ...]
    similarity: float = 0.0  # Dice of the keyed encodings (haven.exchange.linkage)


def duplicate_candidates(
    *,
    actor: Any,
    family_name: str,
    given_names: str,
    aliases: list[str] | None = None,
    birth_date: datetime.date | None = None,
    sex: str = "",
    limit: int = 10,
    request: HttpRequest | None = None,
) -> list[Candidate]:
    """Persons the actor may see who may be this one, most similar first.

    Candidates are persons whose keyed name tokens match one of the name's forms, and persons
    whose keyed encoding shares blocking tokens with this one's and scores at least
    ``duplicates.DUPLICATE_THRESHOLD`` (a typing error or another romanisation). All are
    ranked by the Dice similarity of the encodings. Only keyed tokens, blind indexes and the
    candidates' own encodings are used: the names typed are never compared with decrypted
    plaintext in bulk.
    """
    forms = names.full_name_forms(family_name, given_names, aliases or [])
    query = duplicates.identity(
        family_name=family_name,
        given_names=given_names,
        aliases=aliases,
        birth_date=birth_date,
        sex=sex,
    )
    if not forms and not (query.family_name or query.given_names or query.other_names):
        return []
    tokens = {name_token(form) for form in forms}
    visible_persons = Person.objects.filter(pk__in=visible_cases(actor).values("person_id"))
    by_name = set(
        PersonNameToken.objects.filter(token__in=tokens, person__in=visible_persons)
        .values_list("person_id", flat=True)
        .distinct()[:200]
    )
    encoding = duplicates.query_encoding(query)
    by_blocks = duplicates.block_candidates(encoding, visible_persons)
    similar = duplicates.stored_similarities(encoding, by_name | set(by_blocks))
    threshold = duplicates.DUPLICATE_THRESHOLD
    close = {pk for pk in by_blocks if similar.get(pk, threshold) >= threshold}
    persons = list(
        Person.objects.filter(pk__in=by_name | close).prefetch_related(
            Prefetch(
                "cases",
                queryset=visible_cases(actor).order_by("reference"),
                to_attr="visible_cases",
            )
        )
    )
    similar |= duplicates.encoded_similarities(
        encoding, [p for p in persons if p.pk not in similar]
    )
    year_index = index_of(Person, "birth_year_index", str(birth_date)) if birth_date else None
    result = []
    for person in persons:
        similarity = similar.get(person.pk, 0.0)
        if person.pk not in by_name and similarity < threshold:
            continue
        score, reasons = 2, ["name"]  # the name's forms, or an encoding this close
        if year_index and person.birth_year_index == year_index:
            score += 2
            reasons.append("birth_year")
        if sex and person.sex == sex:
            score += 1
            reasons.append("sex")
        refs = tuple(c.reference for c in person.visible_cases)
        result.append(
            Candidate(
                person=person,
                score=score,
                reasons=tuple(reasons),
                cases=refs,
                similarity=round(similarity, 3),
            )
        )
    result.sort(key=lambda c: (-c.similarity, -c.score, c.cases))
    record(
        actor=actor,
        action=actions.DUPLICATE_CHECKED,
        request=request,
        organisation=next(iter(policy.roles_in(actor)), None),
        details={"candidates": len(result)},
    )
    return result[:limit]


def my_tasks(*, actor: Any) -> QuerySet[Task]:
    return (
        Task.objects.filter(owner=actor, done_at__isnull=True, case__in=visible_cases(actor))
        .select_related("case")
        .order_by("due_on")
    )
