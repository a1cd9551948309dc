"""Local duplicate warnings scored by the linkage engine (``haven.cases.duplicates``): each
person's keyed encoding is stored with their identity, and new registrations are compared by
Dice similarity, so a typing error or another spelling still warns."""

from __future__ import annotations

import base64
import datetime

import pytest
from django.db import connection

from haven.accounts.roles import Role
from haven.cases import duplicates, selectors, services
from haven.cases.models import Person, PersonEncoding, PersonLinkToken
from haven.cases.vocab import ExploitationType
from haven.exchange import linkage

pytestmark = pytest.mark.django_db
BORN = datetime.date(1990, 3, 15)


def register(world, other=False, **person):
    actor = world.user(Role.CASEWORKER, other=other)
    fields = {
        "family_name": "张",
        "given_names": "伟明",
        "sex": "Masculine",
        "birth_date": BORN,
        **person,
    }
    created = services.person_register(
        actor=actor, organisation=world.org_b if other else world.org_a, **fields
    )
    services.case_open(
        actor=actor, person=created, exploitation_types=[ExploitationType.FORCED_LABOUR]
    )
    return created


def check(world, other=False, **typed):
    fields = {"family_name": "", "given_names": "", "birth_date": None, "sex": "", **typed}
    return selectors.duplicate_candidates(actor=world.user(Role.CASEWORKER, other=other), **fields)


def test_registration_stores_an_encrypted_encoding_and_keyed_tokens(world):
    person = register(world)
    stored = PersonEncoding.objects.get(person=person)
    key, check_code = duplicates.local_key()
    expected = linkage.encode(duplicates.identity_of(person), key)
    assert base64.b64decode(stored.clk) == expected.clk
    assert stored.key_check == check_code
    tokens = set(PersonLinkToken.objects.filter(person=person).values_list("token", flat=True))
    assert tokens == set(expected.blocks)
    with connection.cursor() as cursor:
        cursor.execute("SELECT clk FROM cases_personencoding")
        raw = cursor.fetchone()[0]
    assert raw.startswith("hv1.")
    assert stored.clk not in raw


def test_local_key_is_not_an_agreement_key(world):
    key, _ = duplicates.local_key()
    assert key != linkage.derive_key(bytes(32), duplicates.LOCAL_LABEL)
    assert len(key) == 32


@pytest.mark.parametrize(
    "typed",
    [
        {"family_name": "Zhang", "given_names": "Weimin", "birth_date": BORN},  # typing error
        {"family_name": "Weiming", "given_names": "Chang", "birth_date": BORN},  # order, W-G
        {"family_name": "Zhāng", "given_names": "Wěi-míng", "sex": "Masculine"},  # tones
        {"family_name": "張", "given_names": "偉民", "birth_date": BORN},  # traditional, typo
    ],
)
def test_spelling_differences_still_warn(world, typed):
    person = register(world)
    register(world, family_name="Li", given_names="Na", birth_date=datetime.date(1970, 1, 1))
    found = check(world, **typed)
    assert [c.person for c in found] == [person]
    assert found[0].similarity >= duplicates.DUPLICATE_THRESHOLD
    assert found[0].reasons[0] == "name"


def test_candidates_are_ranked_by_similarity(world):
    namesake = register(world, birth_date=datetime.date(1971, 9, 9), sex="Feminine")
    person = register(world)
    found = check(
        world, family_name="Zhang", given_names="Weiming", birth_date=BORN, sex="Masculine"
    )
    assert [c.person for c in found] == [person, namesake]
    assert found[0].similarity == 1.0
    assert found[0].reasons == ("name", "birth_year", "sex")
    assert found[1].similarity < found[0].similarity


def test_a_different_person_is_not_a_candidate(world):
    register(world)
    assert check(world, family_name="Müller", given_names="Anna", birth_date=BORN) == []


def test_other_organisations_persons_never_appear(world):
    register(world, other=True)
    assert check(world, family_name="Zhang", given_names="Weimin", birth_date=BORN) == []


def test_update_rewrites_the_encoding(world):
    person = register(world)
    before = PersonEncoding.objects.get(person=person).clk
    services.person_update(
        actor=world.user(Role.CASEWORKER), person=person, birth_date=datetime.date(1991, 1, 1)
    )
    assert PersonEncoding.objects.get(person=person).clk != before
    services.person_update(actor=world.user(Role.CASEWORKER), person=person, languages=["zh"])
    assert PersonEncoding.objects.filter(person=person).count() == 1


def test_erasure_removes_the_encoding_and_tokens(world):
    person = register(world)
    services.person_erase(actor=world.user(Role.CASEWORKER), person=person, reason="request")
    assert not PersonEncoding.objects.filter(person=person).exists()
    assert not PersonLinkToken.objects.filter(person=person).exists()
    assert check(world, family_name="Zhang", given_names="Weiming", birth_date=BORN) == []


def test_persons_without_a_stored_encoding_are_encoded_when_found_by_name(world):
    """Persons written in bulk (demo scale data) or under an earlier key have no current
    encoding: found by their name tokens, they are scored from their identity."""
    person = register(world)
    PersonEncoding.objects.filter(person=person).update(key_check="0" * 16)
    found = check(
        world, family_name="Zhang", given_names="Weiming", birth_date=BORN, sex="Masculine"
    )
    assert [c.person for c in found] == [person]
    assert found[0].similarity == 1.0
    PersonEncoding.objects.all().delete()
    assert check(world, family_name="张", given_names="伟明")[0].similarity > 0.5


def test_identity_maps_haven_sex_codes():
    assert duplicates.identity(family_name="A", given_names="B", sex="Feminine").sex == "female"
    assert (
        duplicates.identity(family_name="A", given_names="B", sex="NonSpecifiedUnknown").sex is None
    )
    assert duplicates.identity(
        family_name="A", given_names="B", aliases=["", " x "]
    ).other_names == (" x ",)


def test_query_count_does_not_grow_with_candidates(world, django_assert_max_num_queries):
    for day in range(1, 6):
        register(world, birth_date=datetime.date(1990, 3, day))
    with django_assert_max_num_queries(12):
        found = check(world, family_name="Zhang", given_names="Weiming", birth_date=BORN)
    assert len(found) == 5
    assert Person.objects.count() == 5


def test_encodings_command_fills_missing_and_stale_encodings(world):
    from io import StringIO

    from django.core.management import call_command

    missing, stale, current = register(world), register(world), register(world)
    erased = register(world, family_name="李")
    services.person_erase(actor=world.user(Role.CASEWORKER), person=erased, reason="request")
    PersonEncoding.objects.filter(person=missing).delete()
    PersonLinkToken.objects.filter(person=missing).delete()
    PersonEncoding.objects.filter(person=stale).update(key_check="old-key")
    kept = PersonEncoding.objects.get(person=current).pk

    out = StringIO()
    call_command("encodings", "--check", stdout=out)
    assert "2 persons" in out.getvalue()
    assert PersonEncoding.objects.filter(key_check="old-key").exists()  # --check changes nothing

    call_command("encodings", stdout=out)
    check_code = duplicates.local_key()[1]
    for person in (missing, stale, current):
        assert PersonEncoding.objects.get(person=person).key_check == check_code
    assert PersonLinkToken.objects.filter(person=missing).exists()
    assert PersonEncoding.objects.get(person=current).pk == kept  # untouched
    assert not PersonEncoding.objects.filter(person=erased).exists()
    assert duplicates.stale_persons().count() == 0
