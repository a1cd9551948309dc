"""Markers of the confidential sweep: unique values planted in confidential fields, their
categories, and who may read each one (``policy.can`` over (capability, object) pairs)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from haven.accounts import policy
from haven.accounts.roles import Cap
from haven.cases.models import Case
from haven.referrals.models import Referral
from haven.referrals.projection import visible_scopes
from haven.referrals.vocab import Scope

IDENTITY = "identity"
NOTES = "notes"
SHELTER = "shelter address"
DOCUMENT = "document"
CATEGORIES = (IDENTITY, NOTES, SHELTER, DOCUMENT)
# The capabilities through which a marker may be read (every reader names one of them).
READING = frozenset(
    {
        Cap.CASE_READ,
        Cap.CASE_READ_SCREENED,
        Cap.CASE_EDIT,
        Cap.REFERRAL_SEND,
        Cap.REFERRAL_ANSWER,
        Cap.SCREENING_RUN,
        Cap.SHELTER_MANAGE,
        Cap.STAY_READ,
        Cap.EXCHANGE_REFER,
    }
)


@dataclass(frozen=True)
class Reader:
    """Users who hold ``capability`` on ``obj`` (and pass ``only``, if given)."""

    capability: Cap
    obj: Any
    only: Callable[[Any], bool] | None = None

    def admits(self, user: Any) -> bool:
        if not policy.can(user, self.capability, self.obj):
            return False
        return self.only is None or self.only(user)


@dataclass(frozen=True)
class Marker:
    """A unique confidential value. ``readers`` own it (the case's organisation, the shelter's
    staff); ``shared_with`` may see it too (the other side of a referral sharing its scope)."""

    text: str
    category: str
    where: str
    readers: tuple[Reader, ...]
    shared_with: tuple[Reader, ...] = ()
    spellings: tuple[str, ...] = ()  # the same value written otherwise (dates, digits only)
    shown: bool = True  # some page shows it to its readers (the positive control expects it)

    def may_see(self, user: Any) -> bool:
        return any(reader.admits(user) for reader in self.readers + self.shared_with)

    def owned_by(self, user: Any) -> bool:
        return any(reader.admits(user) for reader in self.readers)


def date_spellings(day: datetime.date) -> tuple[str, ...]:
    """How a date may be written in a page or a file, besides ISO 8601."""
    month = day.strftime("%B")
    return (
        f"{day:%m/%d/%Y}",
        f"{day:%d/%m/%Y}",
        f"{day:%d.%m.%Y}",
        f"{day:%Y/%m/%d}",
        f"{day.year}年{day.month}月{day.day}日",
        f"{month} {day.day}, {day.year}",
        f"{day.day} {month} {day.year}",
        f"{month[:3]}. {day.day}, {day.year}",
    )


def case_readers(case: Case) -> tuple[Reader, ...]:
    """Readers of a case: its organisation's ``CASE_READ``, or the screener who registered
    it (``CASE_READ_SCREENED`` reaches only those)."""
    return (
        Reader(Cap.CASE_READ, case),
        Reader(Cap.CASE_READ_SCREENED, case, only=lambda user: case.registered_by_id == user.pk),
    )


def case_editors(case: Case) -> tuple[Reader, ...]:
    return (Reader(Cap.CASE_EDIT, case),)


def shared(referral: Referral, scope: str | None) -> tuple[Reader, ...]:
    """Both sides of ``referral`` while it shows ``scope`` (``None``: anything beyond the
    basic details, such as the message)."""
    scopes, restriction = visible_scopes(referral)
    if restriction or (scope is not None and scope not in scopes):
        return ()
    return (
        Reader(Cap.REFERRAL_ANSWER, referral.to_organisation),
        Reader(Cap.REFERRAL_SEND, referral.from_organisation),
    )


def sender(referral: Referral) -> tuple[Reader, ...]:
    return (Reader(Cap.REFERRAL_SEND, referral.from_organisation),)


@dataclass
class Scene:
    markers: list[Marker] = field(default_factory=list)
    # Pages about the scene's objects that no row of the URL matrix reaches:
    # (name, kwargs, query string).
    extra: list[tuple[str, dict[str, Any], str]] = field(default_factory=list)

    def add(
        self,
        text: str,
        category: str,
        where: str,
        readers: tuple[Reader, ...],
        *,
        shared_with: tuple[Reader, ...] = (),
        spellings: tuple[str, ...] = (),
        shown: bool = True,
    ) -> str:
        assert all(text not in m.text and m.text not in text for m in self.markers), text
        assert {r.capability for r in readers + shared_with} <= READING, where
        self.markers.append(Marker(text, category, where, readers, shared_with, spellings, shown))
        return text


@dataclass(frozen=True)
class Identity:
    """A person's identity fields, each one a marker."""

    family: str
    given: str
    aliases: tuple[str, ...]
    birth: datetime.date
    document: str
    phone: str
    email: str = ""
    address: str = ""

    def fields(self) -> dict[str, Any]:
        contacts = {"phone": self.phone, "email": self.email, "address": self.address}
        return {
            "family_name": self.family,
            "given_names": self.given,
            "aliases": list(self.aliases),
            "birth_date": self.birth,
            "identity_documents": [{"type": "Passport", "number": self.document}],
            "contacts": {key: value for key, value in contacts.items() if value},
            "sex": "Feminine",
            "languages": ["vi", "zh-hans"],
        }

    def mark(
        self,
        scene: Scene,
        label: str,
        readers: tuple[Reader, ...],
        referral: Referral | None = None,
    ) -> None:
        """Markers for the fields, read by ``readers`` and by the sides of ``referral``
        while it shares the field's scope."""

        def add(text: str, what: str, scope: str, **options: Any) -> None:
            also = shared(referral, scope) if referral else ()
            scene.add(text, IDENTITY, f"{label}: {what}", readers, shared_with=also, **options)

        for text in (self.family, self.given, *self.aliases):
            add(text, "name", Scope.IDENTITY)
        birth = self.birth.isoformat()
        add(birth, "date of birth", Scope.IDENTITY, spellings=date_spellings(self.birth))
        add(self.document, "identity document", Scope.DOCUMENTS)
        add(self.phone, "phone", Scope.CONTACTS, spellings=(re.sub(r"\D", "", self.phone),))
        # Stored, but shown only where every contact is listed (a referral sharing contacts).
        if self.email:
            add(self.email, "email", Scope.CONTACTS, shown=False)
        if self.address:
            add(self.address, "address", Scope.CONTACTS, shown=False)
