"""Coordinators' referrals abroad: the list (sent and received), a referral's page, the
receiving side's answers (accept, decline, assistance started, close, erase), the sending
side's withdrawal, messages as files for air-gapped partners, and files received."""

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

from haven.accounts.mixins import CapabilityRequiredMixin, paginate
from haven.accounts.roles import Cap
from haven.core.forms import add_errors
from haven.exchange import payload, selectors, services
from haven.exchange.forms import InboxFilterForm, ReasonForm, UploadForm
from haven.exchange.models import Transfer
from haven.exchange.vocab import (
    IDENTITY_FIELDS,
    RECEIVER_MOVES,
    WITHDRAWABLE,
    Delivery,
    Direction,
    Field,
    Status,
)

REFER = Cap.EXCHANGE_REFER


class InboxView(CapabilityRequiredMixin, View):
    capability = REFER

    def get(self, request: HttpRequest) -> HttpResponse:
        form = InboxFilterForm(request.GET or None)
        filters = form.filters()
        page = paginate(request, selectors.transfer_list(actor=request.user, **filters))
        waiting, erasures = selectors.waiting_counts(actor=request.user)
        return render(
            request,
            "exchange/inbox.html",
            {
                "form": form,
                "page_obj": page,
                "filtered": any(filters.values()),
                "waiting": waiting,
                "erasures": erasures,
            },
        )


