from django.urls import path

from haven.screening.views import interview, lists, result

app_name = "screening"

urlpatterns = [
    path("screenings/", lists.ScreeningListView.as_view(), name="list"),
    path("screenings/start/", interview.StartView.as_view(), name="start"),
    path("screenings/<uuid:pk>/", interview.ResumeView.as_view(), name="resume"),
    path("screenings/<uuid:pk>/step/<slug:step>/", interview.StepView.as_view(), name="step"),
    path("screenings/<uuid:pk>/check/", interview.CheckView.as_view(), name="check"),
    path("screenings/<uuid:pk>/result/", result.ResultView.as_view(), name="result"),
    path("screenings/<uuid:pk>/register/", result.RegisterCaseView.as_view(), name="register_case"),
    path("screenings/<uuid:pk>/no-referral/", result.NoReferralView.as_view(), name="no_referral"),
    path("screenings/<uuid:pk>/continue/", result.ContinueFullView.as_view(), name="continue_full"),
]
