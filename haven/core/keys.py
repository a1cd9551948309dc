"""Key rotation: re-encrypt every encrypted value under the primary key, rebuild blind indexes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import cast

from django.apps import apps
from django.db import connection, models, transaction

from haven.core import crypto
from haven.core.fields import BlindIndexField, EncryptedMixin

BATCH = 500


@dataclass
class ModelReport:
    label: str
    rows: int = 0
    rewritten: int = 0
    values_by_key: Counter[str] = field(default_factory=Counter)


def protected_models() -> Iterator[
    tuple[type[models.Model], list[models.Field], list[BlindIndexField]]
]:
    for model in apps.get_models():
        fields = model._meta.concrete_fields
        encrypted = [f for f in fields if isinstance(f, EncryptedMixin)]
        indexes = [f for f in fields if isinstance(f, BlindIndexField)]
        if encrypted or indexes:
            yield model, encrypted, indexes  # type: ignore[misc]


def _raw_rows(model: type[models.Model], encrypted: list[models.Field]) -> list[tuple[object, ...]]:
    qn = connection.ops.quote_name
    names = [cast(str, model._meta.pk.column), *(cast(str, f.column) for f in encrypted)]
    columns = ", ".join(qn(c) for c in names)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {qn(model._meta.db_table)}")  # noqa: S608
        return list(cursor.fetchall())


def rotate(*, dry_run: bool = False, reindex: bool = True) -> list[ModelReport]:
    """Rewrite values not under the primary key (and, with ``reindex``, every blind index)."""
    primary = crypto.keyring().primary
    reports = []
    for model, encrypted, indexes in protected_models():
        report = ModelReport(label=model._meta.label)
        stale_pks = []
        for row in _raw_rows(model, encrypted):
            report.rows += 1
            kids = [crypto.key_id_of(str(v)) for v in row[1:] if crypto.is_encrypted(v)]
            report.values_by_key.update(kids)
            if any(kid != primary for kid in kids):
                stale_pks.append(row[0])
        targets = (
            list(model._default_manager.values_list("pk", flat=True))
            if reindex and indexes
            else stale_pks
        )
        if dry_run:
            report.rewritten = len(targets)
            reports.append(report)
            continue
        names = [f.name for f in encrypted] + [f.attname for f in indexes]
        for start in range(0, len(targets), BATCH):
            chunk = targets[start : start + BATCH]
            with transaction.atomic():
                objs = list(model._default_manager.select_for_update().filter(pk__in=chunk))
                for obj in objs:
                    for index in indexes:
                        setattr(obj, index.attname, index.compute(getattr(obj, index.source)))
                model._default_manager.bulk_update(objs, names)
                report.rewritten += len(objs)
        reports.append(report)
    return reports
