"""Audit action codes of the referrals app."""

from django.utils.translation import gettext_lazy as _

from haven.audit.actions import register

SERVICE_PUBLISHED = "service.published"
SERVICE_UPDATED = "service.updated"
REFERRAL_SENT = "referral.sent"
REFERRAL_ACCEPTED = "referral.accepted"
REFERRAL_DECLINED = "referral.declined"
REFERRAL_COMPLETED = "referral.completed"
REFERRAL_WITHDRAWN = "referral.withdrawn"
REFERRAL_VIEWED = "referral.viewed"
REFERRAL_DOCUMENT_VIEWED = "referral.document_viewed"

register(
    {
        SERVICE_PUBLISHED: _("Published a service in the directory"),
        SERVICE_UPDATED: _("Changed a service in the directory"),
        REFERRAL_SENT: _("Sent a referral"),
        REFERRAL_ACCEPTED: _("Accepted a referral"),
        REFERRAL_DECLINED: _("Declined a referral"),
        REFERRAL_COMPLETED: _("Completed a referral"),
        REFERRAL_WITHDRAWN: _("Withdrew a referral"),
        REFERRAL_VIEWED: _("Read the data shared with a referral"),
        REFERRAL_DOCUMENT_VIEWED: _("Opened a document shared with a referral"),
    }
)
