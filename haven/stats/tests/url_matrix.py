"""URL matrix rows of the stats app (merged into haven/web/tests/test_url_matrix.py)."""

from __future__ import annotations

from typing import Any

from haven.accounts.roles import Cap, Role
from haven.web.tests.matrix import Spec, made

DASHBOARD = (Cap.STATS_DASHBOARD,)
EXPORT = (Cap.STATS_EXPORT,)


def chart_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    """A section key. Sections belong to no organisation (they are scoped by the actor), so
    the cross-organisation probe asks for a section that does not exist (404), except for a
    role reaching every organisation, which gets a real one."""
    from haven.accounts import policy
    from haven.accounts.roles import ALL

    everywhere = policy.organisations_for(actor, Cap.STATS_DASHBOARD) is ALL
    return {"key": "no-such-section" if other and not everywhere else "sex"}


def _org(world: Any, other: bool) -> Any:
    return world.org_b if other else world.org_a


def export_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    from haven.stats import services

    def make() -> Any:
        return services.export_create(actor=world.user(Role.ANALYST, other=other), k=11)

    return {"pk": made(world, "ctdc_export", other, make).pk}


def report_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    from haven.stats.models import AnnualReport, JobStatus

    def make() -> Any:
        return AnnualReport.objects.create(
            organisation=_org(world, other),
            year=2024,
            requested_by=world.user(Role.ANALYST, other=other),
            status=JobStatus.DONE,
            progress=100,
            pdf=b"%PDF-1.4 matrix",
            xlsx=b"PK matrix",
        )

    return {"pk": made(world, "annual_report", other, make).pk}


def report_file_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    return {**report_kwargs(world, actor, other), "kind": "pdf"}


def dataset_kwargs(world: Any, actor: Any, other: bool) -> dict[str, Any]:
    from haven.stats.models import GlobalDataset, JobStatus

    def make() -> Any:
        return GlobalDataset.objects.create(
            organisation=_org(world, other), name="CTDC (matrix)", status=JobStatus.DONE
        )

    return {"pk": made(world, "global_dataset", other, make).pk}


TABLE: dict[str, Spec] = {
    "stats:dashboard": Spec(DASHBOARD),
    "stats:chart_svg": Spec(DASHBOARD, kwargs=chart_kwargs),
    "stats:chart_csv": Spec(DASHBOARD, kwargs=chart_kwargs),
    "stats:export": Spec(EXPORT),
    "stats:export_detail": Spec(EXPORT, kwargs=export_kwargs),
    "stats:export_download": Spec(EXPORT, kwargs=export_kwargs),
    "stats:reports": Spec(DASHBOARD),
    "stats:report_detail": Spec(DASHBOARD, kwargs=report_kwargs),
    "stats:report_progress": Spec(DASHBOARD, kwargs=report_kwargs),
    "stats:report_file": Spec(DASHBOARD, kwargs=report_file_kwargs),
    "stats:global": Spec(DASHBOARD),
    "stats:global_detail": Spec(DASHBOARD, kwargs=dataset_kwargs),
    "stats:global_delete": Spec(EXPORT, kwargs=dataset_kwargs),
    "api:stats_overview": Spec(DASHBOARD, api=True),
    "api:stats_section": Spec(DASHBOARD, api=True, kwargs=chart_kwargs),
}
