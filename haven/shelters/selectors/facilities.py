"""Scoped reads of shelters, beds and occupancy.

Shelter managers (``Cap.SHELTER_MANAGE``) read their organisation's shelters, the address
only on the shelter's own page (``shelter_get_confidential``, audited). Coordinators
(``Cap.SHELTER_CAPACITY``) and shelter managers read free capacity (``capacity``) of their
own organisation's shelters and of every shelter whose organisation shares its capacity,
as ``CapacityRow`` objects that have no address field at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, FilteredRelation, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import get_language
from django_countries import countries

from haven.accounts import policy
from haven.accounts.roles import ALL, Cap
from haven.audit.services import record
from haven.shelters import actions, placement
from haven.shelters.models import Bed, Room, Shelter, Stay
from haven.shelters.vocab import CURRENT, BedState, ShelterType, StayStatus

CAPACITY_CAPS = (Cap.SHELTER_CAPACITY, Cap.SHELTER_MANAGE)
CAPACITY_FIELDS = (
    "pk",
    "name",
    "name_translations",
    "organisation_id",
    "organisation__name",
    "organisation__name_translations",
    "country",
    "region",
    "type",
    "languages",
    "accessibility",
    "share_capacity",
)


def managed_shelters(actor: Any) -> QuerySet[Shelter]:
    return policy.scope(Shelter.objects.all(), actor, Cap.SHELTER_MANAGE)


def shelter_get(*, actor: Any, pk: UUID | str) -> Shelter:
    """A shelter the actor manages (404 otherwise). Pages show the address only through
    ``shelter_get_confidential``."""
    try:
        return managed_shelters(actor).select_related("organisation").get(pk=pk)
    except (Shelter.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def shelter_get_confidential(
    *, actor: Any, pk: UUID | str, request: HttpRequest | None = None
) -> Shelter:
    """The shelter with its address, for its own staff; the reading is audited."""
    shelter = shelter_get(actor=actor, pk=pk)
    record(actor=actor, action=actions.SHELTER_VIEWED, obj=shelter, request=request)
    return shelter


def _orgs_filter(actor: Any, capabilities: tuple[Cap, ...]) -> Q | None:
    """A filter on ``organisation_id`` for where the actor holds any of ``capabilities``."""
    ids: set[UUID] = set()
    for capability in capabilities:
        reach = policy.organisations_for(actor, capability)
        if reach is ALL:
            return Q()
        ids |= set(reach)  # type: ignore[arg-type]
    return Q(organisation_id__in=ids) if ids else None


def capacity_shelters(actor: Any) -> QuerySet[Shelter]:
    """Open shelters whose free capacity ``actor`` may see: their own organisation's, and
    those of organisations that share their capacity."""
    if not policy.has_any(actor, *CAPACITY_CAPS):
        return Shelter.objects.none()
    own = _orgs_filter(actor, CAPACITY_CAPS)
    condition = Q(share_capacity=True) | own if own is not None else Q(share_capacity=True)
    return Shelter.objects.filter(condition, is_active=True, organisation__is_active=True)


def summary_shelters(actor: Any, organisation_ids: Any = None) -> QuerySet[Shelter]:
    """Shelters counted in ``occupancy_summary``: managed, own organisation's dashboards,
    and shared capacity for coordinators."""
    own = _orgs_filter(actor, (Cap.SHELTER_MANAGE, Cap.STATS_DASHBOARD, Cap.SHELTER_CAPACITY))
    conditions = [c for c in (own,) if c is not None]
    if policy.can(actor, Cap.SHELTER_CAPACITY):
        conditions.append(Q(share_capacity=True))
    if not conditions:
        return Shelter.objects.none()
    condition = conditions[0]
    for extra in conditions[1:]:
        condition |= extra
    qs = Shelter.objects.filter(condition, is_active=True)
    if organisation_ids is not None:
        qs = qs.filter(organisation_id__in=list(organisation_ids))
    return qs


def rules_of(shelter: Shelter) -> placement.ShelterRules:
    return placement.ShelterRules(shelter_type=shelter.type, gender_policy=shelter.gender_policy)


def bed_facts(
    shelter: Shelter, keep: Stay | None = None, beds: list[Bed] | None = None
) -> list[placement.BedFacts]:
    """The placement facts of the shelter's beds (or of ``beds``); a bed held by ``keep``
    (a reservation being turned into an admission) counts as free."""
    items = beds if beds is not None else list(Bed.objects.filter(shelter=shelter))
    rooms = {r.pk: r for r in Room.objects.filter(pk__in={b.room_id for b in items})}
    held = Stay.objects.filter(bed__room__in=list(rooms), status__in=CURRENT)
    if keep is not None:
        held = held.exclude(pk=keep.pk)
    taken: set[Any] = set()
    lone: set[Any] = set()
    adults: dict[Any, set[str]] = {}
    for bed_id, room_id, stay_id, is_child, parent in held.values_list(
        "bed_id", "bed__room_id", "pk", "is_child", "accompanying_id"
    ):
        taken.add(bed_id)
        if not is_child:
            adults.setdefault(room_id, set()).add(str(stay_id))
        elif parent is None:
            lone.add(room_id)
    result = []
    for bed in sorted(items, key=lambda b: (rooms[b.room_id].name, b.label)):
        room = rooms[bed.room_id]
        result.append(
            placement.BedFacts(
                bed=str(bed.pk),
                room=str(room.pk),
                room_rule=room.rule,
                child_appropriate=room.child_appropriate,
                room_accessible=room.accessible,
                accessible=bed.accessible,
                is_cot=bed.is_cot,
                in_service=bed.in_service,
                taken=bed.pk in taken,
                lone_children=room.pk in lone,
                adults=frozenset(adults.get(room.pk, ())),
            )
        )
    return result


@dataclass(frozen=True)
class BedChoice:
    bed: Bed
    suggestion: placement.Suggestion


def bed_suggestions(shelter: Shelter, resident: placement.Resident) -> list[BedChoice]:
    """The free beds in service, fitting ones first and the best first, each with the
    reasons it does not fit (if any)."""
    beds = {
        str(b.pk): b
        for b in Bed.objects.filter(shelter=shelter, in_service=True).select_related("room")
    }
    facts = [f for f in bed_facts(shelter, beds=list(beds.values())) if not f.taken]
    ranked = placement.suggest(resident, facts, rules_of(shelter))
    return [BedChoice(bed=beds[s.bed], suggestion=s) for s in ranked]


@dataclass
class Occupancy:
    beds: int = 0
    free: int = 0
    occupied: int = 0
    reserved: int = 0
    out_of_service: int = 0
    free_child: int = 0
    free_accessible: int = 0
    free_cot: int = 0

    def add(self, other: Occupancy) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def occupancy(shelter_ids: Any) -> dict[UUID, Occupancy]:
    """Occupancy per shelter in one grouped query: each bed joined to its current stay (a
    bed has at most one, by the database's partial unique index)."""
    ids = shelter_ids if isinstance(shelter_ids, QuerySet) else list(shelter_ids)
    held = FilteredRelation("stays", condition=Q(stays__status__in=CURRENT))
    free = Q(in_service=True, held__isnull=True)
    rows = (
        Bed.objects.filter(shelter_id__in=ids)
        .annotate(held=held)
        .values("shelter_id")
        .annotate(
            beds=Count("pk"),
            free=Count("pk", filter=free),
            occupied=Count("pk", filter=Q(held__status=StayStatus.ACTIVE)),
            reserved=Count("pk", filter=Q(held__status=StayStatus.RESERVED)),
            out_of_service=Count("pk", filter=Q(in_service=False)),
            free_child=Count("pk", filter=free & Q(room__child_appropriate=True)),
            free_accessible=Count("pk", filter=free & Q(accessible=True, room__accessible=True)),
            free_cot=Count("pk", filter=free & Q(is_cot=True)),
        )
        .order_by()
    )
    result: dict[UUID, Occupancy] = {}
    for row in rows:
        counts: dict[str, Any] = {k: v for k, v in row.items() if k != "shelter_id"}
        result[row["shelter_id"]] = Occupancy(**counts)
    return result


def occupancy_summary(*, actor: Any, organisation_ids: Any = None) -> dict[str, int]:
    """Totals of beds free, occupied, reserved and out of service in the open shelters the
    actor may count (managed, their organisation's dashboards, shared capacity), optionally
    narrowed to ``organisation_ids``. No shelter is named: for dashboards."""
    shelters = summary_shelters(actor, organisation_ids)
    total = Occupancy()
    for item in occupancy(shelters.values("pk")).values():
        total.add(item)
    return {
        "shelters": shelters.count(),
        "beds": total.beds,
        "free": total.free,
        "occupied": total.occupied,
        "reserved": total.reserved,
        "out_of_service": total.out_of_service,
    }


@dataclass(frozen=True)
class CapacityRow:
    """A shelter as coordinators see it: no address, no phone, no resident."""

    id: UUID
    name: str
    organisation: str
    organisation_id: UUID
    country: str
    country_name: str
    region: str
    type: str
    type_label: str
    languages: list[str]
    accessibility: list[str]
    occupancy: Occupancy
    shared: bool


def capacity(
    *,
    actor: Any,
    search: str = "",
    country: str = "",
    shelter_type: str = "",
    need: str = "",
    free_only: bool = False,
) -> list[CapacityRow]:
    """Free capacity across the shelters the actor may see, most free beds first."""
    qs = capacity_shelters(actor)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(organisation__name__icontains=search))
    if country:
        qs = qs.filter(country=country)
    if shelter_type:
        qs = qs.filter(type=shelter_type)
    shelters = list(qs.values(*CAPACITY_FIELDS))  # plain values: never the address
    counts = occupancy(qs.values("pk"))
    language = get_language() or settings.LANGUAGE_CODE
    type_labels = {code: str(label) for code, label in ShelterType.choices}
    country_names: dict[str, str] = {}
    rows = []
    for s in shelters:
        occ = counts.get(s["pk"], Occupancy())
        wanted = {
            "child": occ.free_child,
            "accessible": occ.free_accessible,
            "cot": occ.free_cot,
        }.get(need, occ.free)
        if (free_only or need) and not wanted:
            continue
        code = str(s["country"])
        if code not in country_names:
            country_names[code] = str(countries.name(code))
        rows.append(
            CapacityRow(
                id=s["pk"],
                name=str((s["name_translations"] or {}).get(language) or s["name"]),
                organisation=str(
                    (s["organisation__name_translations"] or {}).get(language)
                    or s["organisation__name"]
                ),
                organisation_id=s["organisation_id"],
                country=code,
                country_name=country_names[code],
                region=s["region"],
                type=s["type"],
                type_label=type_labels.get(s["type"], s["type"]),
                languages=list(s["languages"] or []),
                accessibility=list(s["accessibility"] or []),
                occupancy=occ,
                shared=s["share_capacity"],
            )
        )
    rows.sort(key=lambda r: (-r.occupancy.free, r.name))
    return rows


