"""The case of a person in a national referral mechanism."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from haven.cases import vocab
from haven.core.fields import EncryptedCharField, EncryptedTextField, MultiChoiceField
from haven.core.models import BaseModel


class Stage(models.TextChoices):
    """Workflow stages (``cases/workflow.py`` is the only writer)."""

    IDENTIFIED = "identified", _("Identified (presumed victim)")
    REFERRED = "referred", _("Referred")
    ASSISTANCE = "assistance", _("First assistance and reflection period")
    LONG_TERM = "long_term_support", _("Long-term support")
    RETURN = "return_reintegration", _("Return and reintegration")
    CLOSED = "closed", _("Closed")


class RiskLevel(models.TextChoices):
    UNKNOWN = "unknown", _("Not assessed")
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Cooperation(models.TextChoices):
    NOT_ASKED = "not_asked", _("Not discussed")
    COOPERATING = "cooperating", _("Cooperating with the authorities")
    NOT_COOPERATING = "not_cooperating", _("Not cooperating")
    UNDECIDED = "undecided", _("Still deciding (reflection period)")


class ClosureReason(models.TextChoices):
    COMPLETED = "support_completed", _("Support plan completed")
    REFERRED = "referred_elsewhere", _("Referred to another organisation (closed, referred)")
    RETURNED = "returned_home", _("Returned to country of origin, follow-up handed over")
    DECLINED = "person_declined", _("The person declined further support")
    LOST_CONTACT = "lost_contact", _("Contact lost")
    NOT_A_VICTIM = "not_a_victim", _("Not a victim of trafficking")
    DECEASED = "deceased", _("Deceased")
    OTHER = "other", _("Other")


class CaseCounter(models.Model):
    """Next number of case references per year (row-locked when taken)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Case(BaseModel):
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    person = models.ForeignKey("cases.Person", on_delete=models.PROTECT, related_name="cases")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("organisation"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_cases",
        verbose_name=_("case owner"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("registered by"),
    )
    stage = models.CharField(
        _("stage"), max_length=32, choices=Stage.choices, default=Stage.IDENTIFIED, db_index=True
    )
    identified_on = models.DateField(_("identified on"), default=timezone.localdate)
    # Victim context (HTCDS vic_*).
    trafficking_status = models.CharField(
        _("trafficking status"),
        max_length=40,
        choices=vocab.TraffickingStatus.choices,
        default=vocab.TraffickingStatus.POSSIBLE,
    )
    status_decided_by = models.CharField(
        _("status decided by"), max_length=40, blank=True, choices=vocab.DecisionMaker.choices
    )
    status_deciding_organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("deciding organisation"),
    )
    status_decided_on = models.DateField(_("status decided on"), null=True, blank=True)
    is_child = models.BooleanField(_("child"), default=False, db_index=True)
    child_presumed = models.BooleanField(_("presumed child (age uncertain)"), default=False)
    guardian = EncryptedCharField(_("guardian"), max_length=300, blank=True)
    best_interests_assessment = EncryptedTextField(_("best-interests assessment"), blank=True)
    best_interests_assessed_on = models.DateField(
        _("best interests assessed on"), null=True, blank=True
    )
    exploitation_types = MultiChoiceField(
        _("types of exploitation"), choices=vocab.ExploitationType.choices
    )
    forced_labour_industry = models.CharField(
        _("forced labour industry"), max_length=64, blank=True, choices=vocab.Industry.choices
    )
    sex_exploitation_types = MultiChoiceField(
        _("types of sexual exploitation"), choices=vocab.SexExploitationType.choices
    )
    methods_of_control = MultiChoiceField(
        _("methods of control"), choices=vocab.ControlMethod.choices
    )
    recruitment_methods = MultiChoiceField(
        _("methods of recruitment"), choices=vocab.RecruitmentMethod.choices
    )
    recruitment_platforms = MultiChoiceField(
        _("recruitment websites and apps"), choices=vocab.Platform.choices
    )
    exploitation_platforms = MultiChoiceField(
        _("exploitation websites and apps"), choices=vocab.Platform.choices
    )
    recruitment_country = CountryField(_("country of recruitment"), blank=True)
    exploitation_country = CountryField(_("country of exploitation"), blank=True)
    relationship_to_trafficker = models.CharField(
        _("relationship to trafficker"),
        max_length=16,
        blank=True,
        choices=vocab.Relationship.choices,
    )
    age_when_trafficked = models.PositiveSmallIntegerField(
        _("age when trafficked"), null=True, blank=True
    )
    vulnerabilities = MultiChoiceField(_("vulnerabilities"), choices=vocab.Vulnerability.choices)
    vulnerability_details = EncryptedTextField(_("details of vulnerabilities"), blank=True)
    risk_level = models.CharField(
        _("risk level"), max_length=16, choices=RiskLevel.choices, default=RiskLevel.UNKNOWN
    )
    residence_status = models.CharField(_("residence status"), max_length=120, blank=True)
    cooperation = models.CharField(
        _("cooperation with authorities"),
        max_length=20,
        choices=Cooperation.choices,
        default=Cooperation.NOT_ASKED,
    )
    reflection_starts_on = models.DateField(_("reflection period starts"), null=True, blank=True)
    reflection_ends_on = models.DateField(_("reflection period ends"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closure_reason = models.CharField(
        _("reason for closure"), max_length=32, blank=True, choices=ClosureReason.choices
    )
    # Whether the newest statistics consent decision is "given": kept by ``consent_record``
    # in the same transaction as the decision, so that statistics filter on a column.
    statistics_consent = models.BooleanField(
        _("statistics consent in force"), default=False, editable=False
    )

    POLICY_ORGANISATION_FIELD = "organisation"

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["organisation", "-created_at"], name="case_org_time"),
            models.Index(fields=["organisation", "stage"], name="case_org_stage"),
            # Statistics read only these columns of the counted cases: an index-only scan on
            # PostgreSQL (``include`` is ignored where covering indexes are not supported).
            models.Index(
                fields=["organisation", "identified_on"],
                name="case_org_counted",
                condition=models.Q(statistics_consent=True),
                include=[
                    "person",
                    "trafficking_status",
                    "exploitation_country",
                    "exploitation_types",
                    "recruitment_methods",
                    "methods_of_control",
                ],
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def exploitation_labels(self) -> list[str]:
        labels = dict(vocab.ExploitationType.choices)
        return [str(labels.get(code, code)) for code in self.exploitation_types]

    @property
    def htcds_status(self) -> str:
        if self.stage != Stage.CLOSED:
            return (
                vocab.HtcdsCaseStatus.FOLLOW_UP
                if self.stage == Stage.RETURN
                else (vocab.HtcdsCaseStatus.ACTIVE)
            )
        if self.closure_reason == ClosureReason.REFERRED:
            return vocab.HtcdsCaseStatus.CLOSED_REFERRED
        return vocab.HtcdsCaseStatus.CLOSED


class StageChange(BaseModel):
    """One move through the workflow, with its reason (the case's timeline shows them)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=32, choices=Stage.choices)
    to_stage = models.CharField(max_length=32, choices=Stage.choices)
    reason = EncryptedTextField(_("reason"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    POLICY_ORGANISATION_FIELD = "case__organisation"

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.from_stage} -> {self.to_stage}"


class Proceeding(BaseModel):
    """Criminal, civil or administrative proceedings, tracked alongside assistance."""

    class Kind(models.TextChoices):
        CRIMINAL = "criminal", _("Criminal proceedings")
        CIVIL = "civil", _("Civil proceedings")
        COMPENSATION = "compensation", _("Compensation claim")
        ADMINISTRATIVE = "administrative", _("Administrative (residence, labour)")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="proceedings")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    authority = models.CharField(_("authority"), max_length=200, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)

    POLICY_ORGANISATION_FIELD = "case__organisation"

    def __str__(self) -> str:
        return self.kind


class TraffickingEvent(BaseModel):
    """HTCDS historic trafficking event: recruitment, transit or exploitation."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(_("type"), max_length=16, choices=vocab.EventType.choices)
    country = CountryField(_("country"), blank=True)
    state = models.CharField(_("state / province"), max_length=120, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    street = EncryptedCharField(_("street address"), max_length=300, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    description = EncryptedTextField(_("description"), blank=True)

    POLICY_ORGANISATION_FIELD = "case__organisation"

    class Meta:
        ordering = ["date", "created_at"]

    def __str__(self) -> str:
        return self.type


class CountrySetting(models.Model):
    """Per-country rules, e.g. the length of the recovery and reflection period."""

    country = CountryField(primary_key=True)
    reflection_days = models.PositiveSmallIntegerField(
        _("recovery and reflection period (days)"), default=30
    )

    def __str__(self) -> str:
        return str(self.country)
