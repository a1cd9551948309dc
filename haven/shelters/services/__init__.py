"""Writes of the shelters app (see the topic modules); re-exported for callers."""

from haven.shelters.services.admissions import stay_admit, stay_cancel, stay_link_referral
from haven.shelters.services.facilities import (
    bed_save,
    room_save,
    shelter_create,
    shelter_update,
)
from haven.shelters.services.safety import follow_up_done, follow_up_save, incident_record
from haven.shelters.services.stays import (
    movement_record,
    stay_exit,
    stay_service_record,
    stay_update,
)
from haven.shelters.services.waitlist import waitlist_add, waitlist_offer_next, waitlist_withdraw

__all__ = [
    "bed_save",
    "follow_up_done",
    "follow_up_save",
    "incident_record",
    "movement_record",
    "room_save",
    "shelter_create",
    "shelter_update",
    "stay_admit",
    "stay_cancel",
    "stay_exit",
    "stay_link_referral",
    "stay_service_record",
    "stay_update",
    "waitlist_add",
    "waitlist_offer_next",
    "waitlist_withdraw",
]
