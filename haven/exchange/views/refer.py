"""Refer a case abroad (choose the partner and purpose under an agreement, choose the
organisation and what to send, check exactly what goes to whom, send) and ask a partner
whether it already knows the person (match queries)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from haven.accounts import policy
from haven.accounts.mixins import CapabilityRequiredMixin, paginate
from haven.accounts.roles import Cap
from haven.cases.models import Case
from haven.cases.selectors import case_get
from haven.core.forms import add_errors
from haven.exchange import payload, selectors, services
from haven.exchange.forms import OptionForm, ReferForm
from haven.exchange.models import Agreement
from haven.exchange.vocab import Field, SharingPurpose

REFER = Cap.EXCHANGE_REFER


def _case(request: HttpRequest, pk: UUID, audit: bool = False) -> Case:
    """The case, for a coordinator who may refer it abroad; ``audit`` when the page shows
    the person's identity (the check page)."""
    case = case_get(actor=request.user, pk=pk, audit=audit, request=request)
    if not policy.can(request.user, REFER, case):
        raise PermissionDenied
    return case


class ReferView(CapabilityRequiredMixin, View):
    capability = REFER

    def _options(self, request: HttpRequest, case: Case, data: Any = None) -> OptionForm:
        agreements = selectors.agreements_for_case(actor=request.user, case=case)
        return OptionForm(data, agreements=agreements)

    def _choose(self, request: HttpRequest, case: Case, form: OptionForm) -> HttpResponse:
        return render(
            request,
            "exchange/refer_choose.html",
            {
                "case": case,
                "form": form,
                "has_options": bool(form.fields["option"].choices),  # type: ignore[attr-defined]
                "consent": services.sharing_consent(case) is not None,
            },
        )

    def _form_page(
        self, request: HttpRequest, case: Case, agreement: Agreement, purpose: str, form: ReferForm
    ) -> HttpResponse:
        return render(
            request,
            "exchange/refer_form.html",
            {
                "case": case,
                "agreement": agreement,
                "purpose": SharingPurpose(purpose).label,
                "option": f"{agreement.pk}:{purpose}",
                "form": form,
            },
        )

    def get(self, request: HttpRequest, case: UUID) -> HttpResponse:
        subject = _case(request, case)
        if "option" not in request.GET:
            return self._choose(request, subject, self._options(request, subject))
        options = self._options(request, subject, request.GET)
        if not options.is_valid():
            return self._choose(request, subject, options)
        agreement, purpose = options.chosen()
        form = ReferForm(agreement=agreement, purpose=purpose)
        return self._form_page(request, subject, agreement, purpose, form)

    def post(self, request: HttpRequest, case: UUID) -> HttpResponse:
        subject = _case(request, case, audit=request.POST.get("step", "check") == "check")
        options = self._options(request, subject, request.POST)
        if not options.is_valid():
            return self._choose(request, subject, options)
        agreement, purpose = options.chosen()
        form = ReferForm(request.POST, agreement=agreement, purpose=purpose)
        step = request.POST.get("step", "check")
        if step == "change" or not form.is_valid():
            return self._form_page(request, subject, agreement, purpose, form)
        data = form.cleaned_data
        message = (data.get("message") or "").strip()
        fields = list(data["chosen"]) + ([Field.MESSAGE] if message else [])
        values = {
            "actor": request.user,
            "case": subject,
            "agreement": agreement,
            "purpose": purpose,
            "to_organisation": data["to_organisation"],
            "fields": fields,
        }
        try:
            if step == "send":
                transfer = services.transfer_send(**values, message=message, request=request)
                messages.success(
                    request,
                    _("The referral is signed, encrypted and on its way to {partner}.").format(
                        partner=agreement.partner.name
                    ),
                )
                return redirect("exchange:transfer", pk=transfer.pk)
            services.transfer_validate(**values)
        except ValidationError as exc:
            add_errors(form, exc)
            return self._form_page(request, subject, agreement, purpose, form)
        return self._check_page(request, subject, agreement, purpose, form, fields, message)

    def _check_page(
        self,
        request: HttpRequest,
        case: Case,
        agreement: Agreement,
        purpose: str,
        form: ReferForm,
        fields: list[str],
        message: str,
    ) -> HttpResponse:
        data = form.cleaned_data
        sent = payload.rows(payload.extract(case, fields, message))
        allowed = agreement.allowed(purpose)
        labels = dict(Field.choices)
        receiver = agreement.partner_organisation(data["to_organisation"]) or {}
        return render(
            request,
            "exchange/refer_check.html",
            {
                "case": case,
                "agreement": agreement,
                "partner": agreement.partner,
                "purpose": SharingPurpose(purpose).label,
                "receiver": receiver.get("name", ""),
                "rows": sent,
                "not_sent": [labels[c] for c in Field.values if c not in fields and c in allowed],
                "hidden": {
                    "option": f"{agreement.pk}:{purpose}",
                    "to_organisation": data["to_organisation"],
                    "chosen": list(data["chosen"]),
                    "message": message,
                },
            },
        )


class MatchAskView(CapabilityRequiredMixin, View):
    capability = REFER

    def _page(self, request: HttpRequest, case: Case, form: OptionForm) -> HttpResponse:
        return render(
            request,
            "exchange/match_ask.html",
            {
                "case": case,
                "form": form,
                "has_options": bool(form.fields["option"].choices),  # type: ignore[attr-defined]
                "consent": services.sharing_consent(case) is not None,
            },
        )

    def _form(self, request: HttpRequest, case: Case, data: Any = None) -> OptionForm:
        agreements = selectors.agreements_for_case(actor=request.user, case=case)
        return OptionForm(data, agreements=agreements, matching=True)

    def get(self, request: HttpRequest, case: UUID) -> HttpResponse:
        subject = _case(request, case)
        return self._page(request, subject, self._form(request, subject))

    def post(self, request: HttpRequest, case: UUID) -> HttpResponse:
        subject = _case(request, case)
        form = self._form(request, subject, request.POST)
        if form.is_valid():
            agreement, purpose = form.chosen()
            try:
                query = services.match_ask(
                    actor=request.user,
                    case=subject,
                    agreement=agreement,
                    purpose=purpose,
                    request=request,
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                return redirect("exchange:match_detail", pk=query.pk)
        return self._page(request, subject, form)


class MatchListView(CapabilityRequiredMixin, View):
    capability = REFER

    def get(self, request: HttpRequest) -> HttpResponse:
        page = paginate(request, selectors.match_list(actor=request.user))
        return render(request, "exchange/match_list.html", {"page_obj": page})


class MatchDetailView(CapabilityRequiredMixin, View):
    capability = REFER

    def get(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        query = selectors.match_get(actor=request.user, pk=pk)
        return render(request, "exchange/match_detail.html", {"q": query})
