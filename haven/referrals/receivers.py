"""The referrals app's share of a person's erasure: free text sent with their referrals."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from haven.cases.signals import person_erased
from haven.referrals.models import Referral


@receiver(person_erased, dispatch_uid="referrals.person_erased")
def blank_referral_text(sender: Any, cases: list[Any], **kwargs: Any) -> None:
    for referral in Referral.objects.filter(case__in=cases):
        referral.message = ""
        referral.decline_reason = ""
        referral.withdraw_reason = ""
        referral.save(update_fields=["message", "decline_reason", "withdraw_reason"])
