"""Annual reports per organisation or country, built in the background (django-tasks), with
their progress kept on the report row so a page can poll it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries
from django_tasks import task

from haven.accounts import policy
from haven.accounts.models import Organisation
from haven.accounts.roles import Cap
from haven.audit.services import record
from haven.stats import actions, annual, selectors
from haven.stats.models import AnnualReport, JobStatus


def scope_label(organisation: Organisation | None, country: str) -> str:
    if organisation is not None:
        return organisation.display_name
    if country:
        return str(countries.name(country))
    return _("All organisations in view")


def _filters(year: int, organisation: Organisation | None, country: str) -> selectors.Filters:
    return selectors.Filters(
        year=year, organisation_id=organisation.pk if organisation else None, country=country
    )


def _check_year(year: int) -> None:
    if not 1990 <= year <= timezone.now().year:
        raise ValidationError({"year": _("Choose a year up to this one.")})


@transaction.atomic
def report_request(
    *,
    actor: Any,
    year: int,
    organisation: Organisation | None = None,
    country: str = "",
    request: HttpRequest | None = None,
) -> AnnualReport:
    """Queue a report on ``organisation`` (one the actor reaches) or on a ``country`` (the
    organisations of that country within the actor's reach)."""
    _check_year(year)
    if organisation is not None and not policy.can(actor, Cap.STATS_DASHBOARD, organisation):
        raise PermissionDenied
    home = organisation or selectors.home_organisation(actor, Cap.STATS_DASHBOARD)
    if home is None:
        raise PermissionDenied
    report = AnnualReport.objects.create(
        organisation=home,
        scope_organisation=organisation,
        scope_country=country if organisation is None else "",
        year=year,
        requested_by=actor,
    )
    record(
        actor=actor,
        action=actions.REPORT_REQUESTED,
        obj=report,
        request=request,
        details={"year": year, "country": report.scope_country or ""},
    )
    transaction.on_commit(lambda: build_report.enqueue(str(report.pk)))
    return report


def _progress(report_id: Any) -> Any:
    def update(percent: int, step: str) -> None:
        AnnualReport.objects.filter(pk=report_id).update(progress=percent, step=step)

    return update


def documents(
    *,
    actor: Any,
    year: int,
    organisation: Organisation | None = None,
    country: str = "",
    everything: bool = False,
    progress: Any = None,
    formats: tuple[str, ...] = ("pdf", "xlsx"),
) -> tuple[bytes | None, bytes | None]:
    """(PDF, XLSX) of the annual report (None for a format not asked for); shared by the
    task and the command line."""
    editions = annual.editions(
        actor=actor,
        year=year,
        filters=_filters(year, organisation, country),
        scope_label=lambda: scope_label(organisation, country),
        k=selectors.small_cell_threshold(),
        everything=everything,
        progress=progress,
    )
    if progress:
        progress(60, "pdf")
    pdf = annual.pdf(editions) if "pdf" in formats else None
    if progress:
        progress(85, "xlsx")
    return pdf, annual.xlsx(editions) if "xlsx" in formats else None


@task()
def build_report(report_id: str) -> str:
    report = AnnualReport.objects.select_related("scope_organisation", "requested_by").get(
        pk=report_id
    )
    if report.status == JobStatus.DONE:
        return report.status
    AnnualReport.objects.filter(pk=report.pk).update(
        status=JobStatus.RUNNING, progress=5, step="start"
    )
    actor = report.requested_by
    if actor is None or not actor.is_active:
        report.status = JobStatus.FAILED
    else:
        try:
            report.pdf, report.xlsx = documents(
                actor=actor,
                year=report.year,
                organisation=report.scope_organisation,
                country=report.scope_country,
                progress=_progress(report.pk),
            )
            report.status = JobStatus.DONE
        except (OSError, ValueError):
            report.status = JobStatus.FAILED
    report.progress, report.step, report.finished_at = 100, "", timezone.now()
    report.save(update_fields=["pdf", "xlsx", "status", "progress", "step", "finished_at"])
    return report.status


@transaction.atomic
def report_download(
    *, actor: Any, report: AnnualReport, kind: str, request: HttpRequest | None = None
) -> bytes:
    if not policy.can(actor, Cap.STATS_DASHBOARD, report):
        raise PermissionDenied
    content = AnnualReport.objects.values_list(kind, flat=True).get(pk=report.pk)
    if content is None:
        raise ValidationError(_("The report is not ready yet."))
    record(
        actor=actor,
        action=actions.REPORT_DOWNLOADED,
        obj=report,
        request=request,
        details={"format": kind},
    )
    return bytes(content)
