"""Import of the CTDC global k-anonymised dataset (63 columns, ``;``-separated) into an
analysis area (``GlobalDataset`` / ``GlobalRecord``), separate from case data. The file is
kept until a background task has read it, then dropped."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_countries import countries
from django_tasks import task

from haven.accounts import policy
from haven.accounts.roles import Cap
from haven.audit.services import record
from haven.stats import actions, selectors
from haven.stats.models import GlobalDataset, GlobalRecord, JobStatus

MAX_BYTES = 200 * 1024 * 1024
REQUIRED = ("yearOfRegistration", "gender", "ageBroad", "citizenship", "CountryOfExploitation")
BATCH = 5000

EXPLOITATION = {
    "isForcedLabour": "ForcedLabour",
    "isSexualExploit": "SexualExploitation",
    "isOtherExploit": "Other",
    "isForcedMarriage": "ForcedMarriage",
    "isForcedMilitary": "ForcedMilitaryByNonStateActors",
    "isOrganRemoval": "OrganRemoval",
    "isSlaveryAndPractices": "Servitude",
}
CONTROL = {
    "meansOfControlDebtBondage": "DebtBondage",
    "meansOfControlTakesEarnings": "TakesEarnings",
    "meansOfControlRestrictsFinancialAccess": "RestrictsFinancialAccess",
    "meansOfControlThreats": "PhysicalThreats",
    "meansOfControlPsychologicalAbuse": "PsychologicalAbuse",
    "meansOfControlPhysicalAbuse": "PhysicalAbuse",
    "meansOfControlSexualAbuse": "SexualAbuse",
    "meansOfControlFalsePromises": "FalsePromises",
    "meansOfControlPsychoactiveSubstances": "PsychoactiveSubstance",
    "meansOfControlRestrictsMedicalCare": "RestrictsMedicalCare",
    "meansOfControlExcessiveWorkingHours": "ExcessiveWorkingHours",
    "meansOfControlUsesChildren": "ThreatensChildrenFamily",
    "meansOfControlThreatOfLawEnforcement": "ThreatsLawEnforcement",
    "meansOfControlWithholdsNecessities": "WithholdsNecessities",
    "meansOfControlWithholdsDocuments": "WithholdsDocuments",
    "meansOfControlOther": "Other",
}
RECRUITER = {
    "recruiterRelationIntimatePartner": "IntimatePartner",
    "recruiterRelationFriend": "Friend",
    "recruiterRelationFamily": "Family",
    "recruiterRelationOther": "Other",
}
GENDER = {"female": "Feminine", "male": "Masculine", "woman": "Feminine", "man": "Masculine"}


def _flag(value: str) -> bool:
    return value.strip().lower() in ("1", "1.0", "true", "yes")


def _country(value: str) -> str:
    code = value.strip().upper()
    if len(code) == 3:
        return countries.alpha2(code) or ""
    return code if len(code) == 2 and code.isalpha() else ""


def _gender(value: str) -> str:
    text = value.strip().lower()
    if not text:
        return ""
    return GENDER.get(text, "NonConforming" if "trans" in text or "conform" in text else "")


def _year(value: str) -> int | None:
    text = value.strip().split(".")[0]
    return int(text) if text.isdigit() and 1900 < int(text) < 2200 else None


def _markers(row: dict[str, str], mapping: dict[str, str]) -> str:
    codes = [code for column, code in mapping.items() if _flag(row.get(column, ""))]
    return f",{','.join(dict.fromkeys(codes))}," if codes else ""


def parse_row(row: dict[str, str]) -> dict[str, Any]:
    return {
        "year": _year(row.get("yearOfRegistration", "")),
        "datasource": row.get("Datasource", "").strip()[:60],
        "gender": _gender(row.get("gender", "")),
        "age_band": row.get("ageBroad", "").strip().replace("--", "-")[:10],
        "majority": row.get("majorityStatus", "").strip()[:10],
        "citizenship": _country(row.get("citizenship", "")),
        "exploitation_country": _country(row.get("CountryOfExploitation", "")),
        "exploitation": _markers(row, EXPLOITATION),
        "control": _markers(row, CONTROL),
        "recruiter": _markers(row, RECRUITER),
    }


def read_header(content: bytes) -> list[str]:
    """The column names, or a ValidationError saying what is wrong with the file."""
    try:
        first = content[:65536].decode("utf-8-sig").splitlines()[0]
    except (UnicodeDecodeError, IndexError):
        raise ValidationError(
            {"file": _("The file is not a UTF-8 text file in the CTDC format.")}
        ) from None
    header = next(csv.reader([first], delimiter=";"))
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ValidationError(
            {
                "file": _(
                    "This is not a CTDC global dataset (semicolon-separated, 63 columns): "
                    "columns missing: {columns}."
                ).format(columns=", ".join(missing))
            }
        )
    return header


@transaction.atomic
def dataset_import(
    *, actor: Any, name: str, content: bytes, request: HttpRequest | None = None
) -> GlobalDataset:
    organisation = selectors.home_organisation(actor, Cap.STATS_EXPORT)
    if organisation is None:
        raise PermissionDenied
    if len(content) > MAX_BYTES:
        raise ValidationError({"file": _("The file is larger than 200 MB.")})
    read_header(content)
    dataset = GlobalDataset.objects.create(
        organisation=organisation,
        imported_by=actor,
        name=name.strip()[:200] or _("CTDC global dataset"),
        upload=content,
    )
    record(actor=actor, action=actions.DATASET_IMPORTED, obj=dataset, request=request)
    transaction.on_commit(lambda: import_dataset.enqueue(str(dataset.pk)))
    return dataset


@task()
def import_dataset(dataset_id: str) -> int:
    """Background: read the kept file into records, then drop the file."""
    dataset = GlobalDataset.objects.get(pk=dataset_id)
    raw = bytes(dataset.upload or b"")
    dataset.status, dataset.progress = JobStatus.RUNNING, 1
    dataset.save(update_fields=["status", "progress", "updated_at"])
    rows = skipped = 0
    try:
        text = raw.decode("utf-8-sig")
        total = max(text.count("\n"), 1)
        reader = csv.DictReader(io.StringIO(text), delimiter=";")
        batch: list[GlobalRecord] = []
        GlobalRecord.objects.filter(dataset=dataset).delete()
        for line in reader:
            values = parse_row({k: v or "" for k, v in line.items() if k})
            if values["year"] is None and not values["gender"] and not values["age_band"]:
                skipped += 1
                continue
            batch.append(GlobalRecord(dataset=dataset, **values))
            rows += 1
            if len(batch) >= BATCH:  # each batch commits, so the progress can be seen
                GlobalRecord.objects.bulk_create(batch)
                batch = []
                GlobalDataset.objects.filter(pk=dataset.pk).update(
                    progress=min(99, 100 * (rows + skipped) // total)
                )
        GlobalRecord.objects.bulk_create(batch)
        dataset.status, dataset.rows, dataset.skipped = JobStatus.DONE, rows, skipped
        dataset.error = ""
    except (UnicodeDecodeError, csv.Error, ValueError) as exc:
        GlobalRecord.objects.filter(dataset=dataset).delete()
        dataset.status, dataset.rows = JobStatus.FAILED, 0
        dataset.error = type(exc).__name__
        rows = 0
    dataset.progress, dataset.upload = 100, None
    dataset.save(
        update_fields=["status", "rows", "skipped", "error", "progress", "upload", "updated_at"]
    )
    return rows


@transaction.atomic
def dataset_delete(
    *, actor: Any, dataset: GlobalDataset, request: HttpRequest | None = None
) -> None:
    if not policy.can(actor, Cap.STATS_EXPORT, dataset):
        raise PermissionDenied
    record(
        actor=actor,
        action=actions.DATASET_DELETED,
        obj=dataset,
        request=request,
        details={"records_count": dataset.rows},
    )
    dataset.delete()
