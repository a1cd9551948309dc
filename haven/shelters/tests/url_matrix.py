"""URL matrix rows of the shelters app (merged into haven/web/tests/test_url_matrix.py).

Objects are made once per test world: a shelter of org A (or org B for the
cross-organisation check) with a resident, a reservation from the waitlist, an incident
with an action, and an accepted referral waiting for a bed.
"""

from __future__ import annotations

from typing import Any

from haven.accounts.roles import Cap, Role
from haven.referrals import services as referral_services
from haven.referrals.tests.factories import open_case, send, third
from haven.shelters import services
from haven.shelters.tests.factories import admit, manager, world_shelter
from haven.web.tests.matrix import Spec, made

MANAGE = (Cap.SHELTER_MANAGE,)
READ = (Cap.STAY_READ,)
CAPACITY = (Cap.SHELTER_CAPACITY, Cap.SHELTER_MANAGE)


def _shelter(world: Any, other: bool) -> Any:
    return world_shelter(world, other)


def _stay(world: Any, other: bool) -> Any:
    return made(
        world,
        "shelter-stay",
        other,
        lambda: admit(manager(world, other), _shelter(world, other)),
    )


def _entry(world: Any, other: bool) -> Any:
    """A waitlist entry with a bed reserved for it (the shelter has free beds)."""

    def make() -> Any:
        _stay(world, other)
        return services.waitlist_add(
            actor=manager(world, other), shelter=_shelter(world, other), label="Desk 7", risk="high"
        )

    return made(world, "shelter-entry", other, make)


def _incident(world: Any, other: bool) -> Any:
    def make() -> Any:
        return services.incident_record(
            actor=manager(world, other),
            shelter=_shelter(world, other),
            stay=_stay(world, other),
            kind="security",
            severity="medium",
            description="Matrix incident (synthetic).",
            action="Check the gate",
            action_due_on=_stay(world, other).starts_on,
        )

    return made(world, "shelter-incident", other, make)


def _referral(world: Any, other: bool) -> Any:
    """An accepted referral to org A (which has a shelter), or to a third organisation."""

    def make() -> Any:
        _shelter(world, other)
        if other:
            org = third(world)
            referral = send(world, case=open_case(world, other=True), to=org.org)
            referral_services.referral_accept(actor=org.user(Role.CASEWORKER), referral=referral)
        else:
            referral = send(world, case=open_case(world, other=True), to=world.org_a)
            referral_services.referral_accept(actor=world.user(Role.CASEWORKER), referral=referral)
        return referral

    return made(world, "shelter-referral", other, make)


def shelter_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    return {"pk": _shelter(world, other).pk}


def room_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    return {"room": _shelter(world, other).rooms.order_by("name").first().pk}


def bed_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    return {"bed": _shelter(world, other).beds.order_by("label").first().pk}


def stay_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    return {"pk": _stay(world, other).pk}


def reservation_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    return {"pk": _entry(world, other).stay_id}


def entry_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    return {"pk": _entry(world, other).pk}


def incident_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    return {"pk": _incident(world, other).pk}


def follow_up_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    return {"pk": _incident(world, other).actions.get().pk}


def referral_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    return {"referral": _referral(world, other).pk}


def api_room_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    return {"pk": room_kwargs(world, actor, other)["room"]}


def api_bed_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    return {"pk": bed_kwargs(world, actor, other)["bed"]}