@dataclass
class BedRow:
    bed: Bed
    state: str
    stay: Stay | None = None

    @property
    def state_label(self) -> str:
        return str(BedState(self.state).label)


@dataclass
class RoomRow:
    room: Room
    beds: list[BedRow] = field(default_factory=list)


def board(shelter: Shelter) -> list[RoomRow]:
    """Rooms and beds of one shelter with each bed's state and current stay (staff only)."""
    current = {
        s.bed_id: s
        for s in Stay.objects.filter(shelter=shelter, status__in=CURRENT).only(
            "id", "bed_id", "number", "status", "expected_exit_on", "is_child", "known_as"
        )
    }
    rooms: dict[UUID, RoomRow] = {r.pk: RoomRow(room=r) for r in shelter.rooms.all()}
    for bed in Bed.objects.filter(shelter=shelter).order_by("label"):
        stay = current.get(bed.pk)
        if stay is not None:
            state = BedState.OCCUPIED if stay.status == StayStatus.ACTIVE else BedState.RESERVED
        else:
            state = BedState.FREE if bed.in_service else BedState.OUT_OF_SERVICE
        rooms[bed.room_id].beds.append(BedRow(bed=bed, state=state, stay=stay))
    return list(rooms.values())


def room_get(*, actor: Any, pk: UUID | str) -> Room:
    try:
        return (
            policy.scope(Room.objects.all(), actor, Cap.SHELTER_MANAGE)
            .select_related("shelter")
            .get(pk=pk)
        )
    except (Room.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def bed_get(*, actor: Any, pk: UUID | str) -> Bed:
    try:
        return (
            policy.scope(Bed.objects.all(), actor, Cap.SHELTER_MANAGE)
            .select_related("room", "shelter")
            .get(pk=pk)
        )
    except (Bed.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
