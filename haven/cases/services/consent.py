"""Consent per purpose: recorded as decisions; the newest decision for a purpose is in force.
Every service that shares or exports data asks ``consent_in_force`` first."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts.roles import Cap
from haven.audit.services import record
from haven.cases import actions
from haven.cases.models import Case, Consent, Purpose
from haven.cases.services._common import require


@transaction.atomic
def consent_record(
    *,
    actor: Any,
    case: Case,
    purpose: str,
    given: bool,
    method: str,
    language: str,
    decided_on: datetime.date | None = None,
    witness: str = "",
    guardian: str = "",
    at_registration: bool = False,
    request: HttpRequest | None = None,
) -> Consent:
    """``at_registration``: the consent to assistance obtained by whoever registers the
    case (a screener may register but not otherwise change a case's workflow)."""
    if at_registration and purpose == Purpose.ASSISTANCE:
        require(actor, Cap.CASE_REGISTER, case)
    else:
        require(actor, Cap.CASE_TRANSITION, case)
    if case.is_child and given and not guardian.strip():
        raise ValidationError(
            {"guardian": _("For a child, record the guardian who consents with or for them.")}
        )
    # Decisions on one case are serialised, so the newest decision is also the last written
    # and ``Case.statistics_consent`` follows it.
    Case.objects.select_for_update().filter(pk=case.pk).values_list("pk").first()
    consent = Consent(
        case=case,
        purpose=purpose,
        given=given,
        method=method,
        language=language,
        witness=witness.strip(),
        guardian=guardian.strip(),
        decided_on=decided_on or timezone.localdate(),
        recorded_by=actor,
    )
    consent.full_clean()
    consent.save()
    if purpose == Purpose.STATISTICS:
        # The decision just saved is the newest: it is the one in force.
        Case.objects.filter(pk=case.pk).update(statistics_consent=given)
        case.statistics_consent = given
    record(
        actor=actor,
        action=actions.CONSENT_RECORDED,
        obj=case,
        request=request,
        details={"purpose": purpose, "given": given, "method": method},
    )
    return consent


def consents_in_force(case: Case) -> dict[str, bool]:
    """Purpose -> given, from the newest decision per purpose (missing = not given)."""
    state: dict[str, bool] = {}
    for purpose, given in (
        Consent.objects.filter(case=case)
        .order_by("-created_at", "-id")
        .values_list("purpose", "given")
    ):
        state.setdefault(purpose, given)
    return {p: state.get(p, False) for p in Purpose.values}


def consent_in_force(case: Case, purpose: str) -> bool:
    newest = (
        Consent.objects.filter(case=case, purpose=purpose)
        .order_by("-created_at", "-id")
        .values_list("given", flat=True)
        .first()
    )
    return bool(newest)
