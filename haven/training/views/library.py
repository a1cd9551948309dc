"""The legal library (every signed-in user) and the case studies (training roles)."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from haven.accounts import policy
from haven.accounts.mixins import CapabilityRequiredMixin
from haven.accounts.roles import Cap
from haven.screening.presenting import ui_language
from haven.training import library, selectors
from haven.training.catalogue import catalogue
from haven.training.forms import CaseStudyFilterForm, LibrarySearchForm
from haven.training.services import key_result
from haven.training.views.common import EITHER, case_card, page_card
from haven.training.vocab import (
    ELEMENT_LABELS,
    KIND_LABELS,
    STRENGTH_LABELS,
    THEME_LABELS,
    TOPIC_LABELS,
)


class LibraryView(LoginRequiredMixin, View):
    """The library's contents, and search results when there is a query."""

    def get(self, request: HttpRequest) -> HttpResponse:
        lang = ui_language()
        form = LibrarySearchForm(request.GET or None)
        query = form.cleaned_data["q"].strip() if form.is_valid() else ""
        topics = [
            {"label": TOPIC_LABELS[topic], "pages": [page_card(p, lang) for p in pages]}
            for topic, pages in groupby(
                sorted(catalogue().pages, key=lambda p: list(TOPIC_LABELS).index(p.topic)),
                key=lambda p: p.topic,
            )
        ]
        instruments = [
            {
                "id": instrument.id,
                "title": instrument.title.get(lang),
                "items": [{"id": i.id, "label": i.label.get(lang)} for i in items],
            }
            for instrument, items in library.indicators_by_instrument()
        ]
        return render(
            request,
            "training/library.html",
            {
                "form": form,
                "query": query,
                "hits": library.search(query, lang) if query else [],
                "topics": topics,
                "instruments": instruments,
            },
        )


class LibraryPageView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, page: str) -> HttpResponse:
        found = catalogue().page(page)
        if found is None:
            raise Http404
        lang = ui_language()
        indicators = [library.indicator(i) for i in found.indicators]
        return render(
            request,
            "training/library_page.html",
            {
                "page": found,
                "lang": lang,
                "title": found.title.get(lang),
                "summary": found.summary.get(lang),
                "topic": TOPIC_LABELS[found.topic],
                "sections": [
                    {
                        "heading": s.heading.get(lang),
                        "paragraphs": [p.get(lang) for p in s.paragraphs],
                        "points": [p.get(lang) for p in s.points],
                    }
                    for s in found.sections
                ],
                "sources": [s.get(lang) for s in found.sources],
                "indicators": [
                    {"id": i.id, "label": i.label.get(lang)} for i in indicators if i is not None
                ],
            },
        )


class IndicatorView(LoginRequiredMixin, View):
    """One indicator: what it means, an example, and how each instrument asks it."""

    def get(self, request: HttpRequest, item_id: str) -> HttpResponse:
        entry = library.indicator(item_id)
        if entry is None:
            raise Http404
        lang = ui_language()
        usages = []
        for usage in entry.usages:
            item = usage.item
            usages.append(
                {
                    "instrument": usage.instrument.title.get(lang),
                    "label": item.label.get(lang),
                    "kind": KIND_LABELS[item.kind],
                    "group": usage.group.get(lang) if usage.group else "",
                    "strength": STRENGTH_LABELS.get(item.strength or "", ""),
                    "element": ELEMENT_LABELS.get(item.element or "", ""),
                    "questions": [q.get(lang) for q in item.questions],
                    "note": item.note.get(lang),
                    "maps_to": [
                        c.counterpart for c in item.contributions if c.counterpart is not None
                    ],
                    "prefill": list(item.prefill),
                }
            )
        return render(
            request,
            "training/indicator.html",
            {
                "id": entry.id,
                "label": entry.label.get(lang),
                "explanation": entry.note.explanation.get(lang),
                "example": entry.note.example.get(lang),
                "usages": usages,
                "pages": [page_card(p, lang) for p in entry.pages],
            },
        )


class CaseStudyListView(CapabilityRequiredMixin, View):
    capability = EITHER

    def get(self, request: HttpRequest) -> HttpResponse:
        lang = ui_language()
        form = CaseStudyFilterForm(request.GET or None)
        query, theme = "", ""
        if form.is_valid():
            query = form.cleaned_data["q"].strip().casefold()
            theme = form.cleaned_data["theme"]
        cases = []
        for case in catalogue().case_studies:
            if theme and case.theme != theme:
                continue
            texts = [case.title, case.summary, *case.vignette]
            if query and not any(
                query in t.en.casefold() or query in t.zh_hans.casefold() for t in texts
            ):
                continue
            cases.append(case_card(case, lang))
        return render(
            request,
            "training/case_study_list.html",
            {
                "form": form,
                "cases": cases,
                "filtered": bool(query or theme),
                "can_practise": policy.can(request.user, Cap.TRAINING_EXERCISE),
            },
        )


class CaseStudyView(CapabilityRequiredMixin, View):
    """The vignette; trainers also see the expert key (trainees see it after their exercise)."""

    capability = EITHER

    def get(self, request: HttpRequest, case_study: str) -> HttpResponse:
        case = catalogue().case_study(case_study)
        if case is None:
            raise Http404
        lang = ui_language()
        context: dict[str, Any] = {
            "case": case_card(case, lang),
            "vignette": [p.get(lang) for p in case.vignette],
            "theme": THEME_LABELS[case.theme],
            "can_practise": policy.can(request.user, Cap.TRAINING_EXERCISE),
            "show_key": selectors.can_manage(request.user),
        }
        if context["show_key"]:
            result = key_result(case.id)
            context["key"] = {
                "outcome": result.to_json()["outcome_label"][lang],
                "child": result.assessment.child_rules_applied,
                "subject": case.key.subject,
                "indicators": [
                    {
                        "id": item_id,
                        "label": result.instrument.item(item_id).label.get(lang),
                        "reason": reason.get(lang),
                    }
                    for item_id, reason in case.key.indicators.items()
                ],
                "teaching_points": [t.get(lang) for t in case.key.teaching_points],
            }
        return render(request, "training/case_study.html", context)
