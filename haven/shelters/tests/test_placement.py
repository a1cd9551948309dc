"""The placement rules as a table (a pure engine: no database)."""

from __future__ import annotations

import pytest

from haven.shelters.placement import BedFacts, Resident, ShelterRules, best, problems, suggest

WOMAN = Resident(sex="Feminine")
MAN = Resident(sex="Masculine")
TRANS_WOMAN = Resident(sex="TransgenderFeminine")
UNKNOWN = Resident(sex="NonSpecifiedUnknown")
GIRL_ALONE = Resident(sex="Feminine", is_child=True)
BOY_WITH_MOTHER = Resident(sex="Masculine", is_child=True, parent_room="r1")
INFANT = Resident(sex="Feminine", is_child=True, needs_cot=True, parent_room="r1")
WHEELCHAIR = Resident(sex="Masculine", needs_accessible=True)

PLAIN = BedFacts(bed="b1", room="r1")
WOMEN_ROOM = BedFacts(bed="b2", room="r2", room_rule="women")
MEN_ROOM = BedFacts(bed="b3", room="r3", room_rule="men")
CHILD_ROOM = BedFacts(bed="b4", room="r4", child_appropriate=True)
COT = BedFacts(bed="b5", room="r1", is_cot=True)
ACCESSIBLE = BedFacts(bed="b6", room="r6", accessible=True, room_accessible=True)
TAKEN = BedFacts(bed="b7", room="r1", taken=True)
BROKEN = BedFacts(bed="b8", room="r1", in_service=False)

MIXED = ShelterRules("mixed")
WOMEN = ShelterRules("women")
MEN = ShelterRules("men")
CHILDREN = ShelterRules("children")
CASE_BY_CASE = ShelterRules("women", gender_policy="case_by_case")


@pytest.mark.parametrize(
    ("resident", "bed", "rules", "expected"),
    [
        (WOMAN, PLAIN, MIXED, ()),
        (WOMAN, TAKEN, MIXED, ("occupied",)),
        (WOMAN, BROKEN, MIXED, ("out_of_service",)),
        (MAN, PLAIN, WOMEN, ("women_only",)),
        (WOMAN, PLAIN, MEN, ("men_only",)),
        (TRANS_WOMAN, PLAIN, WOMEN, ()),
        (TRANS_WOMAN, PLAIN, CASE_BY_CASE, ("gender_decision_needed",)),
        (Resident(sex="TransgenderFeminine", gender_confirmed=True), PLAIN, CASE_BY_CASE, ()),
        (UNKNOWN, PLAIN, WOMEN, ("gender_not_recorded",)),
        (UNKNOWN, PLAIN, MIXED, ()),
        (MAN, WOMEN_ROOM, MIXED, ("room_women_only",)),
        (WOMAN, MEN_ROOM, MIXED, ("room_men_only",)),
        (WOMAN, WOMEN_ROOM, MIXED, ()),
        (WOMAN, PLAIN, CHILDREN, ("children_only",)),
        (GIRL_ALONE, PLAIN, CHILDREN, ("child_room_needed",)),
        (GIRL_ALONE, CHILD_ROOM, CHILDREN, ()),
        (GIRL_ALONE, PLAIN, MIXED, ("child_room_needed",)),
        (BOY_WITH_MOTHER, PLAIN, WOMEN, ()),  # a boy with his mother in a women's shelter
        (BOY_WITH_MOTHER, BedFacts(bed="x", room="r1", room_rule="women"), MIXED, ()),
        (BOY_WITH_MOTHER, MEN_ROOM, MIXED, ("accompanied_child_room",)),
        (BOY_WITH_MOTHER, CHILD_ROOM, MIXED, ()),
        (INFANT, PLAIN, MIXED, ("cot_needed",)),
        (INFANT, COT, MIXED, ()),
        (WOMAN, COT, MIXED, ("cot_for_infants",)),
        (
            WOMAN,
            BedFacts(bed="x", room="r4", child_appropriate=True, lone_children=True),
            MIXED,
            ("room_has_lone_children",),
        ),
        (
            GIRL_ALONE,
            BedFacts(bed="x", room="r4", child_appropriate=True, adults=frozenset({"s1"})),
            MIXED,
            ("room_has_adults",),
        ),
        (
            Resident(sex="Feminine", is_child=True, parent_room="r4", parent_stay="s1"),
            BedFacts(bed="x", room="r4", child_appropriate=True, adults=frozenset({"s1"})),
            MIXED,
            (),
        ),
        (WHEELCHAIR, PLAIN, MIXED, ("not_accessible",)),
        (WHEELCHAIR, ACCESSIBLE, MIXED, ()),
    ],
)
def test_problems(resident, bed, rules, expected):
    assert problems(resident, bed, rules) == expected


def test_best_keeps_scarce_beds_for_those_who_need_them():
    beds = [ACCESSIBLE, CHILD_ROOM, PLAIN]

    assert best(WOMAN, beds, MIXED) == "b1"
    assert best(WHEELCHAIR, beds, MIXED) == "b6"
    assert best(GIRL_ALONE, beds, MIXED) == "b4"


def test_an_accompanied_child_goes_next_to_the_parent():
    beds = [CHILD_ROOM, BedFacts(bed="near", room="r1")]

    assert best(BOY_WITH_MOTHER, beds, MIXED) == "near"


def test_no_bed_fits():
    assert best(MAN, [WOMEN_ROOM, TAKEN], MIXED) is None
    ranked = suggest(MAN, [WOMEN_ROOM, PLAIN], MIXED)
    assert [s.bed for s in ranked] == ["b1", "b2"]
    assert ranked[0].fits
    assert not ranked[1].fits
