"""Audit action codes of the shelters app."""

from django.utils.translation import gettext_lazy as _

from haven.audit.actions import register

SHELTER_CREATED = "shelter.created"
SHELTER_UPDATED = "shelter.updated"
SHELTER_VIEWED = "shelter.viewed"
ROOM_SAVED = "shelter.room_saved"
BED_SAVED = "shelter.bed_saved"
STAY_ADMITTED = "stay.admitted"
STAY_RESERVED = "stay.reserved"
STAY_CANCELLED = "stay.cancelled"
STAY_UPDATED = "stay.updated"
STAY_LINKED = "stay.linked"
STAY_EXITED = "stay.exited"
STAY_VIEWED = "stay.viewed"
STAY_SERVICE_RECORDED = "stay.service_recorded"
MOVEMENT_RECORDED = "stay.movement_recorded"
INCIDENT_RECORDED = "shelter.incident_recorded"
INCIDENT_VIEWED = "shelter.incident_viewed"
FOLLOW_UP_SAVED = "shelter.follow_up_saved"
FOLLOW_UP_DONE = "shelter.follow_up_done"
WAITLIST_ADDED = "waitlist.added"
WAITLIST_OFFERED = "waitlist.offered"
WAITLIST_WITHDRAWN = "waitlist.withdrawn"
CAPACITY_EXPORTED = "shelter.capacity_exported"

register(
    {
        SHELTER_CREATED: _("Added a shelter"),
        SHELTER_UPDATED: _("Changed a shelter"),
        SHELTER_VIEWED: _("Opened a shelter's page with its address"),
        ROOM_SAVED: _("Saved a shelter room"),
        BED_SAVED: _("Saved a shelter bed"),
        STAY_ADMITTED: _("Admitted a person to a shelter"),
        STAY_RESERVED: _("Reserved a shelter bed"),
        STAY_CANCELLED: _("Cancelled a bed reservation"),
        STAY_UPDATED: _("Changed a stay"),
        STAY_LINKED: _("Linked a stay to a referral"),
        STAY_EXITED: _("Recorded a person leaving a shelter"),
        STAY_VIEWED: _("Read a stay"),
        STAY_SERVICE_RECORDED: _("Recorded a service during a stay"),
        MOVEMENT_RECORDED: _("Recorded an outing or a visit"),
        INCIDENT_RECORDED: _("Recorded a shelter incident"),
        INCIDENT_VIEWED: _("Read a shelter incident"),
        FOLLOW_UP_SAVED: _("Planned a shelter follow-up"),
        FOLLOW_UP_DONE: _("Completed a shelter follow-up"),
        WAITLIST_ADDED: _("Added a request to a shelter waitlist"),
        WAITLIST_OFFERED: _("Offered a free bed to the waitlist"),
        WAITLIST_WITHDRAWN: _("Withdrew a request from a shelter waitlist"),
        CAPACITY_EXPORTED: _("Exported free shelter capacity"),
    }
)
