"""Shared pieces of the URL matrix (``test_url_matrix.py``): each app's ``tests/url_matrix.py``
declares its rows with these.

``Spec.access`` is ``PUBLIC``, ``SIGNED_IN`` or a tuple of capabilities (any of them grants
access); ``kwargs(world, actor, other)`` returns the URL kwargs for an object of org A, or of
org B when ``other`` is true (the cross-organisation check expects 404 then).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from haven.accounts.roles import Cap, Role

PUBLIC = "public"
SIGNED_IN = "signed_in"


@dataclass(frozen=True)
class Spec:
    access: str | tuple[Cap, ...]
    ok: tuple[int, ...] = (200,)
    method: str = "get"
    kwargs: Callable[[Any, Any, bool], dict[str, Any]] | None = None
    data: dict[str, Any] | None = None
    api: bool = False


def made(world: Any, key: str, other: bool, make: Callable[[], Any]) -> Any:
    """One object per kind and organisation for the whole test, made on first use."""
    objects = world.__dict__.setdefault("_matrix_objects", {})
    if (key, other) not in objects:
        objects[(key, other)] = make()
    return objects[(key, other)]


def matrix_case(world: Any, other: bool) -> Any:
    """A case registered by org A's (or B's) screener, so that the screener may read it."""
    from haven.cases import services as case_services

    def make() -> Any:
        screener = world.user(Role.SCREENER, other=other)
        person = case_services.person_register(
            actor=screener,
            organisation=world.org_b if other else world.org_a,
            family_name="Matrix",
            given_names="Person",
        )
        return case_services.case_open(actor=screener, person=person)

    return made(world, "case", other, make)
