"""The result page and what follows: open a case, no referral, or the full interview."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from haven.accounts import policy
from haven.accounts.mixins import CapabilityRequiredMixin
from haven.accounts.roles import Cap
from haven.cases import selectors as case_selectors
from haven.cases import vocab
from haven.core.forms import add_errors
from haven.screening import selectors, services
from haven.screening.engine import default_registry
from haven.screening.forms import NoReferralForm, RegisterCaseForm
from haven.screening.models import Screening, Status
from haven.screening.presenting import ui_language
from haven.screening.views.common import item_rows

ELEMENT_LABELS = {
    "act": gettext_lazy("Act (recruitment, transport, transfer, harbouring, receipt)"),
    "means": gettext_lazy("Means (force, coercion, deception, abuse of vulnerability, ...)"),
    "purpose": gettext_lazy("Purpose (exploitation)"),
}


def _completed(request: HttpRequest, pk: Any) -> Screening | HttpResponse:
    screening = selectors.screening_get(actor=request.user, pk=pk, request=request)
    if screening.is_draft:
        return redirect("screening:resume", pk=screening.pk)
    return screening


def result_context(screening: Screening) -> dict[str, Any]:
    """The stored result document, arranged for the page in the UI language."""
    lang = ui_language()
    result = screening.result or {}
    registry = default_registry()
    instrument = registry.get(screening.instrument) if screening.instrument in registry else None

    def rows(ids: Any) -> list[dict[str, str]]:
        if instrument is None:
            return [{"id": i, "label": ""} for i in ids]
        return item_rows(instrument, ids, lang)

    dimensions = []
    for dim_id, dim in (result.get("dimensions") or {}).items():
        name = dim_id
        if instrument is not None and any(d.id == dim_id for d in instrument.dimensions):
            name = instrument.dimension(dim_id).name.get(lang)
        dimensions.append(
            {
                "id": dim_id,
                "name": name,
                "positive": dim.get("positive"),
                "yes": rows(dim.get("yes", [])),
                "rule": (dim.get("rule_label") or {}).get(lang, dim.get("rule", "")),
            }
        )
    elements = [
        {
            "key": key,
            "label": ELEMENT_LABELS.get(key, key),
            "found": found,
            "sources": rows((result.get("element_sources") or {}).get(key, [])),
        }
        for key, found in (result.get("elements") or {}).items()
    ]
    prefill = result.get("prefill") or {}
    full = (
        registry.get(result["prefill_instrument"])
        if prefill and result.get("prefill_instrument") in registry
        else None
    )
    return {
        "result": result,
        "outcome_label": (result.get("outcome_label") or {}).get(lang, result.get("outcome")),
        "dimensions": dimensions,
        "elements": elements,
        "red_flags": rows(result.get("red_flags", [])),
        "prefill": item_rows(full, sorted(prefill), lang) if full else [],
        "unknown_important": rows(result.get("most_important_unknown", [])),
        "unknown_count": len(result.get("unknown", [])),
        "provisions": [
            {
                "citation": p.get("citation", {}).get(lang, ""),
                "summary": p.get("summary", {}).get(lang, ""),
                "reason": p.get("reason", {}).get(lang, ""),
            }
            for p in result.get("legal_provisions", [])
        ],
        "next_steps": [s.get(lang, "") for s in result.get("next_steps", [])],
        "disclaimer": (result.get("disclaimer") or {}).get(lang, ""),
        "explanation": (result.get("explanation") or {}).get(lang, ""),
        "instrument_title": instrument.title.get(lang) if instrument else screening.instrument,
        "can_continue": screening.status == Status.COMPLETED
        and result.get("outcome") == "run_full_interview",
    }


class ResultView(CapabilityRequiredMixin, View):
    capability = Cap.SCREENING_RUN

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        screening = _completed(request, pk)
        if isinstance(screening, HttpResponse):
            return screening
        context = result_context(screening)
        context["screening"] = screening
        context["can_register"] = policy.can(request.user, Cap.CASE_REGISTER, screening)
        context["case_readable"] = screening.case_id is not None and policy.has_any(
            request.user, Cap.CASE_READ, Cap.CASE_READ_SCREENED
        )
        return render(request, "screening/result.html", context)


class RegisterCaseView(CapabilityRequiredMixin, View):
    capability = Cap.SCREENING_RUN
    template_name = "screening/register_case.html"

    def _context(self, screening: Screening, form: RegisterCaseForm) -> dict[str, Any]:
        result = screening.result or {}
        child = bool(result.get("child_rules_applied"))
        prefill = services.case_prefill(result, child=child)
        types = dict(vocab.ExploitationType.choices)
        controls = dict(vocab.ControlMethod.choices)
        return {
            "screening": screening,
            "form": form,
            "child": child,
            "exploitation": [types[t] for t in prefill["exploitation_types"]],
            "controls": [controls[c] for c in prefill["methods_of_control"]],
        }

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        screening = _completed(request, pk)
        if isinstance(screening, HttpResponse):
            return screening
        if screening.status != Status.COMPLETED:
            return redirect("screening:result", pk=screening.pk)
        return render(request, self.template_name, self._context(screening, RegisterCaseForm()))

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        screening = _completed(request, pk)
        if isinstance(screening, HttpResponse):
            return screening
        form = RegisterCaseForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, self._context(screening, form))
        values = dict(form.cleaned_data)
        confirmed = values.pop("confirm_new_person")
        if not confirmed and (values["family_name"] or values["given_names"]):
            candidates = case_selectors.duplicate_candidates(
                actor=request.user,
                family_name=values["family_name"],
                given_names=values["given_names"],
                request=request,
            )
            if candidates:
                again = RegisterCaseForm({**request.POST.dict(), "confirm_new_person": "True"})
                again.is_valid()
                return render(
                    request,
                    self.template_name,
                    {
                        **self._context(screening, again),
                        "candidates": candidates,
                    },
                )
        try:
            case = services.screening_register_case(
                actor=request.user, screening=screening, request=request, **values
            )
        except ValidationError as exc:
            add_errors(form, exc)
            return render(request, self.template_name, self._context(screening, form))
        messages.success(request, _("Case {reference} is open.").format(reference=case.reference))
        if policy.has_any(request.user, Cap.CASE_READ, Cap.CASE_READ_SCREENED):
            return redirect("cases:detail", pk=case.pk)
        return redirect("screening:result", pk=screening.pk)


class NoReferralView(CapabilityRequiredMixin, View):
    capability = Cap.SCREENING_RUN
    template_name = "screening/no_referral.html"

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        screening = _completed(request, pk)
        if isinstance(screening, HttpResponse):
            return screening
        if screening.status != Status.COMPLETED:
            return redirect("screening:result", pk=screening.pk)
        return render(
            request, self.template_name, {"screening": screening, "form": NoReferralForm()}
        )

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        screening = _completed(request, pk)
        if isinstance(screening, HttpResponse):
            return screening
        form = NoReferralForm(request.POST)
        if form.is_valid():
            try:
                services.screening_no_referral(
                    actor=request.user,
                    screening=screening,
                    reason=form.cleaned_data["reason"],
                    request=request,
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("No referral recorded. No case was opened."))
                return redirect("screening:list")
        return render(request, self.template_name, {"screening": screening, "form": form})


class ContinueFullView(CapabilityRequiredMixin, View):
    """From a first-contact result with red flags to the full interview, pre-filled."""

    capability = Cap.SCREENING_RUN
    template_name = "screening/continue.html"

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        screening = _completed(request, pk)
        if isinstance(screening, HttpResponse):
            return screening
        context = result_context(screening)
        if not context["can_continue"]:
            return redirect("screening:result", pk=screening.pk)
        context["screening"] = screening
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        screening = _completed(request, pk)
        if isinstance(screening, HttpResponse):
            return screening
        try:
            full = services.screening_continue_full(
                actor=request.user, screening=screening, request=request
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("screening:result", pk=screening.pk)
        return redirect("screening:resume", pk=full.pk)
