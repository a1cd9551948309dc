"""Web routes of the exchange app."""

from django.urls import URLPattern, path

from haven.exchange.views import admin, refer, transfers

app_name = "exchange"

urlpatterns: list[URLPattern] = [
    path("exchange/", transfers.InboxView.as_view(), name="inbox"),
    path("exchange/receive-file/", transfers.UploadView.as_view(), name="upload"),
    path("exchange/referrals/<uuid:pk>/", transfers.TransferDetailView.as_view(), name="transfer"),
    path("exchange/referrals/<uuid:pk>/accept/", transfers.AcceptView.as_view(), name="accept"),
    path("exchange/referrals/<uuid:pk>/decline/", transfers.DeclineView.as_view(), name="decline"),
    path(
        "exchange/referrals/<uuid:pk>/assistance/",
        transfers.ProgressView.as_view(),
        name="assistance",
    ),
    path("exchange/referrals/<uuid:pk>/close/", transfers.CloseView.as_view(), name="close"),
    path(
        "exchange/referrals/<uuid:pk>/withdraw/", transfers.WithdrawView.as_view(), name="withdraw"
    ),
    path("exchange/referrals/<uuid:pk>/erase/", transfers.EraseView.as_view(), name="erase"),
    path(
        "exchange/messages/<uuid:pk>/download/", transfers.DownloadView.as_view(), name="download"
    ),
    path("exchange/refer/<uuid:case>/", refer.ReferView.as_view(), name="refer"),
    path("exchange/match/", refer.MatchListView.as_view(), name="match_list"),
    path("exchange/match/ask/<uuid:case>/", refer.MatchAskView.as_view(), name="match_ask"),
    path("exchange/match/<uuid:pk>/", refer.MatchDetailView.as_view(), name="match_detail"),
    path("exchange/node/", admin.NodeView.as_view(), name="node"),
    path("exchange/node/rotate/", admin.NodeRotateView.as_view(), name="node_rotate"),
    path("exchange/partners/", admin.PartnerListView.as_view(), name="partner_list"),
    path("exchange/partners/new/", admin.PartnerCreateView.as_view(), name="partner_create"),
    path("exchange/partners/<uuid:pk>/", admin.PartnerDetailView.as_view(), name="partner_detail"),
    path("exchange/partners/<uuid:pk>/keys/", admin.PartnerKeysView.as_view(), name="partner_keys"),
    path(
        "exchange/partners/<uuid:pk>/status/",
        admin.PartnerStatusView.as_view(),
        name="partner_status",
    ),
    path("exchange/agreements/", admin.AgreementListView.as_view(), name="agreement_list"),
    path("exchange/agreements/new/", admin.AgreementFormView.as_view(), name="agreement_create"),
    path(
        "exchange/agreements/<uuid:pk>/",
        admin.AgreementDetailView.as_view(),
        name="agreement_detail",
    ),
    path(
        "exchange/agreements/<uuid:pk>/edit/",
        admin.AgreementFormView.as_view(),
        name="agreement_edit",
    ),
]
