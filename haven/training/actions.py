"""Audit action codes of the training app."""

from django.utils.translation import gettext_lazy as _

from haven.audit.actions import register

WORKSHOP_CREATED = "workshop.created"
WORKSHOP_UPDATED = "workshop.updated"
WORKSHOP_ENROLLED = "workshop.enrolled"
WORKSHOP_UNENROLLED = "workshop.unenrolled"
WORKSHOP_ASSIGNED = "workshop.case_studies_assigned"
WORKSHOP_TESTS = "workshop.tests_changed"
WORKSHOP_EXPORTED = "workshop.results_exported"
WORKSHOP_CERTIFICATES = "workshop.certificates_printed"
EXERCISE_STARTED = "exercise.started"
EXERCISE_ANSWERED = "exercise.answered"
EXERCISE_SUBMITTED = "exercise.submitted"
QUIZ_SUBMITTED = "quiz.submitted"

register(
    {
        WORKSHOP_CREATED: _("Created a training workshop"),
        WORKSHOP_UPDATED: _("Changed a training workshop"),
        WORKSHOP_ENROLLED: _("Enrolled trainees in a workshop"),
        WORKSHOP_UNENROLLED: _("Removed a trainee from a workshop"),
        WORKSHOP_ASSIGNED: _("Assigned case studies to a workshop"),
        WORKSHOP_TESTS: _("Opened or closed a workshop's tests"),
        WORKSHOP_EXPORTED: _("Exported a workshop's results"),
        WORKSHOP_CERTIFICATES: _("Printed certificates of completion"),
        EXERCISE_STARTED: _("Started a practice exercise"),
        EXERCISE_ANSWERED: _("Answered questions of a practice exercise"),
        EXERCISE_SUBMITTED: _("Submitted a practice exercise"),
        QUIZ_SUBMITTED: _("Submitted a workshop test"),
    }
)
