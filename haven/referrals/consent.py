"""Which consent a referral needs, and whether it is in force now (checked at every read)."""

from __future__ import annotations

from typing import Any

from haven.accounts.models import Organisation
from haven.cases.models import Purpose
from haven.cases.services import consent_in_force


def consent_purpose(from_organisation: Organisation, to_organisation: Organisation) -> str:
    """Sharing within the country or abroad."""
    if from_organisation.country == to_organisation.country:
        return Purpose.SHARE_DOMESTIC
    return Purpose.SHARE_ABROAD


def sharing_consented(
    case: Any, from_organisation: Organisation, to_organisation: Organisation
) -> bool:
    return consent_in_force(case, consent_purpose(from_organisation, to_organisation))