class UploadView(CapabilityRequiredMixin, View):
    """A message file from an air-gapped partner: checked exactly like the network inbox."""

    capability = REFER

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "exchange/upload.html", {"form": UploadForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                outcome = services.receive(form.cleaned_data["envelope"], request=request)
            except services.RejectedError as exc:
                services.record_rejection(exc, request=request, via="file")
                form.add_error(
                    "envelope",
                    _("The message is refused ({code}): {detail}").format(
                        code=exc.code, detail=exc.detail
                    ),
                )
            else:
                messages.success(request, _("The message is received and checked."))
                transfer = outcome.transfer
                if (
                    transfer is not None
                    and selectors.visible_transfers(request.user).filter(pk=transfer.pk).exists()
                ):
                    return redirect("exchange:transfer", pk=transfer.pk)
                return redirect("exchange:inbox")
        return render(request, "exchange/upload.html", {"form": form})


class TransferDetailView(CapabilityRequiredMixin, View):
    capability = REFER

    def get(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        transfer = selectors.transfer_get(actor=request.user, pk=pk)
        incoming = transfer.direction == Direction.IN
        moves = RECEIVER_MOVES.get(Status(transfer.status), ()) if incoming else ()
        labels = dict(Field.choices)
        return render(
            request,
            "exchange/transfer_detail.html",
            {
                "t": transfer,
                "incoming": incoming,
                "data": selectors.received_data(
                    actor=request.user, transfer=transfer, request=request
                ),
                "fields": [labels.get(code, code) for code in transfer.fields],
                "log": selectors.messages_of(actor=request.user, transfer=transfer),
                "can_answer": Status.ACCEPTED in moves,
                "can_start": Status.ASSISTANCE in moves,
                "can_close": Status.CLOSED in moves,
                "can_erase": incoming and transfer.erasure_pending,
                "can_withdraw": not incoming and transfer.status in WITHDRAWABLE,
                "downloadable": (
                    Delivery.FILE,
                    Delivery.PENDING,
                    Delivery.RETRYING,
                    Delivery.FAILED,
                ),
            },
        )


class DownloadView(CapabilityRequiredMixin, View):
    capability = REFER

    def get(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        message = selectors.message_get(actor=request.user, pk=pk)
        if not message.envelope:
            messages.error(request, _("This message is no longer kept."))
            return redirect("exchange:inbox")
        services.mark_downloaded(actor=request.user, message=message, request=request)
        response = HttpResponse(message.envelope, content_type="application/jose")
        response["Content-Disposition"] = (
            f'attachment; filename="haven-{message.type}-{message.jti[:8]}.jwe"'
        )
        response["Cache-Control"] = "no-store"
        return response


class StepView(CapabilityRequiredMixin, View, ABC):
    """GET says exactly what will happen (and asks a reason when needed); POST does it."""

    capability = REFER
    needs_reason = False

    @abstractmethod
    def texts(self, transfer: Transfer) -> dict[str, Any]: ...

    @abstractmethod
    def perform(self, request: HttpRequest, transfer: Transfer, reason: str) -> None: ...

    def _render(self, request: HttpRequest, transfer: Transfer, form: Any) -> HttpResponse:
        return render(
            request,
            "exchange/confirm.html",
            {
                "form": form,
                "back": "exchange:transfer",
                "back_url": transfer.pk,
                "caption": _("Referral abroad {reference}").format(
                    reference=transfer.case_reference or transfer.remote_reference
                ),
                **self.texts(transfer),
            },
        )

    def get(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        transfer = selectors.transfer_get(actor=request.user, pk=pk)
        return self._render(request, transfer, ReasonForm() if self.needs_reason else None)

    def post(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        transfer = selectors.transfer_get(actor=request.user, pk=pk)
        form = ReasonForm(request.POST) if self.needs_reason else None
        if form is not None and not form.is_valid():
            return self._render(request, transfer, form)
        try:
            self.perform(request, transfer, form.cleaned_data["reason"] if form else "")
        except ValidationError as exc:
            if form is None:
                for text in exc.messages:
                    messages.error(request, text)
                return redirect("exchange:transfer", pk=transfer.pk)
            add_errors(form, exc)
            return self._render(request, transfer, form)
        return redirect("exchange:transfer", pk=transfer.pk)


class AcceptView(StepView):
    def texts(self, transfer: Transfer) -> dict[str, Any]:
        rows = payload.rows(transfer.payload or {})
        return {
            "title": _("Accept the referral from {organisation}?").format(
                organisation=transfer.remote_organisation_name
            ),
            "body": _(
                "A new case opens in {organisation} with the data received ({fields}). It "
                "records that it came from {partner} under agreement {code}. {partner} is told "
                "that you accepted."
            ).format(
                organisation=transfer.organisation.display_name,
                fields=", ".join(r.label for r in rows) or "–",
                partner=transfer.partner.name,
                code=transfer.agreement.code,
            ),
            "button": _("Accept and open a case"),
        }

    def perform(self, request: HttpRequest, transfer: Transfer, reason: str) -> None:
        accepted = services.transfer_accept(actor=request.user, transfer=transfer, request=request)
        messages.success(
            request,
            _("The referral is accepted: case {reference} is open.").format(
                reference=accepted.case_reference
            ),
        )


class DeclineView(StepView):
    needs_reason = True

    def texts(self, transfer: Transfer) -> dict[str, Any]:
        return {
            "title": _("Decline the referral from {organisation}?").format(
                organisation=transfer.remote_organisation_name
            ),
            "body": _(
                "{partner} is told, with your reason. The data received is erased at once. "
                "This cannot be undone."
            ).format(partner=transfer.partner.name),
            "button": _("Decline referral"),
            "warning": True,
        }

    def perform(self, request: HttpRequest, transfer: Transfer, reason: str) -> None:
        services.transfer_decline(
            actor=request.user, transfer=transfer, reason=reason, request=request
        )
        messages.success(request, _("The referral is declined and the data received erased."))


class ProgressView(StepView):
    target = Status.ASSISTANCE

    def texts(self, transfer: Transfer) -> dict[str, Any]:
        if self.target == Status.ASSISTANCE:
            return {
                "title": _("Tell {partner} that assistance has started?").format(
                    partner=transfer.partner.name
                ),
                "body": _("The sending organisation's case shows it."),
                "button": _("Assistance started"),
            }
        return {
            "title": _("Close the referral from {organisation}?").format(
                organisation=transfer.remote_organisation_name
            ),
            "body": _(
                "{partner} is told that your organisation's part is done. Your case stays "
                "open until you close it."
            ).format(partner=transfer.partner.name),
            "button": _("Close referral"),
        }

    def perform(self, request: HttpRequest, transfer: Transfer, reason: str) -> None:
        services.transfer_progress(
            actor=request.user, transfer=transfer, status=self.target, request=request
        )
        messages.success(request, _("The partner is told."))


class CloseView(ProgressView):
    target = Status.CLOSED


class WithdrawView(StepView):
    def texts(self, transfer: Transfer) -> dict[str, Any]:
        return {
            "title": _("Withdraw the referral to {organisation}?").format(
                organisation=transfer.remote_organisation_name
            ),
            "body": _(
                "{partner} is told, in a signed message, to stop processing the data of case "
                "{reference} and to erase it, and to confirm the erasure. This cannot be undone."
            ).format(partner=transfer.partner.name, reference=transfer.case_reference),
            "button": _("Withdraw and ask for erasure"),
            "warning": True,
        }

    def perform(self, request: HttpRequest, transfer: Transfer, reason: str) -> None:
        services.transfer_withdraw(actor=request.user, transfer=transfer, request=request)
        messages.success(request, _("The partner is told to stop processing and erase."))


class EraseView(StepView):
    def texts(self, transfer: Transfer) -> dict[str, Any]:
        labels = dict(Field.choices)
        erased = [str(labels[f]) for f in IDENTITY_FIELDS if f in transfer.fields]
        return {
            "title": _("Erase the data {partner} asked you to erase?").format(
                partner=transfer.partner.name
            ),
            "body": _(
                "From case {reference}, these details received from {partner} are erased: "
                "{fields}. Then {partner} is told, in a signed message, that the erasure is "
                "done. This cannot be undone."
            ).format(
                reference=transfer.case_reference,
                partner=transfer.partner.name,
                fields=", ".join(erased) or "–",
            ),
            "button": _("Erase and confirm"),
            "warning": True,
        }

    def perform(self, request: HttpRequest, transfer: Transfer, reason: str) -> None:
        services.transfer_erase(actor=request.user, transfer=transfer, request=request)
        messages.success(request, _("The data is erased and the partner is told."))
