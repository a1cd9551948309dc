"""Referrals received (the inbox), the referral page and its steps: accept, decline,
complete (receiving side) and withdraw (sending side).

Pages get projections only (``selectors.shared_view``, ``projection.summary``), never the
case or the referral model, so nothing outside the shared scope can reach a template.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from haven.accounts.mixins import CapabilityRequiredMixin, paginate
from haven.accounts.roles import Cap
from haven.referrals import selectors, services
from haven.referrals.forms import InboxFilterForm, ReasonForm
from haven.referrals.models import Referral
from haven.referrals.projection import Summary, summary
from haven.referrals.vocab import SCOPE_EXPLANATIONS, Scope, Status

EITHER_SIDE = (Cap.REFERRAL_SEND, Cap.REFERRAL_ANSWER)


class InboxView(CapabilityRequiredMixin, View):
    capability = Cap.REFERRAL_ANSWER

    def get(self, request: HttpRequest) -> HttpResponse:
        form = InboxFilterForm(request.GET or None)
        filters = form.filters()
        page = paginate(request, selectors.inbox(actor=request.user, **filters))
        waiting, overdue = selectors.waiting_counts(actor=request.user)
        return render(
            request,
            "referrals/inbox.html",
            {
                "form": form,
                "page_obj": page,
                "rows": selectors.summarise(page.object_list),
                "filtered": any(filters.values()),
                "waiting": waiting,
                "overdue": overdue,
            },
        )


class ReferralDetailView(CapabilityRequiredMixin, View):
    capability = EITHER_SIDE

    def get(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        referral = selectors.referral_get(actor=request.user, pk=pk)
        shared = selectors.shared_view(actor=request.user, referral=referral, request=request)
        receiving = selectors.is_receiver(request.user, referral)
        sending = selectors.is_sender(request.user, referral)
        status = referral.status
        return render(
            request,
            "referrals/detail.html",
            {
                "shared": shared,
                "r": shared.referral,
                "receiving": receiving,
                "sending": sending,
                "case_url": reverse("cases:detail", kwargs={"pk": referral.case_id})
                if sending
                else "",
                "can_answer": receiving and status == Status.SENT,
                "can_complete": receiving and status == Status.ACCEPTED,
                "can_withdraw": sending and status in (Status.SENT, Status.ACCEPTED),
                "scopes": [
                    (Scope(s).label, SCOPE_EXPLANATIONS[Scope(s)]) for s in shared.agreed_scopes
                ],
            },
        )


class DocumentView(CapabilityRequiredMixin, View):
    capability = EITHER_SIDE

    def get(self, request: HttpRequest, pk: UUID, document: UUID) -> HttpResponse:
        referral = selectors.referral_get(actor=request.user, pk=pk)
        item, content = selectors.shared_document(
            actor=request.user, referral=referral, pk=document, request=request
        )
        response = HttpResponse(content, content_type=item.content_type)
        extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
        response["Content-Disposition"] = (
            f'attachment; filename="referral-{item.kind}.{extension.get(item.content_type, "bin")}"'
        )
        response["Cache-Control"] = "no-store"
        return response


class StepView(CapabilityRequiredMixin, View, ABC):
    """GET says what will happen and asks to confirm (with a reason when needed); POST does
    it and returns to the referral page."""

    capability: Cap = Cap.REFERRAL_ANSWER
    side_check = staticmethod(selectors.is_receiver)
    needs_reason = False

    @abstractmethod
    def texts(self, item: Summary) -> dict[str, Any]: ...

    @abstractmethod
    def perform(self, request: HttpRequest, referral: Referral, reason: str) -> None: ...

    def _referral(self, request: HttpRequest, pk: UUID) -> tuple[Referral, Summary]:
        referral = selectors.referral_get(actor=request.user, pk=pk)
        if not self.side_check(request.user, referral):
            raise PermissionDenied
        return referral, summary(referral, reference=referral.case.reference)

    def _render(self, request: HttpRequest, item: Summary, form: Any) -> HttpResponse:
        return render(
            request,
            "referrals/confirm.html",
            {"r": item, "form": form, **self.texts(item)},
        )

    def get(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        _referral, item = self._referral(request, pk)
        form = self.reason_form() if self.needs_reason else None
        return self._render(request, item, form)

    def reason_form(self, data: Any = None) -> ReasonForm:
        return ReasonForm(data)

    def post(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        referral, item = self._referral(request, pk)
        form = self.reason_form(request.POST) if self.needs_reason else None
        if form is not None and not form.is_valid():
            return self._render(request, item, form)
        try:
            self.perform(request, referral, form.cleaned_data["reason"] if form else "")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("referrals:detail", pk=referral.pk)


class AcceptView(StepView):
    def texts(self, item: Summary) -> dict[str, Any]:
        return {
            "title": _("Accept the referral from {organisation}?").format(
                organisation=item.from_organisation
            ),
            "body": _(
                "Your organisation takes on the services requested for case {reference}. "
                "{organisation} is told at once, and you can then read the data they chose to "
                "share, for as long as the person's consent is in force."
            ).format(reference=item.reference, organisation=item.from_organisation),
            "button": _("Accept referral"),
        }

    def perform(self, request: HttpRequest, referral: Referral, reason: str) -> None:
        services.referral_accept(actor=request.user, referral=referral, request=request)
        messages.success(request, _("The referral is accepted."))


class DeclineView(StepView):
    needs_reason = True

    def reason_form(self, data: Any = None) -> ReasonForm:
        return ReasonForm(
            data,
            label=_("Why can your organisation not take this referral?"),
            help_text=_("The sending organisation reads this. Do not write the person's details."),
        )

    def texts(self, item: Summary) -> dict[str, Any]:
        return {
            "title": _("Decline the referral from {organisation}?").format(
                organisation=item.from_organisation
            ),
            "body": _(
                "{organisation} is told that you cannot help with case {reference}, with your "
                "reason, so that they can refer the person elsewhere. This cannot be undone."
            ).format(reference=item.reference, organisation=item.from_organisation),
            "button": _("Decline referral"),
            "warning": True,
        }

    def perform(self, request: HttpRequest, referral: Referral, reason: str) -> None:
        services.referral_decline(
            actor=request.user, referral=referral, reason=reason, request=request
        )
        messages.success(request, _("The referral is declined."))


class CompleteView(StepView):
    def texts(self, item: Summary) -> dict[str, Any]:
        return {
            "title": _("Mark the referral of case {reference} as completed?").format(
                reference=item.reference
            ),
            "body": _(
                "Do this when your organisation has provided the services requested. "
                "{organisation} is told."
            ).format(organisation=item.from_organisation),
            "button": _("Mark as completed"),
        }

    def perform(self, request: HttpRequest, referral: Referral, reason: str) -> None:
        services.referral_complete(actor=request.user, referral=referral, request=request)
        messages.success(request, _("The referral is completed."))


class WithdrawView(StepView):
    capability = Cap.REFERRAL_SEND
    side_check = staticmethod(selectors.is_sender)
    needs_reason = True

    def reason_form(self, data: Any = None) -> ReasonForm:
        return ReasonForm(
            data,
            label=_("Why are you withdrawing the referral?"),
            help_text=_(
                "The receiving organisation reads this. Do not write the person's details."
            ),
        )

    def texts(self, item: Summary) -> dict[str, Any]:
        return {
            "title": _("Withdraw the referral to {organisation}?").format(
                organisation=item.to_organisation
            ),
            "body": _(
                "{organisation} is told at once and can no longer read anything beyond the "
                "basic details of case {reference}. This cannot be undone: to refer again, "
                "send a new referral."
            ).format(reference=item.reference, organisation=item.to_organisation),
            "button": _("Withdraw referral"),
            "warning": True,
        }

    def perform(self, request: HttpRequest, referral: Referral, reason: str) -> None:
        services.referral_withdraw(
            actor=request.user, referral=referral, reason=reason, request=request
        )
        messages.success(request, _("The referral is withdrawn."))
