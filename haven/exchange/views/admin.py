"""System administrators' pages: this node (keys, fingerprint, rotation), partner nodes
(registered after an out-of-band fingerprint check) and data-sharing agreements."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from haven.accounts import policy
from haven.accounts.mixins import CapabilityRequiredMixin, paginate
from haven.accounts.models import Organisation
from haven.accounts.roles import Cap
from haven.core.forms import add_errors
from haven.exchange import selectors, services
from haven.exchange.forms import (
    AgreementFilterForm,
    AgreementForm,
    NodeForm,
    PartnerFilterForm,
    PartnerForm,
)
from haven.exchange.models import Message, NodeKey, Partner
from haven.exchange.vocab import Delivery, DeliveryMethod, Field, SharingPurpose

PARTNERS = Cap.EXCHANGE_PARTNERS
EITHER = (Cap.EXCHANGE_PARTNERS, Cap.EXCHANGE_REFER)


class NodeView(CapabilityRequiredMixin, View):
    capability = PARTNERS

    def _page(self, request: HttpRequest, form: NodeForm) -> HttpResponse:
        node = services.node_get()
        context: dict[str, Any] = {"node": node, "form": form}
        if node is not None:
            context.update(
                {
                    "fingerprint": services.fingerprint(),
                    "jwks": json.dumps(services.jwks(), indent=2),
                    "keys": NodeKey.objects.order_by("-is_current", "use", "-created_at"),
                    "organisations": Organisation.objects.filter(is_active=True).order_by("name"),
                    "outbox": [
                        (Delivery(state).label, count)
                        for state, count in selectors.outbox_counts().items()
                    ],
                    "failed": Message.objects.filter(direction="out", delivery="failed")
                    .select_related("partner")
                    .order_by("-created_at")[:10],
                    "answered": selectors.answered_queries(actor=request.user)[:10],
                }
            )
        return render(request, "exchange/node.html", context)

    def get(self, request: HttpRequest) -> HttpResponse:
        node = services.node_get()
        initial = (
            {"name": node.name, "country": str(node.country), "endpoint": node.endpoint}
            if node
            else {"endpoint": request.build_absolute_uri("/").rstrip("/")}
        )
        return self._page(request, NodeForm(initial=initial))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = NodeForm(request.POST)
        if form.is_valid():
            action = services.node_update if services.node_get() else services.node_init
            try:
                action(actor=request.user, request=request, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("This node's details are saved."))
                return redirect("exchange:node")
        return self._page(request, form)


class NodeRotateView(CapabilityRequiredMixin, View):
    capability = PARTNERS

    def get(self, request: HttpRequest) -> HttpResponse:
        if services.node_get() is None:
            return redirect("exchange:node")
        return render(
            request,
            "exchange/confirm.html",
            {
                "title": _("Rotate this node's keys?"),
                "body": _(
                    "New signing and encryption keys are made and used from now on; the old "
                    "ones stay published so that messages already sent still verify. The "
                    "fingerprint changes: give the new one to every partner's administrator "
                    "by another channel, so that they can update your keys."
                ),
                "button": _("Rotate keys"),
                "warning": True,
                "back": "exchange:node",
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        services.node_rotate(actor=request.user, request=request)
        messages.success(request, _("New keys are in use. Tell your partners the new fingerprint."))
        return redirect("exchange:node")


class PartnerListView(CapabilityRequiredMixin, View):
    capability = PARTNERS

    def get(self, request: HttpRequest) -> HttpResponse:
        form = PartnerFilterForm(request.GET or None)
        filters = form.filters()
        page = paginate(request, selectors.partner_list(actor=request.user, **filters))
        return render(
            request,
            "exchange/partner_list.html",
            {
                "form": form,
                "page_obj": page,
                "filtered": any(filters.values()),
                "node": services.node_get(),
            },
        )


def _document(form: PartnerForm) -> Any:
    if "document" in form.cleaned_data:
        return form.cleaned_data["document"]
    return services.fetch_document(form.cleaned_data["url"])


class PartnerCreateView(CapabilityRequiredMixin, View):
    capability = PARTNERS

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "exchange/partner_form.html", {"form": PartnerForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = PartnerForm(request.POST)
        if form.is_valid():
            try:
                partner = services.partner_register(
                    actor=request.user,
                    document=_document(form),
                    fingerprint=form.cleaned_data["fingerprint"],
                    delivery=form.cleaned_data["delivery"],
                    request=request,
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("{partner} is registered. Now record your agreement with it.").format(
                        partner=partner.name
                    ),
                )
                return redirect("exchange:partner_detail", pk=partner.pk)
        return render(request, "exchange/partner_form.html", {"form": form})


class PartnerDetailView(CapabilityRequiredMixin, View):
    capability = PARTNERS

    def get(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        partner = selectors.partner_get(actor=request.user, pk=pk)
        return render(
            request,
            "exchange/partner_detail.html",
            {
                "partner": partner,
                "keys": partner.jwks.get("keys", []),
                "agreements": partner.agreements.order_by("code"),
                "recent": partner.messages.defer("envelope").order_by("-created_at")[:10],
            },
        )


class PartnerKeysView(CapabilityRequiredMixin, View):
    capability = PARTNERS

    def _page(self, request: HttpRequest, partner: Any, form: PartnerForm) -> HttpResponse:
        return render(request, "exchange/partner_form.html", {"form": form, "partner": partner})

    def get(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        partner = selectors.partner_get(actor=request.user, pk=pk)
        form = PartnerForm(initial={"url": partner.endpoint, "delivery": partner.delivery})
        return self._page(request, partner, form)

    def post(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        partner = selectors.partner_get(actor=request.user, pk=pk)
        form = PartnerForm(request.POST)
        if form.is_valid():
            try:
                services.partner_update_keys(
                    actor=request.user,
                    partner=partner,
                    document=_document(form),
                    fingerprint=form.cleaned_data["fingerprint"],
                    delivery=form.cleaned_data["delivery"],
                    request=request,
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The partner's keys are updated."))
                return redirect("exchange:partner_detail", pk=partner.pk)
        return self._page(request, partner, form)


class PartnerStatusView(CapabilityRequiredMixin, View):
    """Suspend or resume all exchange with a partner, or switch network / files."""

    capability = PARTNERS

    def _texts(self, partner: Any, change: str) -> dict[str, Any]:
        if change == "suspend":
            return {
                "title": _("Suspend all exchange with {partner}?").format(partner=partner.name),
                "body": _(
                    "Nothing is sent to {partner} and nothing it sends is accepted until you "
                    "resume. Messages waiting in the outbox are not delivered."
                ).format(partner=partner.name),
                "button": _("Suspend"),
                "warning": True,
            }
        if change == "resume":
            return {
                "title": _("Resume exchange with {partner}?").format(partner=partner.name),
                "body": _("Messages flow again under the agreements in force."),
                "button": _("Resume"),
            }
        method = DeliveryMethod(change).label
        return {
            "title": _("Send to {partner}: {method}?").format(partner=partner.name, method=method),
            "body": _(
                "New messages to this partner are delivered this way. Files must be downloaded "
                "from the referral's page and carried to the partner."
            ),
            "button": _("Change"),
        }

    def _change(self, request: HttpRequest) -> str:
        change = request.GET.get("change") or request.POST.get("change") or ""
        return change if change in ("suspend", "resume", *DeliveryMethod.values) else ""

    def get(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        partner = selectors.partner_get(actor=request.user, pk=pk)
        change = self._change(request)
        if not change:
            return redirect("exchange:partner_detail", pk=partner.pk)
        return render(
            request,
            "exchange/confirm.html",
            {
                **self._texts(partner, change),
                "hidden": {"change": change},
                "back_url": partner.pk,
                "back": "exchange:partner_detail",
            },
        )

    def post(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        partner = selectors.partner_get(actor=request.user, pk=pk)
        change = self._change(request)
        if not change:
            return redirect("exchange:partner_detail", pk=partner.pk)
        values: dict[str, Any] = (
            {"is_active": change == "resume"}
            if change in ("suspend", "resume")
            else {"delivery": change}
        )
        try:
            services.partner_change(actor=request.user, partner=partner, request=request, **values)
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("The partner is changed."))
        return redirect("exchange:partner_detail", pk=partner.pk)


class AgreementListView(CapabilityRequiredMixin, View):
    capability = EITHER

    def get(self, request: HttpRequest) -> HttpResponse:
        form = AgreementFilterForm(request.GET or None)
        filters = form.filters()
        qs = selectors.agreement_list(actor=request.user, **filters)
        return render(
            request,
            "exchange/agreement_list.html",
            {
                "form": form,
                "page_obj": paginate(request, qs),
                "filtered": any(filters.values()),
                "manage": policy.can(request.user, PARTNERS),
            },
        )


class AgreementDetailView(CapabilityRequiredMixin, View):
    capability = EITHER

    def get(self, request: HttpRequest, pk: UUID) -> HttpResponse:
        agreement = selectors.agreement_get(actor=request.user, pk=pk)
        labels = dict(Field.choices)
        purposes = [
            (SharingPurpose(p).label, [labels[f] for f in agreement.allowed(p)])
            for p in agreement.purposes
        ]
        return render(
            request,
            "exchange/agreement_detail.html",
            {
                "agreement": agreement,
                "purposes": purposes,
                "organisations": agreement.organisations.order_by("name"),
                "manage": policy.can(request.user, PARTNERS),
            },
        )


class AgreementFormView(CapabilityRequiredMixin, View):
    capability = PARTNERS

    def _form(self, request: HttpRequest, agreement: Any, data: Any = None) -> AgreementForm:
        organisations = Organisation.objects.filter(is_active=True).order_by("name")
        if agreement is None:
            return AgreementForm(data, organisations=organisations)
        initial = AgreementForm.initial_for(agreement)
        return AgreementForm(data, organisations=organisations, editing=True, initial=initial)

    def _page(self, request: HttpRequest, form: AgreementForm, agreement: Any) -> HttpResponse:
        return render(
            request,
            "exchange/agreement_form.html",
            {
                "form": form,
                "agreement": agreement,
                "has_partners": Partner.objects.exists(),
            },
        )

    def _agreement(self, request: HttpRequest, pk: UUID | None) -> Any:
        return selectors.agreement_get(actor=request.user, pk=pk) if pk else None

    def get(self, request: HttpRequest, pk: UUID | None = None) -> HttpResponse:
        agreement = self._agreement(request, pk)
        return self._page(request, self._form(request, agreement), agreement)

    def post(self, request: HttpRequest, pk: UUID | None = None) -> HttpResponse:
        agreement = self._agreement(request, pk)
        form = self._form(request, agreement, request.POST)
        if form.is_valid():
            try:
                saved = services.agreement_save(
                    actor=request.user, agreement=agreement, request=request, **form.values()
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The agreement is saved."))
                return redirect("exchange:agreement_detail", pk=saved.pk)
        return self._page(request, form, agreement)
