"""Tasks, notes and documents of a case."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts.roles import Cap
from haven.audit.services import record
from haven.cases import actions
from haven.cases.models import Case, Document, Note, Task
from haven.cases.services._common import check_owner, require
from haven.core import crypto

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# Recognised by content (magic bytes), never by the file name's extension.
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
DOCUMENT_CONTEXT = "cases.document.blob"


def sniff(data: bytes) -> str | None:
    for signature, content_type in SIGNATURES:
        if data.startswith(signature):
            return content_type
    return None


@transaction.atomic
def task_save(
    *,
    actor: Any,
    case: Case,
    title: str,
    due_on: datetime.date,
    owner: Any = None,
    task: Task | None = None,
    request: HttpRequest | None = None,
) -> Task:
    require(actor, Cap.CASE_EDIT, case)
    item = task or Task(case=case)
    if item.case_id != case.pk:
        raise PermissionDenied
    check_owner(owner, case.organisation)
    item.title, item.due_on, item.owner = title.strip(), due_on, owner
    item.full_clean()
    item.save()
    record(
        actor=actor,
        action=actions.TASK_SAVED,
        obj=case,
        request=request,
        details={"kind": item.kind},
    )
    return item


@transaction.atomic
def task_done(*, actor: Any, task: Task, request: HttpRequest | None = None) -> Task:
    require(actor, Cap.CASE_EDIT, task.case)
    if task.done_at is None:
        task.done_at = timezone.now()
        task.save(update_fields=["done_at", "updated_at"])
        record(
            actor=actor,
            action=actions.TASK_DONE,
            obj=task.case,
            request=request,
            details={"kind": task.kind},
        )
    return task


@transaction.atomic
def note_add(*, actor: Any, case: Case, text: str, request: HttpRequest | None = None) -> Note:
    require(actor, Cap.CASE_EDIT, case)
    if not text.strip():
        raise ValidationError({"text": _("Write the note.")})
    note = Note.objects.create(case=case, text=text.strip(), author=actor)
    record(actor=actor, action=actions.NOTE_ADDED, obj=case, request=request)
    return note


@transaction.atomic
def document_add(
    *, actor: Any, case: Case, kind: str, name: str, data: bytes, request: HttpRequest | None = None
) -> Document:
    require(actor, Cap.CASE_EDIT, case)
    if not data:
        raise ValidationError({"file": _("The file is empty.")})
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ValidationError({"file": _("The file is larger than 10 MB.")})
    content_type = sniff(data)
    if content_type is None:
        raise ValidationError({"file": _("Upload a PDF, PNG or JPEG file.")})
    document = Document(
        case=case,
        kind=kind,
        name=name[:255] or "document",
        content_type=content_type,
        size=len(data),
        uploaded_by=actor,
        blob=crypto.keyring().encrypt_bytes(data, context=DOCUMENT_CONTEXT),
    )
    document.full_clean(exclude=["blob"])
    document.save()
    record(
        actor=actor,
        action=actions.DOCUMENT_ADDED,
        obj=case,
        request=request,
        details={"kind": kind, "content_type": content_type, "size": len(data)},
    )
    return document


def document_open(*, actor: Any, document: Document, request: HttpRequest | None = None) -> bytes:
    """The decrypted file, for someone who may work on the case; the opening is audited."""
    require(actor, Cap.CASE_EDIT, document.case)
    with transaction.atomic():
        record(
            actor=actor,
            action=actions.DOCUMENT_VIEWED,
            obj=document.case,
            request=request,
            details={"document_id": str(document.pk), "kind": document.kind},
        )
    return document_content(document)


def document_content(document: Document) -> bytes:
    return crypto.keyring().decrypt_bytes(bytes(document.blob), context=DOCUMENT_CONTEXT)
