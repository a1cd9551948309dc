"""Sign-in (with the second factor), sign-out, passwords, language and own preferences."""

from __future__ import annotations

import time
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_otp import login as otp_login

from haven.accounts import services, twofactor
from haven.accounts.forms import LoginForm, PreferencesForm, TokenForm
from haven.accounts.models import User

PENDING_KEY = "haven_pending_user"
PENDING_SECONDS = 300
BACKEND = "django.contrib.auth.backends.ModelBackend"


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


def _finish_login(request: HttpRequest, user: User, device: Any = None) -> HttpResponse:
    auth_login(request, user, backend=BACKEND)
    if device is not None:
        otp_login(request, device)
    response = HttpResponseRedirect(_safe_next(request, reverse(settings.LOGIN_REDIRECT_URL)))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        user.language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
    )
    return response


class LoginView(View):
    template_name = "accounts/login.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            return redirect(settings.LOGIN_REDIRECT_URL)
        return render(
            request,
            self.template_name,
            {"form": LoginForm(request), "next": _safe_next(request, "")},
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        form = LoginForm(request, data=request.POST)
        if not form.is_valid():
            return render(
                request, self.template_name, {"form": form, "next": _safe_next(request, "")}
            )
        user = form.get_user()
        if twofactor.has_device(user):
            request.session.cycle_key()
            request.session[PENDING_KEY] = {
                "user": str(user.pk),
                "at": time.time(),
                "next": _safe_next(request, ""),
            }
            return redirect("accounts:login_verify")
        return _finish_login(request, user)


class LoginVerifyView(View):
    """Second step: a code from the authenticator app (or a backup code)."""

    template_name = "accounts/login_verify.html"

    def _pending(self, request: HttpRequest) -> User | None:
        pending = request.session.get(PENDING_KEY)
        if not pending or time.time() - pending["at"] > PENDING_SECONDS:
            return None
        return User.objects.filter(pk=pending["user"], is_active=True).first()

    def get(self, request: HttpRequest) -> HttpResponse:
        if self._pending(request) is None:
            messages.info(request, _("Please sign in again."))
            return redirect("accounts:login")
        return render(request, self.template_name, {"form": TokenForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        user = self._pending(request)
        if user is None:
            messages.info(request, _("That took too long. Please sign in again."))
            return redirect("accounts:login")
        form = TokenForm(request.POST)
        if form.is_valid():
            device = twofactor.verify(user, form.cleaned_data["token"], request=request)
            if device is not None:
                next_url = request.session.pop(PENDING_KEY, {}).get("next", "")
                response = _finish_login(request, user, device)
                if next_url:
                    response["Location"] = next_url
                return response
            form.add_error(
                "token",
                _(
                    "That code is not right, or too many wrong codes were "
                    "entered: wait a little and use the newest code."
                ),
            )
        return render(request, self.template_name, {"form": form})


def locked_out(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """django-axes calls this when an account is locked after repeated failed sign-ins."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "Too many failed sign-ins. Try again in {minutes} minutes, or ask your administrator."
    ).format(minutes=minutes)
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"type": "about:blank", "title": _("Locked out"), "status": 429, "detail": message},
            status=429,
            content_type="application/problem+json",
        )
    return render(request, "accounts/locked_out.html", {"message": message}, status=429)


class LogoutView(auth_views.LogoutView):
    template_name = "accounts/logged_out.html"


class LanguageView(View):
    """The language switcher: remembered in a cookie, and on the user's profile."""

    def post(self, request: HttpRequest) -> HttpResponse:
        language = request.POST.get("language", "")
        if language not in dict(settings.LANGUAGES):
            return redirect(_safe_next(request, "/"))
        if request.user.is_authenticated:
            services.user_set_language(actor=request.user, language=language, request=request)
        response = redirect(_safe_next(request, "/"))
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=settings.LANGUAGE_COOKIE_SECURE,
        )
        return response


class PreferencesView(LoginRequiredMixin, View):
    template_name = "accounts/preferences.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        user = cast(User, request.user)
        initial = {
            "full_name": user.full_name,
            "language": user.language,
            "time_zone": user.time_zone,
        }
        return self._render(request, PreferencesForm(initial=initial))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = PreferencesForm(request.POST)
        if form.is_valid():
            services.user_set_preferences(actor=request.user, request=request, **form.cleaned_data)  # type: ignore[arg-type]
            messages.success(request, _("Your preferences are saved."))
            response = redirect("accounts:preferences")
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                form.cleaned_data["language"],
                max_age=settings.LANGUAGE_COOKIE_AGE,
                httponly=True,
                samesite="Lax",
                secure=settings.LANGUAGE_COOKIE_SECURE,
            )
            return response
        return self._render(request, form)

    def _render(self, request: HttpRequest, form: PreferencesForm) -> HttpResponse:
        from haven.accounts.selectors import own_memberships

        context = {
            "form": form,
            "memberships": own_memberships(user=request.user),  # type: ignore[arg-type]
            "has_2fa": twofactor.has_device(request.user),  # type: ignore[arg-type]
        }
        return render(request, self.template_name, context)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:preferences")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.password_changed(actor=self.request.user, request=self.request)  # type: ignore[arg-type]
        messages.success(self.request, _("Your password is changed."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordSetView(auth_views.PasswordResetConfirmView):
    """Set a password from an invitation or reset link."""

    template_name = "accounts/password_set.html"
    success_url = reverse_lazy("accounts:login")
    title = gettext_lazy("Set your password")

    def dispatch(self, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = super().dispatch(*args, **kwargs)
        user = getattr(self, "user", None)
        if user is not None and not self.request.user.is_authenticated:
            # The page speaks the language chosen for the person, like their invitation did.
            translation.activate(user.language)
            self.request.LANGUAGE_CODE = user.language
        return response

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.password_changed(actor=form.user, request=self.request, by_link=True)
        messages.success(self.request, _("Your password is set. You can sign in now."))
        return response


class TwoFactorView(LoginRequiredMixin, View):
    """Status, set-up (QR code + confirmation) and backup codes of the authenticator."""

    template_name = "accounts/two_factor.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        if twofactor.has_device(user):
            return render(
                request,
                self.template_name,
                {
                    "enabled": True,
                    "required": twofactor.required_for(user),
                    "verified": request.user.is_verified(),  # type: ignore[union-attr]
                },
            )
        return self._setup(request, TokenForm())

    def _setup(self, request: HttpRequest, form: TokenForm) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        device = twofactor.enrol_start(actor=user)
        return render(
            request,
            self.template_name,
            {
                "enabled": False,
                "form": form,
                "qr": twofactor.qr_svg(device),
                "secret": twofactor.secret_text(device),
                "required": twofactor.required_for(user),
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        form = TokenForm(request.POST)
        if not form.is_valid():
            return self._setup(request, form)
        device = twofactor.enrol_start(actor=user)
        try:
            codes = twofactor.enrol_confirm(
                actor=user, device=device, token=form.cleaned_data["token"], request=request
            )
        except ValidationError as exc:
            form.add_error("token", exc.message_dict.get("token", exc.messages))
            return self._setup(request, form)
        otp_login(request, device)
        return render(request, "accounts/two_factor_done.html", {"codes": codes})


class TwoFactorDisableView(LoginRequiredMixin, View):
    template_name = "accounts/two_factor_disable.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            self.template_name,
            {
                "required": twofactor.required_for(request.user)  # type: ignore[arg-type]
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            twofactor.disable(actor=request.user, request=request)  # type: ignore[arg-type]
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("accounts:two_factor")
        messages.success(request, _("Two-factor authentication is off."))
        return redirect("accounts:two_factor")
