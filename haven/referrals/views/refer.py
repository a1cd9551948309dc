"""Refer a case: find an organisation in the directory, choose services, urgency, reason and
what to share, check the answers (exactly what is shared with whom), send."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from haven.accounts import policy
from haven.accounts.mixins import CapabilityRequiredMixin, paginate
from haven.accounts.models import Organisation
from haven.accounts.roles import Cap
from haven.cases.models import Case, Purpose
from haven.cases.selectors import case_get
from haven.core.forms import add_errors as form_errors
from haven.referrals import selectors, services
from haven.referrals.consent import consent_purpose
from haven.referrals.forms import DirectoryFilterForm, ReferralForm
from haven.referrals.models import Service
from haven.referrals.projection import service_item
from haven.referrals.vocab import RESPONSE_DAYS, SCOPE_EXPLANATIONS, Scope, Urgency, with_basic


class ReferView(CapabilityRequiredMixin, View):
    capability = Cap.REFERRAL_SEND

    def _case(self, request: HttpRequest, pk: UUID) -> Case:
        case = case_get(actor=request.user, pk=pk, audit=False)
        if not policy.can(request.user, Cap.REFERRAL_SEND, case):
            raise PermissionDenied
        return case

    def _organisation(self, request: HttpRequest, case: Case, value: Any) -> Organisation | None:
        try:
            pk = UUID(str(value))
        except ValueError:
            return None
        return (
            selectors.referral_organisations(actor=request.user)
            .exclude(pk=case.organisation_id)
            .filter(pk=pk)
            .first()
        )

    def _services(self, request: HttpRequest, organisation: Organisation) -> Any:
        return selectors.service_directory(actor=request.user, organisation_id=organisation.pk)

    def _form_page(
        self, request: HttpRequest, case: Case, organisation: Organisation, form: ReferralForm
    ) -> HttpResponse:
        purpose = consent_purpose(case.organisation, organisation)
        return render(
            request,
            "referrals/refer_form.html",
            {
                "case": case,
                "organisation": organisation,
                "form": form,
                "abroad": purpose == Purpose.SHARE_ABROAD,
            },
        )

    def get(self, request: HttpRequest, case: UUID) -> HttpResponse:
        subject = self._case(request, case)
        organisation = self._organisation(request, subject, request.GET.get("organisation"))
        if organisation is not None:
            form = ReferralForm(
                services=self._services(request, organisation),
                initial={"urgency": Urgency.ROUTINE},
            )
            return self._form_page(request, subject, organisation, form)
        return self._choose(request, subject)

    def _choose(self, request: HttpRequest, case: Case) -> HttpResponse:
        form = DirectoryFilterForm(request.GET or None)
        filters = form.filters()
        published = Service.objects.filter(is_active=True).order_by("category", "region")
        organisations = (
            selectors.referral_organisations(actor=request.user, **filters)
            .exclude(pk=case.organisation_id)
            .prefetch_related(Prefetch("directory_services", published, to_attr="published"))
        )
        page = paginate(request, organisations)
        rows = [
            {"organisation": org, "services": [service_item(s) for s in org.published]}
            for org in page.object_list
        ]
        return render(
            request,
            "referrals/refer_choose.html",
            {
                "case": case,
                "form": form,
                "page_obj": page,
                "rows": rows,
                "filtered": any(filters.values()),
            },
        )

    def post(self, request: HttpRequest, case: UUID) -> HttpResponse:
        subject = self._case(request, case)
        organisation = self._organisation(request, subject, request.POST.get("organisation"))
        if organisation is None:
            messages.error(request, _("Choose an organisation from the directory."))
            return redirect("referrals:refer", case=subject.pk)
        form = ReferralForm(request.POST, services=self._services(request, organisation))
        step = request.POST.get("step", "check")
        if step == "change" or not form.is_valid():
            return self._form_page(request, subject, organisation, form)
        data = form.cleaned_data
        values = {
            "actor": request.user,
            "case": subject,
            "to_organisation": organisation,
            "services": list(data["services"]),
            "urgency": data["urgency"],
            "reason": data["reason"],
        }
        try:
            if step == "send":
                referral = services.referral_send(
                    **values, scopes=data["scopes"], message=data["message"], request=request
                )
                messages.success(
                    request,
                    _("The referral is sent to {organisation}.").format(
                        organisation=organisation.display_name
                    ),
                )
                return redirect("referrals:detail", pk=referral.pk)
            services.referral_validate(**values)
        except ValidationError as exc:
            form_errors(form, exc)
            return self._form_page(request, subject, organisation, form)
        return self._check_page(request, subject, organisation, form)

    def _check_page(
        self, request: HttpRequest, case: Case, organisation: Organisation, form: ReferralForm
    ) -> HttpResponse:
        data = form.cleaned_data
        shared = with_basic(data["scopes"])
        purpose = consent_purpose(case.organisation, organisation)
        return render(
            request,
            "referrals/refer_check.html",
            {
                "case": case,
                "organisation": organisation,
                "services": [service_item(s) for s in data["services"]],
                "urgency": Urgency(data["urgency"]).label,
                "days": RESPONSE_DAYS[data["urgency"]],
                "reason": dict(form.fields["reason"].choices)[data["reason"]],  # type: ignore[attr-defined]
                "shared": [(Scope(s).label, SCOPE_EXPLANATIONS[Scope(s)]) for s in shared],
                "not_shared": [Scope(s).label for s in Scope.values if s not in shared],
                "message": data["message"],
                "abroad": purpose == Purpose.SHARE_ABROAD,
                "hidden": {
                    "organisation": organisation.pk,
                    "services": [s.pk for s in data["services"]],
                    "urgency": data["urgency"],
                    "reason": data["reason"],
                    "scopes": data["scopes"],
                    "message": data["message"],
                },
            },
        )
