"""Writes of the cases app (see the topic modules); re-exported for callers."""

from haven.cases.services.care import assessment_record, plan_save, service_record
from haven.cases.services.cases import (
    case_open,
    case_transition,
    case_update,
    country_setting_save,
    event_record,
    proceeding_save,
)
from haven.cases.services.consent import consent_in_force, consent_record, consents_in_force
from haven.cases.services.erasure import (
    ErasureReason,
    person_erase,
    retention_rule_save,
    retention_run,
)
from haven.cases.services.persons import person_register, person_update
from haven.cases.services.work import document_add, note_add, task_done, task_save

__all__ = [
    "ErasureReason",
    "assessment_record",
    "case_open",
    "case_transition",
    "case_update",
    "consent_in_force",
    "consent_record",
    "consents_in_force",
    "country_setting_save",
    "document_add",
    "event_record",
    "note_add",
    "person_erase",
    "person_register",
    "person_update",
    "plan_save",
    "proceeding_save",
    "retention_rule_save",
    "retention_run",
    "service_record",
    "task_done",
    "task_save",
]
