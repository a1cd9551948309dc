from django.urls import include, path

urlpatterns = [
    path("", include("haven.web.urls")),
    path("", include("haven.accounts.urls")),
    path("", include("haven.audit.urls")),
    path("", include("haven.cases.urls")),
    path("", include("haven.referrals.urls")),
    path("", include("haven.screening.urls")),
    path("api/", include("haven.api.urls")),
]

handler400 = "haven.web.views.bad_request"
handler403 = "haven.web.views.permission_denied"
handler404 = "haven.web.views.page_not_found"
handler500 = "haven.web.views.server_error"
