"""Audit action codes of the screening app."""

from django.utils.translation import gettext_lazy as _

from haven.audit.actions import register

SCREENING_STARTED = "screening.started"
SCREENING_ANSWERED = "screening.answered"
SCREENING_COMPLETED = "screening.completed"
SCREENING_VIEWED = "screening.viewed"
SCREENING_NO_REFERRAL = "screening.no_referral"
SCREENING_CASE_REGISTERED = "screening.case_registered"

register(
    {
        SCREENING_STARTED: _("Started a screening"),
        SCREENING_ANSWERED: _("Saved screening answers"),
        SCREENING_COMPLETED: _("Completed a screening"),
        SCREENING_VIEWED: _("Viewed a screening result"),
        SCREENING_NO_REFERRAL: _("Recorded no referral after a screening"),
        SCREENING_CASE_REGISTERED: _("Opened a case from a screening"),
    }
)
