"""Placement rules: may this resident take this bed, and which free bed suits them best.

A pure engine (no Django): dataclasses in, problem codes out. ``vocab.PLACEMENT_MESSAGES``
says each code in the user's language. The rules:

* a shelter for children takes children only; a shelter for women (men) takes women (men)
  and children accompanied by their parent; a room for women (men) likewise;
* gender follows the person's own description. Under the ``case_by_case`` policy a
  transgender or gender non-conforming person is placed after a manager has talked with
  them and confirms the placement; a person whose gender is not recorded cannot be placed
  in a single-sex space until it is;
* a child whose parent is not staying in the shelter sleeps only in a child-appropriate
  room; an accompanied child sleeps in the parent's room or a child-appropriate one;
* children without their parents and unrelated adults never share a room;
* an infant needs a cot and a cot is for an infant; a person who needs an accessible bed
  gets an accessible bed in an accessible room.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

RULES_VERSION = "shelter-placement-1"

FEMALE = frozenset({"Feminine", "TransgenderFeminine"})
MALE = frozenset({"Masculine", "TransgenderMasculine"})
NEEDS_DECISION = frozenset({"TransgenderFeminine", "TransgenderMasculine", "NonConforming"})
SELF_IDENTIFIED = "self_identified"


@dataclass(frozen=True)
class Resident:
    sex: str
    is_child: bool = False
    needs_cot: bool = False
    needs_accessible: bool = False
    parent_room: str | None = None  # the room of the parent staying in the shelter
    parent_stay: str | None = None  # the parent's stay
    gender_confirmed: bool = False  # a manager confirmed a case-by-case placement

    @property
    def accompanied(self) -> bool:
        return self.is_child and self.parent_room is not None


@dataclass(frozen=True)
class BedFacts:
    bed: str
    room: str
    room_rule: str = "any"
    child_appropriate: bool = False
    room_accessible: bool = False
    accessible: bool = False
    is_cot: bool = False
    in_service: bool = True
    taken: bool = False
    lone_children: bool = False  # the room holds a child staying without a parent
    adults: frozenset[str] = frozenset()  # the stays of the adults sleeping in the room


@dataclass(frozen=True)
class ShelterRules:
    shelter_type: str
    gender_policy: str = SELF_IDENTIFIED


@dataclass(frozen=True)
class Suggestion:
    bed: str
    problems: tuple[str, ...]
    score: int

    @property
    def fits(self) -> bool:
        return not self.problems


def _gender_problems(resident: Resident, space: str, rules: ShelterRules) -> list[str]:
    """Problems of placing ``resident`` in a single-sex ``space`` ("women" or "men")."""
    if resident.accompanied:
        return []  # a child stays with their parent, whatever the child's sex
    if resident.sex not in FEMALE | MALE | NEEDS_DECISION:
        return ["gender_not_recorded"]
    if rules.gender_policy != SELF_IDENTIFIED and resident.sex in NEEDS_DECISION:
        return [] if resident.gender_confirmed else ["gender_decision_needed"]
    if resident.sex == "NonConforming":
        return [] if resident.gender_confirmed else ["gender_decision_needed"]
    wanted = FEMALE if space == "women" else MALE
    return [] if resident.sex in wanted else [f"{space}_only"]


def problems(resident: Resident, bed: BedFacts, rules: ShelterRules) -> tuple[str, ...]:
    """Why ``resident`` may not take ``bed`` (empty: the placement is allowed)."""
    found: list[str] = []
    if not bed.in_service:
        found.append("out_of_service")
    if bed.taken:
        found.append("occupied")
    if rules.shelter_type == "children" and not resident.is_child:
        found.append("children_only")
    if rules.shelter_type in ("women", "men"):
        found.extend(_gender_problems(resident, rules.shelter_type, rules))
    if bed.room_rule in ("women", "men"):
        room = _gender_problems(resident, bed.room_rule, rules)
        found.extend(f"room_{code}" if code.endswith("_only") else code for code in room)
    if resident.is_child and not bed.child_appropriate:
        if not resident.accompanied:
            found.append("child_room_needed")
        elif bed.room != resident.parent_room:
            found.append("accompanied_child_room")
    if not resident.is_child and bed.lone_children:
        found.append("room_has_lone_children")
    if resident.is_child and bed.adults - {resident.parent_stay}:
        found.append("room_has_adults")
    if resident.needs_cot and not bed.is_cot:
        found.append("cot_needed")
    if bed.is_cot and not resident.needs_cot:
        found.append("cot_for_infants")
    if resident.needs_accessible and not (bed.accessible and bed.room_accessible):
        found.append("not_accessible")
    return tuple(dict.fromkeys(found))


def score(resident: Resident, bed: BedFacts) -> int:
    """Lower is better: keep scarce beds (accessible, child-appropriate) for those who need
    them, and put an accompanied child next to their parent."""
    value = 0
    if resident.accompanied and bed.room == resident.parent_room:
        value -= 10
    if bed.accessible and not resident.needs_accessible:
        value += 3
    if bed.child_appropriate and not resident.is_child:
        value += 2
    if bed.room_rule != "any" and resident.accompanied:
        value += 1
    return value


def suggest(resident: Resident, beds: Iterable[BedFacts], rules: ShelterRules) -> list[Suggestion]:
    """Every bed with its problems; fitting beds first, the best first (stable on input order)."""
    ranked = [
        Suggestion(bed=b.bed, problems=problems(resident, b, rules), score=score(resident, b))
        for b in beds
    ]
    return sorted(ranked, key=lambda s: (bool(s.problems), s.score))


def best(resident: Resident, beds: Iterable[BedFacts], rules: ShelterRules) -> str | None:
    """The id of the best fitting bed, or None when no bed fits."""
    for suggestion in suggest(resident, beds, rules):
        return suggestion.bed if suggestion.fits else None
    return None
