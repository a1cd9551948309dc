"""Audit action codes of the cases app."""

from django.utils.translation import gettext_lazy as _

from haven.audit.actions import register

PERSON_REGISTERED = "person.registered"
PERSON_UPDATED = "person.updated"
PERSON_VIEWED = "person.viewed"
CASE_OPENED = "case.opened"
CASE_UPDATED = "case.updated"
CASE_VIEWED = "case.viewed"
CASE_TRANSITIONED = "case.transitioned"
CASE_EXPORTED = "case.exported"
CASES_IMPORTED = "case.imported"
CONSENT_RECORDED = "consent.recorded"
ASSESSMENT_RECORDED = "case.assessment_recorded"
PLAN_SAVED = "case.plan_saved"
SERVICE_RECORDED = "case.service_recorded"
EVENT_RECORDED = "case.event_recorded"
PROCEEDING_SAVED = "case.proceeding_saved"
TASK_SAVED = "task.saved"
TASK_DONE = "task.done"
NOTE_ADDED = "note.added"
DOCUMENT_ADDED = "document.added"
DOCUMENT_VIEWED = "document.viewed"
DUPLICATE_CHECKED = "person.duplicate_check"
COUNTRY_SETTING_SAVED = "settings.country_saved"
CASES_SEARCHED = "case.searched"
PERSON_ERASED = "person.erased"
RETENTION_RULE_SAVED = "settings.retention_saved"
RETENTION_RUN = "retention.run"

register(
    {
        PERSON_REGISTERED: _("Registered a person"),
        PERSON_UPDATED: _("Changed a person's details"),
        PERSON_ERASED: _("Erased a person's identity"),
        RETENTION_RULE_SAVED: _("Changed the retention rule"),
        RETENTION_RUN: _("Erased identities whose retention period was over"),
        PERSON_VIEWED: _("Viewed a person"),
        CASE_OPENED: _("Opened a case"),
        CASE_UPDATED: _("Changed a case"),
        CASE_VIEWED: _("Viewed a case"),
        CASE_TRANSITIONED: _("Moved a case to another stage"),
        CASE_EXPORTED: _("Exported cases"),
        CASES_IMPORTED: _("Imported cases"),
        CONSENT_RECORDED: _("Recorded consent"),
        ASSESSMENT_RECORDED: _("Recorded an assessment"),
        PLAN_SAVED: _("Saved a support plan"),
        SERVICE_RECORDED: _("Recorded a service delivered"),
        EVENT_RECORDED: _("Recorded a trafficking event"),
        PROCEEDING_SAVED: _("Saved proceedings"),
        TASK_SAVED: _("Saved a task"),
        TASK_DONE: _("Completed a task"),
        NOTE_ADDED: _("Added a note"),
        DOCUMENT_ADDED: _("Added a document"),
        DOCUMENT_VIEWED: _("Opened a document"),
        DUPLICATE_CHECKED: _("Checked for an existing person"),
        COUNTRY_SETTING_SAVED: _("Changed a country setting"),
        CASES_SEARCHED: _("Searched cases"),
    }
)
