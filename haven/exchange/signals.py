"""Decoupled extras of the cases app (connected in ready()): when a person withdraws their
consent to sharing abroad, or their identity is erased, the partners holding their data are
told at once to stop processing and erase it."""

from __future__ import annotations

from typing import Any

from haven.cases.models import Consent, Purpose


def consent_saved(sender: Any, instance: Consent, created: bool, **kwargs: Any) -> None:
    if not created or instance.given or instance.purpose != Purpose.SHARE_ABROAD:
        return
    from haven.exchange.services import consent_withdrawn

    consent_withdrawn(case=instance.case, actor=instance.recorded_by)


def person_erased(sender: Any, cases: list[Any], actor: Any = None, **kwargs: Any) -> None:
    from haven.exchange.services.transfers import identity_erased

    identity_erased(cases=cases, actor=actor)
