"""The shelters app's share of a person's erasure: free text about their stays goes; dates,
beds and coded fields stay for occupancy statistics."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.dispatch import receiver

from haven.cases.signals import person_erased
from haven.shelters.models import Incident, Movement, Stay, StayService

BLANKS: list[tuple[type[Any], str, dict[str, Any]]] = [
    (Stay, "pk__in", {"known_as": "", "risk_notes": "", "exit_plan": ""}),
    (StayService, "stay__in", {"notes": ""}),
    (Movement, "stay__in", {"notes": ""}),
    (Incident, "stay__in", {"description": ""}),
]


@receiver(person_erased, dispatch_uid="shelters.person_erased")
def blank_stay_text(sender: Any, cases: list[Any], **kwargs: Any) -> None:
    stays = list(
        Stay.objects.filter(Q(case__in=cases) | Q(referral__case__in=cases)).values_list(
            "pk", flat=True
        )
    )
    if not stays:
        return
    for model, lookup, blanks in BLANKS:
        for item in model.objects.filter(**{lookup: stays}):
            for name, value in blanks.items():
                setattr(item, name, value)
            item.save(update_fields=list(blanks))
