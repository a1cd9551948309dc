"""Registering a person: identity encrypted, name tokens for search and duplicate warnings."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts.models import Organisation
from haven.accounts.roles import Cap
from haven.audit.services import record
from haven.cases import actions, duplicates, names
from haven.cases.models import Person, PersonNameToken
from haven.cases.services._common import changed_fields, require
from haven.core.crypto import blind_index

NAME_INDEX_PURPOSE = "cases.person.name"

PERSON_FIELDS = {
    "family_name",
    "given_names",
    "aliases",
    "birth_date",
    "identity_documents",
    "contacts",
    "sex",
    "estimated_age",
    "age_uncertain",
    "citizenship",
    "languages",
}


def name_token(form: str) -> str:
    return blind_index(form, purpose=NAME_INDEX_PURPOSE)


def tokens_for(family: str, given: str, aliases: list[str]) -> set[str]:
    return {name_token(form) for form in names.full_name_forms(family, given, aliases)}


def _rebuild_tokens(person: Person) -> None:
    PersonNameToken.objects.filter(person=person).delete()
    tokens = tokens_for(person.family_name, person.given_names, list(person.aliases or []))
    PersonNameToken.objects.bulk_create(
        PersonNameToken(person=person, token=t, kind="full") for t in sorted(tokens)
    )


def _age_from(birth_date: datetime.date | None, today: datetime.date) -> int | None:
    if birth_date is None:
        return None
    years = today.year - birth_date.year
    return years - ((today.month, today.day) < (birth_date.month, birth_date.day))


@transaction.atomic
def person_register(
    *,
    actor: Any,
    organisation: Organisation,
    request: HttpRequest | None = None,
    **fields: Any,
) -> Person:
    """Create a person in ``organisation``. Callers show duplicate candidates first
    (``selectors.duplicate_candidates``) and let the user confirm a new person."""
    require(actor, Cap.CASE_REGISTER, organisation)
    person = Person(organisation=organisation)
    changed_fields(person, fields, PERSON_FIELDS)
    if person.birth_date and person.estimated_age is None:
        person.estimated_age = _age_from(person.birth_date, timezone.localdate())
    person.full_clean()
    person.save()
    _rebuild_tokens(person)
    duplicates.store(person)
    record(
        actor=actor,
        action=actions.PERSON_REGISTERED,
        obj=person,
        request=request,
        details={"fields": sorted(k for k, v in fields.items() if v not in ("", None, []))},
    )
    return person


@transaction.atomic
def person_update(
    *, actor: Any, person: Person, request: HttpRequest | None = None, **changes: Any
) -> Person:
    require(actor, Cap.CASE_EDIT, person)
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if locked.erased_at is not None:
        raise ValidationError(
            _("This person's identity has been erased; it can no longer be changed."),
            code="erased",
        )
    changed = changed_fields(locked, changes, PERSON_FIELDS)
    if changed:
        locked.full_clean()
        locked.save()
        if {"family_name", "given_names", "aliases"} & set(changed):
            _rebuild_tokens(locked)
        if {"family_name", "given_names", "aliases", "birth_date", "sex"} & set(changed):
            duplicates.store(locked)
        record(
            actor=actor,
            action=actions.PERSON_UPDATED,
            obj=locked,
            request=request,
            details={"changed_fields": sorted(changed)},
        )
    return locked
