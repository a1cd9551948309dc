"""Shelters, rooms, beds and stays made through the real services.

``ADDRESS`` and ``PHONE`` are the confidential values the leakage tests look for in every
response.
"""

from __future__ import annotations

from typing import Any

from haven.accounts.roles import Role
from haven.shelters import services
from haven.shelters.models import Bed, Shelter, Stay

ADDRESS = "Secret Lane 88, Qingxiu District (synthetic)"
PHONE = "+86 771 555 0123"
SECRETS = (ADDRESS, "Secret Lane", PHONE, "555 0123")

# (room, rule, child-appropriate, accessible, [(bed, cot, accessible)])
LAYOUT: list[tuple[str, str, bool, bool, list[tuple[str, bool, bool]]]] = [
    ("Room 1", "women", False, False, [("1A", False, False), ("1B", False, False)]),
    ("Room 2", "men", False, True, [("2A", False, True)]),
    (
        "Family room",
        "any",
        True,
        False,
        [("F1", False, False), ("F2", False, False), ("Cot", True, False)],
    ),
]


def manager(world: Any, other: bool = False) -> Any:
    return world.user(Role.SHELTER_MANAGER, other=other)


def make_shelter(
    actor: Any,
    organisation: Any,
    *,
    name: str = "Harbour House (synthetic)",
    type: str = "mixed",
    layout: list[tuple[str, str, bool, bool, list[tuple[str, bool, bool]]]] | None = None,
    **fields: Any,
) -> Shelter:
    values = {
        "name": name,
        "type": type,
        "capacity": 10,
        "region": "Guangxi",
        "languages": ["zh-hans", "vi"],
        "address": ADDRESS,
        "phone": PHONE,
        "share_capacity": True,
    }
    values.update(fields)
    shelter = services.shelter_create(actor=actor, organisation=organisation, **values)
    for room_name, rule, child, accessible, beds in LAYOUT if layout is None else layout:
        room = services.room_save(
            actor=actor,
            shelter=shelter,
            name=room_name,
            rule=rule,
            child_appropriate=child,
            accessible=accessible,
        )
        for label, cot, bed_accessible in beds:
            services.bed_save(
                actor=actor, room=room, label=label, is_cot=cot, accessible=bed_accessible
            )
    return shelter


def bed(shelter: Shelter, label: str) -> Bed:
    return Bed.objects.get(shelter=shelter, label=label)


def admit(actor: Any, shelter: Shelter, bed_label: str | None = None, **values: Any) -> Stay:
    """An emergency admission (no referral) of an adult woman unless told otherwise."""
    defaults: dict[str, Any] = {"sex": "Feminine", "house_rules_consent": True}
    defaults.update(values)
    chosen = bed(shelter, bed_label) if bed_label else None
    return services.stay_admit(actor=actor, shelter=shelter, bed=chosen, **defaults)


def world_shelter(world: Any, other: bool = False) -> Shelter:
    """One shelter per organisation of the test world (cached)."""
    cache = world.__dict__.setdefault("_shelters", {})
    if other not in cache:
        org = world.org_b if other else world.org_a
        cache[other] = make_shelter(
            manager(world, other), org, name=f"Shelter {'B' if other else 'A'} (synthetic)"
        )
    return cache[other]
