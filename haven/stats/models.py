"""What the stats app stores: anonymised CTDC exports, annual reports built in the background,
and imported CTDC global datasets (an analysis area, separate from case data).

None of these holds identity: exports are k-anonymous, reports hold suppressed aggregates,
and the global dataset is public k-anonymised microdata.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from haven.core.models import BaseModel


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("In progress")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class CtdcExport(BaseModel):
    """An anonymised CTDC-format export and the report of what was generalised or suppressed."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    k = models.PositiveSmallIntegerField(_("k"))
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    records_in = models.PositiveIntegerField(_("records considered"), default=0)
    records_out = models.PositiveIntegerField(_("records retained"), default=0)
    report = models.JSONField(_("anonymisation report"), default=dict)
    content = models.BinaryField()  # the CSV (UTF-8), k-anonymous

    POLICY_ORGANISATION_FIELD = "organisation"

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"CTDC k={self.k} ({self.records_out})"


class AnnualReport(BaseModel):
    """A bilingual annual report per organisation or country, built by a background task."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    scope_organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("report on organisation"),
    )
    scope_country = CountryField(_("report on country"), blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(max_length=40, blank=True)
    pdf = models.BinaryField(null=True, blank=True)
    xlsx = models.BinaryField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    POLICY_ORGANISATION_FIELD = "organisation"

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.year} {self.status}"


class GlobalDataset(BaseModel):
    """An imported CTDC global k-anonymised dataset (63 columns, ``;``-separated)."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    rows = models.PositiveIntegerField(_("records"), default=0)
    skipped = models.PositiveIntegerField(_("rows skipped"), default=0)
    error = models.CharField(max_length=300, blank=True)
    upload = models.BinaryField(null=True, blank=True)  # the file until it is imported

    POLICY_ORGANISATION_FIELD = "organisation"

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class GlobalRecord(models.Model):
    """One row of a global dataset, reduced to what the comparison uses. Multi-valued
    columns are marker strings ``,Code,`` in Haven's (HTCDS) vocabulary."""

    id = models.BigAutoField(primary_key=True)
    dataset = models.ForeignKey(GlobalDataset, on_delete=models.CASCADE, related_name="records")
    year = models.PositiveSmallIntegerField(null=True)
    datasource = models.CharField(max_length=60, blank=True)
    gender = models.CharField(max_length=40, blank=True)
    age_band = models.CharField(max_length=10, blank=True)
    majority = models.CharField(max_length=10, blank=True)
    citizenship = models.CharField(max_length=3, blank=True)
    exploitation_country = models.CharField(max_length=3, blank=True)
    exploitation = models.CharField(max_length=300, blank=True)
    control = models.CharField(max_length=500, blank=True)
    recruiter = models.CharField(max_length=100, blank=True)

    POLICY_ORGANISATION_FIELD = "dataset__organisation"

    class Meta:
        indexes = [models.Index(fields=["dataset", "year"], name="global_record_year")]

    def __str__(self) -> str:
        return str(self.pk)
