"""Assessments, support plans and services delivered."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest

from haven.accounts.roles import Cap
from haven.audit.services import record
from haven.cases import actions
from haven.cases.models import Assessment, Case, ServiceDelivered, SupportPlan
from haven.cases.services._common import changed_fields, require


@transaction.atomic
def assessment_record(
    *, actor: Any, case: Case, request: HttpRequest | None = None, **fields: Any
) -> Assessment:
    require(actor, Cap.CASE_EDIT, case)
    item = Assessment(case=case, by=actor)
    changed_fields(item, fields, {"kind", "level", "areas", "rating", "notes", "assessed_on"})
    item.full_clean()
    item.save()
    record(
        actor=actor,
        action=actions.ASSESSMENT_RECORDED,
        obj=case,
        request=request,
        details={"kind": item.kind, "level": item.level},
    )
    return item


@transaction.atomic
def plan_save(
    *,
    actor: Any,
    case: Case,
    plan: SupportPlan | None = None,
    request: HttpRequest | None = None,
    **fields: Any,
) -> SupportPlan:
    require(actor, Cap.CASE_EDIT, case)
    item = plan or SupportPlan(case=case)
    if item.case_id != case.pk:
        raise PermissionDenied
    changed_fields(
        item, fields, {"type", "objectives", "action_plan", "planned_end_on", "actual_end_on"}
    )
    item.full_clean()
    item.save()
    record(
        actor=actor,
        action=actions.PLAN_SAVED,
        obj=case,
        request=request,
        details={"type": item.type},
    )
    return item


@transaction.atomic
def service_record(
    *, actor: Any, case: Case, request: HttpRequest | None = None, **fields: Any
) -> ServiceDelivered:
    require(actor, Cap.CASE_EDIT, case)
    item = ServiceDelivered(case=case)
    changed_fields(item, fields, {"plan", "category", "delivered_on", "provider", "notes"})
    if item.plan is not None and item.plan.case_id != case.pk:
        raise PermissionDenied
    item.full_clean()
    item.save()
    record(
        actor=actor,
        action=actions.SERVICE_RECORDED,
        obj=case,
        request=request,
        details={"category": item.category},
    )
    return item
