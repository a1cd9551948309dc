"""Organisation administrators manage the users of their organisation (system administrators,
of every organisation)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from haven.accounts import policy, selectors, services, twofactor
from haven.accounts.forms import (
    MembershipAddForm,
    RolesForm,
    UserCreateForm,
    UserEditForm,
    UserFilterForm,
)
from haven.accounts.mixins import CapabilityRequiredMixin, paginate
from haven.accounts.models import Organisation, User
from haven.accounts.roles import Cap
from haven.core.forms import add_errors as _form_errors


class UserListView(CapabilityRequiredMixin, View):
    capability = Cap.USERS_MANAGE

    def get(self, request: HttpRequest) -> HttpResponse:
        orgs = selectors.managed_organisations(actor=request.user)
        form = UserFilterForm(request.GET or None, organisations=orgs)
        filters: dict[str, Any] = {}
        if form.is_valid():
            data = form.cleaned_data
            org = data.get("organisation")
            filters = {
                "search": data["q"].strip(),
                "role": data["role"],
                "status": data["status"],
                "organisation_id": org.pk if org else None,
            }
        users = selectors.user_list(actor=request.user, **filters)
        page = paginate(request, users)
        return render(
            request,
            "accounts/user_list.html",
            {
                "form": form,
                "page_obj": page,
                "users": page.object_list,
                "filtered": any(filters.values()),
            },
        )


class UserCreateView(CapabilityRequiredMixin, View):
    capability = Cap.USERS_MANAGE

    def _form(self, request: HttpRequest, data: Any = None) -> UserCreateForm:
        return UserCreateForm(
            data,
            organisations=selectors.managed_organisations(actor=request.user),
            allow_sysadmin=policy.can(request.user, Cap.ORGS_MANAGE),
            initial={"language": request.LANGUAGE_CODE},
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "accounts/user_create.html", {"form": self._form(request)})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self._form(request, request.POST)
        if form.is_valid():
            try:
                invitation = services.user_create(
                    actor=request.user, request=request, **form.cleaned_data
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                return render(
                    request,
                    "accounts/user_created.html",
                    {
                        "invitation": invitation,
                        "link": request.build_absolute_uri(invitation.link_path),
                    },
                )
        return render(request, "accounts/user_create.html", {"form": form})


class UserDetailView(CapabilityRequiredMixin, View):
    capability = Cap.USERS_MANAGE

    def get(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        user = selectors.user_get(actor=request.user, pk=pk)
        sysadmin = policy.can(request.user, Cap.ORGS_MANAGE)
        memberships = [
            (
                m,
                RolesForm(
                    allow_sysadmin=sysadmin, initial={"roles": m.role_codes}, prefix=str(m.pk)
                ),
            )
            for m in user.visible_memberships  # type: ignore[attr-defined]
        ]
        add_form = None
        if sysadmin:
            taken = [m.organisation_id for m in user.memberships.all()]
            add_form = MembershipAddForm(
                organisations=Organisation.objects.filter(is_active=True).exclude(pk__in=taken)
            )
        return render(
            request,
            "accounts/user_detail.html",
            {
                "subject": user,
                "memberships": memberships,
                "add_form": add_form,
                "has_2fa": twofactor.has_device(user),
                "is_self": user.pk == request.user.pk,
            },
        )


class UserEditView(CapabilityRequiredMixin, View):
    capability = Cap.USERS_MANAGE

    def get(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        user = selectors.user_get(actor=request.user, pk=pk)
        form = UserEditForm(
            initial={"full_name": user.full_name, "email": user.email, "language": user.language}
        )
        return render(request, "accounts/user_edit.html", {"form": form, "subject": user})

    def post(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        user = selectors.user_get(actor=request.user, pk=pk)
        form = UserEditForm(request.POST)
        if form.is_valid():
            try:
                services.user_update(
                    actor=request.user, user=user, request=request, **form.cleaned_data
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("The user's details are saved."))
                return redirect("accounts:user_detail", pk=user.pk)
        return render(request, "accounts/user_edit.html", {"form": form, "subject": user})


class MembershipRolesView(CapabilityRequiredMixin, View):
    capability = Cap.USERS_MANAGE

    def post(self, request: HttpRequest, pk: UUID, membership: UUID) -> HttpResponse:
        user = selectors.user_get(actor=request.user, pk=pk)
        m = selectors.membership_get(actor=request.user, pk=membership, user=user)
        form = RolesForm(
            request.POST, allow_sysadmin=policy.can(request.user, Cap.ORGS_MANAGE), prefix=str(m.pk)
        )
        if form.is_valid():
            try:
                services.membership_set_roles(
                    actor=request.user,
                    membership=m,
                    roles=form.cleaned_data["roles"],
                    request=request,
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("The roles are saved."))
        else:
            messages.error(request, _("Choose at least one role."))
        return redirect("accounts:user_detail", pk=user.pk)


class MembershipAddView(CapabilityRequiredMixin, View):
    capability = Cap.ORGS_MANAGE

    def post(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        user = selectors.user_get(actor=request.user, pk=pk)
        taken = [m.organisation_id for m in user.memberships.all()]
        form = MembershipAddForm(
            request.POST,
            organisations=Organisation.objects.filter(is_active=True).exclude(pk__in=taken),
        )
        if form.is_valid():
            try:
                services.membership_add(
                    actor=request.user, user=user, request=request, **form.cleaned_data
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("The user is added to the organisation."))
        else:
            messages.error(request, _("Choose an organisation and at least one role."))
        return redirect("accounts:user_detail", pk=user.pk)


class ConfirmActionView(CapabilityRequiredMixin, View, ABC):
    """GET shows what will happen and asks to confirm; POST does it."""

    capability = Cap.USERS_MANAGE
    template_name = "accounts/confirm.html"

    def target(self, request: HttpRequest, pk: UUID, membership: UUID | None) -> Any:
        user = selectors.user_get(actor=request.user, pk=pk)
        m = (
            selectors.membership_get(actor=request.user, pk=membership, user=user)
            if membership
            else None
        )
        return user, m

    @abstractmethod
    def texts(self, user: User, m: Any) -> dict[str, str]: ...

    @abstractmethod
    def perform(self, request: HttpRequest, user: User, m: Any) -> HttpResponse | None: ...

    def get(self, request: HttpRequest, pk: UUID, membership: UUID | None = None) -> HttpResponse:
        user, m = self.target(request, pk, membership)
        return render(request, self.template_name, {"subject": user, **self.texts(user, m)})

    def post(self, request: HttpRequest, pk: UUID, membership: UUID | None = None) -> HttpResponse:
        user, m = self.target(request, pk, membership)
        try:
            response = self.perform(request, user, m)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            response = None
        return response or redirect("accounts:user_detail", pk=user.pk)


class MembershipDeactivateView(ConfirmActionView):
    def texts(self, user: User, m: Any) -> dict[str, str]:
        return {
            "title": _("Deactivate {user} in {organisation}?").format(
                user=user.username, organisation=m.organisation.display_name
            ),
            "body": _(
                "They lose access to {organisation} at once. If it is their only "
                "organisation, they are signed out everywhere and their API tokens stop "
                "working. Their records and the audit trail stay. You can reactivate "
                "them later."
            ).format(organisation=m.organisation.display_name),
            "button": _("Deactivate"),
            "warning": "1",
        }

    def perform(self, request: HttpRequest, user: User, m: Any) -> HttpResponse | None:
        services.membership_deactivate(actor=request.user, membership=m, request=request)
        messages.success(request, _("The user is deactivated."))
        return None


class MembershipReactivateView(ConfirmActionView):
    def texts(self, user: User, m: Any) -> dict[str, str]:
        return {
            "title": _("Reactivate {user} in {organisation}?").format(
                user=user.username, organisation=m.organisation.display_name
            ),
            "body": _("They can sign in again with the roles they had in this organisation."),
            "button": _("Reactivate"),
        }

    def perform(self, request: HttpRequest, user: User, m: Any) -> HttpResponse | None:
        services.membership_reactivate(actor=request.user, membership=m, request=request)
        messages.success(request, _("The user is active again."))
        return None


class UserPasswordLinkView(ConfirmActionView):
    def texts(self, user: User, m: Any) -> dict[str, str]:
        return {
            "title": _("Issue a set-password link for {user}?").format(user=user.username),
            "body": _(
                "The link lets whoever holds it set this user's password, for three "
                "days or until it is used. It is e-mailed when the user has an address; "
                "otherwise give it to them through a safe channel."
            ),
            "button": _("Issue link"),
        }

    def perform(self, request: HttpRequest, user: User, m: Any) -> HttpResponse | None:
        invitation = services.user_issue_password_link(
            actor=request.user, user=user, request=request
        )
        return render(
            request,
            "accounts/user_created.html",
            {
                "invitation": invitation,
                "link": request.build_absolute_uri(invitation.link_path),
                "reissued": True,
            },
        )


class UserResetTwoFactorView(ConfirmActionView):
    def texts(self, user: User, m: Any) -> dict[str, str]:
        return {
            "title": _("Reset two-factor authentication for {user}?").format(user=user.username),
            "body": _(
                "Their authenticator app and backup codes stop working. Do this only "
                "when you have confirmed who is asking, for example for a lost phone. "
                "They set up a new authenticator at their next sign-in."
            ),
            "button": _("Reset two-factor authentication"),
            "warning": "1",
        }

    def perform(self, request: HttpRequest, user: User, m: Any) -> HttpResponse | None:
        twofactor.reset_for(actor=request.user, user=user, request=request)
        messages.success(request, _("Two-factor authentication is reset."))
        return None
