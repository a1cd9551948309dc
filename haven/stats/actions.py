"""Audit action codes of the stats app."""

from django.utils.translation import gettext_lazy as _

from haven.audit.actions import register

CTDC_EXPORTED = "stats.ctdc_exported"
CTDC_DOWNLOADED = "stats.ctdc_downloaded"
REPORT_REQUESTED = "stats.report_requested"
REPORT_DOWNLOADED = "stats.report_downloaded"
DATASET_IMPORTED = "stats.dataset_imported"
DATASET_DELETED = "stats.dataset_deleted"

register(
    {
        CTDC_EXPORTED: _("Made an anonymised CTDC export"),
        CTDC_DOWNLOADED: _("Downloaded an anonymised CTDC export"),
        REPORT_REQUESTED: _("Asked for an annual statistics report"),
        REPORT_DOWNLOADED: _("Downloaded an annual statistics report"),
        DATASET_IMPORTED: _("Imported a CTDC global dataset"),
        DATASET_DELETED: _("Deleted an imported CTDC global dataset"),
    }
)
