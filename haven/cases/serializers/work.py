"""Tasks, notes and documents of a case: input (validate only) and output."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from haven.cases.models import Document, Task
from haven.cases.serializers.common import (
    MAX_TEXT,
    CaseRefSerializer,
    CaseUserRefSerializer,
    case_worker,
)
from haven.cases.services.work import MAX_DOCUMENT_BYTES


class CaseTaskWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    due_on = serializers.DateField()
    owner = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text="Who does it (someone working on cases of the case's organisation); "
        "omitted: you; null: nobody yet.",
    )

    def validate_owner(self, value: Any) -> Any:
        return case_worker(value, self.context["case"].organisation)


class CaseTaskSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    case = CaseRefSerializer()
    kind = serializers.ChoiceField(choices=Task.Kind.choices)
    title = serializers.CharField()
    due_on = serializers.DateField()
    overdue = serializers.SerializerMethodField()
    owner = CaseUserRefSerializer(allow_null=True)
    done_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()

    def get_overdue(self, task: Task) -> bool:
        return task.done_at is None and task.due_on < timezone.localdate()


class CaseNoteWriteSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=MAX_TEXT)


class CaseNoteSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    text = serializers.CharField()
    author = CaseUserRefSerializer(allow_null=True)
    created_at = serializers.DateTimeField()


class CaseDocumentUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Document.Kind.choices)
    file = serializers.FileField(
        allow_empty_file=False, help_text="PDF, PNG or JPEG (recognised by content), 10 MB at most."
    )

    def validate_file(self, value: Any) -> Any:
        if value.size > MAX_DOCUMENT_BYTES:
            raise serializers.ValidationError(_("The file is larger than 10 MB."))
        return value


class CaseDocumentSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=Document.Kind.choices)
    name = serializers.CharField(help_text="The file name as uploaded.")
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    uploaded_by = CaseUserRefSerializer(allow_null=True)
    created_at = serializers.DateTimeField()
