"""``/api/v1/`` routes (each app keeps its own ``apis.py``), the schema and local docs."""

from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from haven.accounts import apis as accounts
from haven.audit import apis as audit
from haven.cases import apis as cases
from haven.exchange import api_urls as exchange_urls
from haven.referrals import apis as referrals
from haven.screening import apis as screening
from haven.screening import apis_stored as screenings
from haven.shelters import api_urls as shelters_urls
from haven.stats import api_urls as stats_urls
from haven.training import api_urls as training_urls

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
    path("v1/screening/evaluate", screening.EvaluateView.as_view(), name="screening_evaluate"),
    path("v1/screenings/", screenings.ScreeningListView.as_view(), name="screening_list"),
    path(
        "v1/screenings/<uuid:pk>/",
        screenings.ScreeningDetailView.as_view(),
        name="screening_detail",
    ),
    path("v1/cases/", cases.CaseListView.as_view(), name="case_list"),
    path("v1/cases/search", cases.CaseSearchView.as_view(), name="case_search"),
    path("v1/cases/export", cases.HtcdsExportView.as_view(), name="case_export"),
    path("v1/cases/import", cases.HtcdsImportView.as_view(), name="case_import"),
    path(
        "v1/cases/duplicate-check",
        cases.CaseDuplicateCheckView.as_view(),
        name="case_duplicate_check",
    ),
    path("v1/cases/<uuid:pk>/", cases.CaseDetailView.as_view(), name="case_detail"),
    path("v1/cases/<uuid:pk>/person", cases.CasePersonView.as_view(), name="case_person"),
    path(
        "v1/cases/<uuid:pk>/transition",
        cases.CaseTransitionView.as_view(),
        name="case_transition",
    ),
    path("v1/cases/<uuid:pk>/consents", cases.CaseConsentsView.as_view(), name="case_consents"),
    path("v1/cases/<uuid:pk>/erase", cases.CaseEraseView.as_view(), name="case_erase"),
    path("v1/retention-rules/", cases.RetentionRuleListView.as_view(), name="retention_rules"),
    path(
        "v1/retention-rules/<uuid:pk>",
        cases.RetentionRuleView.as_view(),
        name="retention_rule",
    ),
    path(
        "v1/cases/<uuid:pk>/assessments",
        cases.CaseAssessmentsView.as_view(),
        name="case_assessments",
    ),
    path("v1/cases/<uuid:pk>/plans", cases.CasePlansView.as_view(), name="case_plans"),
    path("v1/cases/<uuid:pk>/services", cases.CaseServicesView.as_view(), name="case_services"),
    path("v1/cases/<uuid:pk>/events", cases.CaseEventsView.as_view(), name="case_events"),
    path(
        "v1/cases/<uuid:pk>/proceedings",
        cases.CaseProceedingsView.as_view(),
        name="case_proceedings",
    ),
    path("v1/cases/<uuid:pk>/tasks", cases.CaseTasksView.as_view(), name="case_tasks"),
    path("v1/cases/<uuid:pk>/notes", cases.CaseNotesView.as_view(), name="case_notes"),
    path(
        "v1/cases/<uuid:pk>/documents",
        cases.CaseDocumentsView.as_view(),
        name="case_documents",
    ),
    path(
        "v1/cases/<uuid:pk>/documents/<uuid:document>",
        cases.CaseDocumentDownloadView.as_view(),
        name="case_document",
    ),
    path("v1/tasks/", cases.MyTaskListView.as_view(), name="task_list"),
    path("v1/tasks/<uuid:pk>/done", cases.TaskDoneView.as_view(), name="task_done"),
    path("v1/services/", referrals.ServiceListView.as_view(), name="service_list"),
    path("v1/services/<uuid:pk>/", referrals.ServiceDetailView.as_view(), name="service_detail"),
    path("v1/referrals/", referrals.ReferralListView.as_view(), name="referral_list"),
    path("v1/referrals/<uuid:pk>/", referrals.ReferralDetailView.as_view(), name="referral_detail"),
    path(
        "v1/referrals/<uuid:pk>/accept",
        referrals.ReferralAcceptView.as_view(),
        name="referral_accept",
    ),
    path(
        "v1/referrals/<uuid:pk>/decline",
        referrals.ReferralDeclineView.as_view(),
        name="referral_decline",
    ),
    path(
        "v1/referrals/<uuid:pk>/complete",
        referrals.ReferralCompleteView.as_view(),
        name="referral_complete",
    ),
    path(
        "v1/referrals/<uuid:pk>/withdraw",
        referrals.ReferralWithdrawView.as_view(),
        name="referral_withdraw",
    ),
    # Later apps keep their routes in their own ``api_urls.py``.
    *shelters_urls.urlpatterns,
    *exchange_urls.urlpatterns,
    *stats_urls.urlpatterns,
    *training_urls.urlpatterns,
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
