"""``/api/v1/`` routes (each app keeps its own ``apis.py``), the schema and local docs."""

from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from haven.accounts import apis as accounts
from haven.audit import apis as audit

app_name = "api"

urlpatterns = [
    path("v1/auth/token", accounts.TokenView.as_view(), name="token"),
    path("v1/me", accounts.MeView.as_view(), name="me"),
    path("v1/organisations/", accounts.OrganisationListView.as_view(), name="organisation_list"),
    path(
        "v1/organisations/<uuid:pk>/",
        accounts.OrganisationDetailView.as_view(),
        name="organisation_detail",
    ),
    path("v1/users/", accounts.UserListView.as_view(), name="user_list"),
    path("v1/users/<uuid:pk>/", accounts.UserDetailView.as_view(), name="user_detail"),
    path(
        "v1/users/<uuid:pk>/password-link",
        accounts.UserPasswordLinkView.as_view(),
        name="user_password_link",
    ),
    path(
        "v1/users/<uuid:pk>/memberships/<uuid:membership>/roles",
        accounts.MembershipRolesView.as_view(),
        name="membership_roles",
    ),
    path(
        "v1/users/<uuid:pk>/memberships/<uuid:membership>/deactivate",
        accounts.MembershipActivationView.as_view(activate=False),
        name="membership_deactivate",
    ),
    path(
        "v1/users/<uuid:pk>/memberships/<uuid:membership>/reactivate",
        accounts.MembershipActivationView.as_view(activate=True),
        name="membership_reactivate",
    ),
    path("v1/audit-events/", audit.AuditEventListView.as_view(), name="audit_event_list"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI sets inline styles: allowed on this one page only.
    path(
        "docs/",
        csp_update({"style-src": ["'unsafe-inline'"]})(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema")
        ),
        name="docs",
    ),
]
