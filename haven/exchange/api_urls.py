"""``/api/v1/`` routes of the exchange app (names live in the ``api`` namespace)."""

from django.urls import URLPattern, path

from haven.exchange.apis import node, work

urlpatterns: list[URLPattern] = [
    path("v1/exchange/jwks", node.JwksView.as_view(), name="exchange_jwks"),
    path("v1/exchange/inbox", node.InboxView.as_view(), name="exchange_inbox"),
    path("v1/exchange/node", node.NodeView.as_view(), name="exchange_node"),
    path("v1/exchange/node/rotate", node.NodeRotateView.as_view(), name="exchange_node_rotate"),
    path("v1/exchange/partners/", node.PartnerListView.as_view(), name="exchange_partner_list"),
    path(
        "v1/exchange/partners/<uuid:pk>/",
        node.PartnerDetailView.as_view(),
        name="exchange_partner_detail",
    ),
    path(
        "v1/exchange/partners/<uuid:pk>/keys",
        node.PartnerKeysView.as_view(),
        name="exchange_partner_keys",
    ),
    path(
        "v1/exchange/agreements/",
        node.AgreementListView.as_view(),
        name="exchange_agreement_list",
    ),
    path(
        "v1/exchange/agreements/<uuid:pk>/",
        node.AgreementDetailView.as_view(),
        name="exchange_agreement_detail",
    ),
    path("v1/exchange/referrals/", work.TransferListView.as_view(), name="exchange_transfer_list"),
    path(
        "v1/exchange/referrals/<uuid:pk>/",
        work.TransferDetailView.as_view(),
        name="exchange_transfer_detail",
    ),
    path(
        "v1/exchange/referrals/<uuid:pk>/accept",
        work.TransferAcceptView.as_view(),
        name="exchange_transfer_accept",
    ),
    path(
        "v1/exchange/referrals/<uuid:pk>/decline",
        work.TransferDeclineView.as_view(),
        name="exchange_transfer_decline",
    ),
    path(
        "v1/exchange/referrals/<uuid:pk>/progress",
        work.TransferProgressView.as_view(),
        name="exchange_transfer_progress",
    ),
    path(
        "v1/exchange/referrals/<uuid:pk>/withdraw",
        work.TransferWithdrawView.as_view(),
        name="exchange_transfer_withdraw",
    ),
    path(
        "v1/exchange/referrals/<uuid:pk>/erase",
        work.TransferEraseView.as_view(),
        name="exchange_transfer_erase",
    ),
    path(
        "v1/exchange/messages/<uuid:pk>",
        work.MessageDownloadView.as_view(),
        name="exchange_message",
    ),
    path("v1/exchange/match/", work.MatchListView.as_view(), name="exchange_match_list"),
    path(
        "v1/exchange/match/<uuid:pk>/",
        work.MatchDetailView.as_view(),
        name="exchange_match_detail",
    ),
]
