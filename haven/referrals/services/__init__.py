"""Writes of the referrals app (see the topic modules); re-exported for callers."""

from haven.referrals.consent import consent_purpose
from haven.referrals.services.directory import service_create, service_update
from haven.referrals.services.referrals import (
    referral_accept,
    referral_complete,
    referral_decline,
    referral_send,
    referral_validate,
    referral_withdraw,
    response_deadline,
)

__all__ = [
    "consent_purpose",
    "referral_accept",
    "referral_complete",
    "referral_decline",
    "referral_send",
    "referral_validate",
    "referral_withdraw",
    "response_deadline",
    "service_create",
    "service_update",
]
