from haven.shelters.models.care import FollowUp, Incident, Movement, StayService, WaitlistEntry
from haven.shelters.models.facilities import Bed, Room, Shelter
from haven.shelters.models.stays import Stay

__all__ = [
    "Bed",
    "FollowUp",
    "Incident",
    "Movement",
    "Room",
    "Shelter",
    "Stay",
    "StayService",
    "WaitlistEntry",
]
