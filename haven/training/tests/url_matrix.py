"""URL matrix rows of the training app (merged into haven/web/tests/test_url_matrix.py)."""

from haven.accounts.roles import Cap
from haven.training.tests import factories as f
from haven.web.tests.matrix import SIGNED_IN, Spec

MANAGE = (Cap.TRAINING_MANAGE,)
EXERCISE = (Cap.TRAINING_EXERCISE,)
EITHER = (Cap.TRAINING_MANAGE, Cap.TRAINING_EXERCISE)

TABLE: dict[str, Spec] = {
    "training:library": Spec(SIGNED_IN),
    "training:library_page": Spec(SIGNED_IN, kwargs=f.page_kwargs),
    "training:indicator": Spec(SIGNED_IN, kwargs=f.indicator_kwargs),
    "training:case_study_list": Spec(EITHER),
    "training:case_study": Spec(EITHER, kwargs=f.case_study_kwargs),
    "training:exercise_start": Spec(EXERCISE, kwargs=f.case_study_kwargs),
    "training:workshop_list": Spec(EITHER),
    "training:workshop_create": Spec(MANAGE),
    "training:workshop_detail": Spec(EITHER, kwargs=f.workshop_kwargs),
    "training:workshop_edit": Spec(MANAGE, kwargs=f.workshop_kwargs),
    "training:workshop_enrol": Spec(MANAGE, kwargs=f.workshop_kwargs),
    "training:workshop_unenrol": Spec(MANAGE, kwargs=f.enrolment_kwargs),
    "training:workshop_assign": Spec(MANAGE, kwargs=f.workshop_kwargs),
    "training:workshop_tests": Spec(MANAGE, ok=(302,), method="post", kwargs=f.workshop_kwargs),
    "training:quiz": Spec(EXERCISE, kwargs=f.quiz_kwargs),
    "training:cohort": Spec(MANAGE, kwargs=f.workshop_kwargs),
    "training:cohort_export": Spec(MANAGE, kwargs=f.workshop_kwargs),
    "training:certificates": Spec(MANAGE, ok=(302,), kwargs=f.workshop_kwargs),
    "training:exercise_list": Spec(EITHER),
    "training:exercise_resume": Spec(EXERCISE, ok=(302,), kwargs=f.draft_kwargs),
    "training:exercise_step": Spec(EXERCISE, kwargs=f.step_kwargs),
    "training:exercise_check": Spec(EXERCISE, kwargs=f.draft_kwargs),
    "training:exercise_feedback": Spec(EITHER, kwargs=f.submitted_kwargs),
    "api:training_workshop_list": Spec(EITHER, api=True),
    "api:training_workshop_detail": Spec(EITHER, api=True, kwargs=f.workshop_kwargs),
    "api:training_workshop_enrolments": Spec(MANAGE, api=True, kwargs=f.workshop_kwargs),
    "api:training_workshop_case_studies": Spec(
        MANAGE, ok=(400,), method="put", api=True, kwargs=f.workshop_kwargs, data={}
    ),
    "api:training_workshop_results": Spec(MANAGE, api=True, kwargs=f.workshop_kwargs),
    "api:training_quiz": Spec(EXERCISE, api=True, kwargs=f.quiz_kwargs),
    "api:training_case_study_list": Spec(EITHER, api=True),
    "api:training_exercise_list": Spec(EITHER, api=True),
    "api:training_exercise_detail": Spec(EITHER, api=True, kwargs=f.submitted_kwargs),
}
