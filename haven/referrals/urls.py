from django.urls import path

from haven.referrals.views import directory, inbox, refer

app_name = "referrals"

urlpatterns = [
    path("referrals/", inbox.InboxView.as_view(), name="inbox"),
    path("referrals/refer/<uuid:case>/", refer.ReferView.as_view(), name="refer"),
    path("referrals/<uuid:pk>/", inbox.ReferralDetailView.as_view(), name="detail"),
    path("referrals/<uuid:pk>/accept/", inbox.AcceptView.as_view(), name="accept"),
    path("referrals/<uuid:pk>/decline/", inbox.DeclineView.as_view(), name="decline"),
    path("referrals/<uuid:pk>/complete/", inbox.CompleteView.as_view(), name="complete"),
    path("referrals/<uuid:pk>/withdraw/", inbox.WithdrawView.as_view(), name="withdraw"),
    path(
        "referrals/<uuid:pk>/documents/<uuid:document>/",
        inbox.DocumentView.as_view(),
        name="document",
    ),
    path("services/", directory.DirectoryView.as_view(), name="directory"),
    path("services/ours/", directory.ServiceListView.as_view(), name="service_list"),
    path("services/new/", directory.ServiceCreateView.as_view(), name="service_create"),
    path("services/<uuid:pk>/edit/", directory.ServiceEditView.as_view(), name="service_edit"),
]
