"""``/api/v1/`` routes of the training app (names live in the ``api`` namespace)."""

from django.urls import path

from haven.training import apis

W = "v1/training/workshops/<uuid:pk>"

urlpatterns = [
    path("v1/training/workshops/", apis.WorkshopListView.as_view(), name="training_workshop_list"),
    path(W + "/", apis.WorkshopDetailView.as_view(), name="training_workshop_detail"),
    path(
        W + "/enrolments",
        apis.WorkshopEnrolmentsView.as_view(),
        name="training_workshop_enrolments",
    ),
    path(
        W + "/case-studies",
        apis.WorkshopCaseStudiesView.as_view(),
        name="training_workshop_case_studies",
    ),
    path(W + "/results", apis.WorkshopResultsView.as_view(), name="training_workshop_results"),
    path(W + "/tests/<slug:kind>", apis.QuizView.as_view(), name="training_quiz"),
    path(
        "v1/training/case-studies/",
        apis.CaseStudyListView.as_view(),
        name="training_case_study_list",
    ),
    path("v1/training/exercises/", apis.ExerciseListView.as_view(), name="training_exercise_list"),
    path(
        "v1/training/exercises/<uuid:pk>/",
        apis.ExerciseDetailView.as_view(),
        name="training_exercise_detail",
    ),
]
