"""Web routes of the training app: the legal library (every signed-in user) and training."""

from django.urls import path

from haven.training.views import cohort, exercises, feedback, library, quizzes, workshops

app_name = "training"

W = "training/workshops/<uuid:pk>/"
E = "training/exercises/<uuid:pk>/"

urlpatterns = [
    path("library/", library.LibraryView.as_view(), name="library"),
    path("library/pages/<slug:page>/", library.LibraryPageView.as_view(), name="library_page"),
    path("library/indicators/<slug:item_id>/", library.IndicatorView.as_view(), name="indicator"),
    path("training/case-studies/", library.CaseStudyListView.as_view(), name="case_study_list"),
    path(
        "training/case-studies/<slug:case_study>/",
        library.CaseStudyView.as_view(),
        name="case_study",
    ),
    path(
        "training/case-studies/<slug:case_study>/practise/",
        exercises.ExerciseStartView.as_view(),
        name="exercise_start",
    ),
    path("training/workshops/", workshops.WorkshopListView.as_view(), name="workshop_list"),
    path("training/workshops/new/", workshops.WorkshopCreateView.as_view(), name="workshop_create"),
    path(W, workshops.WorkshopDetailView.as_view(), name="workshop_detail"),
    path(W + "edit/", workshops.WorkshopEditView.as_view(), name="workshop_edit"),
    path(W + "enrol/", workshops.WorkshopEnrolView.as_view(), name="workshop_enrol"),
    path(
        W + "enrolments/<uuid:enrolment>/remove/",
        workshops.WorkshopUnenrolView.as_view(),
        name="workshop_unenrol",
    ),
    path(W + "case-studies/", workshops.WorkshopAssignView.as_view(), name="workshop_assign"),
    path(W + "tests/", workshops.WorkshopTestsView.as_view(), name="workshop_tests"),
    path(W + "tests/<slug:kind>/", quizzes.QuizView.as_view(), name="quiz"),
    path(W + "cohort/", cohort.CohortView.as_view(), name="cohort"),
    path(W + "cohort/export/", cohort.CohortExportView.as_view(), name="cohort_export"),
    path(W + "certificates/", cohort.CertificatesView.as_view(), name="certificates"),
    path("training/exercises/", exercises.ExerciseListView.as_view(), name="exercise_list"),
    path(E, exercises.ExerciseResumeView.as_view(), name="exercise_resume"),
    path(E + "step/<slug:step>/", exercises.ExerciseStepView.as_view(), name="exercise_step"),
    path(E + "check/", exercises.ExerciseCheckView.as_view(), name="exercise_check"),
    path(E + "feedback/", feedback.ExerciseFeedbackView.as_view(), name="exercise_feedback"),
]
