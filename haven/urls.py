from django.urls import include, path

urlpatterns = [
    path("", include("haven.web.urls")),
    path("", include("haven.accounts.urls")),
    path("", include("haven.audit.urls")),
    path("", include("haven.cases.urls")),
    path("", include("haven.referrals.urls")),
    path("", include("haven.screening.urls")),
    path("", include("haven.shelters.urls")),
    path("", include("haven.exchange.urls")),
    path("", include("haven.stats.urls")),
    path("", include("haven.training.urls")),
    path("", include("haven.ops.urls")),
    path("api/", include("haven.api.urls")),
]

handler400 = "haven.web.views.bad_request"
handler403 = "haven.web.views.permission_denied"
handler404 = "haven.web.views.page_not_found"
handler500 = "haven.web.views.server_error"