TABLE: dict[str, Spec] = {
    "shelters:list": Spec(MANAGE),
    "shelters:create": Spec(MANAGE),
    "shelters:detail": Spec(MANAGE, kwargs=shelter_kwargs),
    "shelters:edit": Spec(MANAGE, kwargs=shelter_kwargs),
    "shelters:room_create": Spec(MANAGE, kwargs=shelter_kwargs),
    "shelters:room_edit": Spec(MANAGE, kwargs=room_kwargs),
    "shelters:bed_create": Spec(MANAGE, kwargs=room_kwargs),
    "shelters:bed_edit": Spec(MANAGE, kwargs=bed_kwargs),
    "shelters:admit": Spec(MANAGE, kwargs=shelter_kwargs),
    "shelters:referrals": Spec(MANAGE),
    "shelters:admit_referral": Spec(MANAGE, ok=(302,), kwargs=referral_kwargs),
    "shelters:stay_list": Spec(READ),
    "shelters:stay_detail": Spec(READ, kwargs=stay_kwargs),
    "shelters:stay_edit": Spec(MANAGE, kwargs=stay_kwargs),
    "shelters:stay_exit": Spec(MANAGE, kwargs=stay_kwargs),
    "shelters:stay_service": Spec(MANAGE, kwargs=stay_kwargs),
    "shelters:stay_movement": Spec(MANAGE, kwargs=stay_kwargs),
    "shelters:stay_link": Spec(MANAGE, kwargs=stay_kwargs),
    "shelters:stay_cancel": Spec(MANAGE, kwargs=reservation_kwargs),
    "shelters:incident_list": Spec(MANAGE),
    "shelters:incident_create": Spec(MANAGE, kwargs=shelter_kwargs),
    "shelters:incident_detail": Spec(MANAGE, kwargs=incident_kwargs),
    "shelters:follow_up_list": Spec(MANAGE),
    "shelters:follow_up_done": Spec(MANAGE, ok=(302,), method="post", kwargs=follow_up_kwargs),
    "shelters:waitlist": Spec(MANAGE, kwargs=shelter_kwargs),
    "shelters:waitlist_add": Spec(MANAGE, kwargs=shelter_kwargs),
    "shelters:waitlist_offer": Spec(MANAGE, ok=(302,), method="post", kwargs=shelter_kwargs),
    "shelters:waitlist_withdraw": Spec(MANAGE, kwargs=entry_kwargs),
    "shelters:capacity": Spec(CAPACITY),
    "shelters:capacity_export": Spec(CAPACITY),
    "api:shelter_list": Spec(MANAGE, api=True),
    "api:shelter_capacity": Spec(CAPACITY, api=True),
    "api:shelter_referrals": Spec(MANAGE, api=True),
    "api:shelter_detail": Spec(MANAGE, api=True, kwargs=shelter_kwargs),
    "api:shelter_board": Spec(MANAGE, api=True, kwargs=shelter_kwargs),
    "api:shelter_rooms": Spec(MANAGE, api=True, kwargs=shelter_kwargs),
    "api:shelter_bed_suggestions": Spec(
        MANAGE, method="post", api=True, kwargs=shelter_kwargs, data={}
    ),
    "api:shelter_waitlist": Spec(MANAGE, api=True, kwargs=shelter_kwargs),
    "api:shelter_waitlist_offer": Spec(
        MANAGE, method="post", api=True, kwargs=shelter_kwargs, data={}
    ),
    "api:shelter_room_detail": Spec(MANAGE, api=True, kwargs=api_room_kwargs),
    "api:shelter_room_beds": Spec(MANAGE, api=True, kwargs=api_room_kwargs),
    "api:shelter_bed_detail": Spec(MANAGE, api=True, kwargs=api_bed_kwargs),
    "api:shelter_waitlist_withdraw": Spec(
        MANAGE, ok=(200, 400), method="post", api=True, kwargs=entry_kwargs, data={}
    ),
    "api:stay_list": Spec(READ, api=True),
    "api:stay_detail": Spec(READ, api=True, kwargs=stay_kwargs),
    "api:stay_exit": Spec(MANAGE, ok=(400,), method="post", api=True, kwargs=stay_kwargs, data={}),
    "api:stay_cancel": Spec(
        MANAGE, ok=(200, 400), method="post", api=True, kwargs=reservation_kwargs, data={}
    ),
    "api:stay_link": Spec(MANAGE, ok=(400,), method="post", api=True, kwargs=stay_kwargs, data={}),
    "api:stay_services": Spec(READ, api=True, kwargs=stay_kwargs),
    "api:stay_movements": Spec(READ, api=True, kwargs=stay_kwargs),
    "api:shelter_incident_list": Spec(MANAGE, api=True),
    "api:shelter_incident_detail": Spec(MANAGE, api=True, kwargs=incident_kwargs),
    "api:shelter_incident_actions": Spec(
        MANAGE, ok=(400,), method="post", api=True, kwargs=incident_kwargs, data={}
    ),
    "api:shelter_follow_up_list": Spec(MANAGE, api=True),
    "api:shelter_follow_up_done": Spec(
        MANAGE, method="post", api=True, kwargs=follow_up_kwargs, data={}
    ),
}
