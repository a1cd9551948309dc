from django.urls import path

from haven.accounts.views import auth, organisations, users

app_name = "accounts"

urlpatterns = [
    path("account/login/", auth.LoginView.as_view(), name="login"),
    path("account/login/verify/", auth.LoginVerifyView.as_view(), name="login_verify"),
    path("account/logout/", auth.LogoutView.as_view(), name="logout"),
    path("account/language/", auth.LanguageView.as_view(), name="language"),
    path("account/", auth.PreferencesView.as_view(), name="preferences"),
    path("account/password/", auth.PasswordChangeView.as_view(), name="password_change"),
    path("account/password/reset/", auth.PasswordResetView.as_view(), name="password_reset"),
    path(
        "account/password/reset/sent/",
        auth.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "account/password/set/<uidb64>/<token>/",
        auth.PasswordSetView.as_view(),
        name="password_set",
    ),
    path("account/two-factor/", auth.TwoFactorView.as_view(), name="two_factor"),
    path(
        "account/two-factor/disable/",
        auth.TwoFactorDisableView.as_view(),
        name="two_factor_disable",
    ),
    path("users/", users.UserListView.as_view(), name="user_list"),
    path("users/new/", users.UserCreateView.as_view(), name="user_create"),
    path("users/<uuid:pk>/", users.UserDetailView.as_view(), name="user_detail"),
    path("users/<uuid:pk>/edit/", users.UserEditView.as_view(), name="user_edit"),
    path(
        "users/<uuid:pk>/password-link/",
        users.UserPasswordLinkView.as_view(),
        name="user_password_link",
    ),
    path(
        "users/<uuid:pk>/reset-two-factor/",
        users.UserResetTwoFactorView.as_view(),
        name="user_reset_two_factor",
    ),
    path(
        "users/<uuid:pk>/memberships/new/", users.MembershipAddView.as_view(), name="membership_add"
    ),
    path(
        "users/<uuid:pk>/memberships/<uuid:membership>/roles/",
        users.MembershipRolesView.as_view(),
        name="membership_roles",
    ),
    path(
        "users/<uuid:pk>/memberships/<uuid:membership>/deactivate/",
        users.MembershipDeactivateView.as_view(),
        name="membership_deactivate",
    ),
    path(
        "users/<uuid:pk>/memberships/<uuid:membership>/reactivate/",
        users.MembershipReactivateView.as_view(),
        name="membership_reactivate",
    ),
    path("organisations/", organisations.OrganisationListView.as_view(), name="organisation_list"),
    path(
        "organisations/new/",
        organisations.OrganisationCreateView.as_view(),
        name="organisation_create",
    ),
    path(
        "organisations/<uuid:pk>/",
        organisations.OrganisationDetailView.as_view(),
        name="organisation_detail",
    ),
    path(
        "organisations/<uuid:pk>/edit/",
        organisations.OrganisationEditView.as_view(),
        name="organisation_edit",
    ),
]
