"""Tasks with deadlines, notes and documents of a case."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.core.fields import EncryptedCharField, EncryptedTextField
from haven.core.models import BaseModel


class Task(BaseModel):
    class Kind(models.TextChoices):
        GENERAL = "general", _("General")
        REFLECTION_END = "reflection_end", _("End of the reflection period")
        REFERRAL_RESPONSE = "referral_response", _("Answer a referral")
        FOLLOW_UP = "follow_up", _("Follow-up")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GENERAL)
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due"), db_index=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    POLICY_ORGANISATION_FIELD = "case__organisation"

    class Meta:
        ordering = ["due_on"]

    def __str__(self) -> str:
        return self.title


class Note(BaseModel):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="notes")
    text = EncryptedTextField(_("note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    POLICY_ORGANISATION_FIELD = "case__organisation"

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.pk)


class Document(BaseModel):
    """An uploaded file, encrypted before it reaches the storage."""

    class Kind(models.TextChoices):
        IDENTITY = "identity", _("Identity document")
        MEDICAL = "medical", _("Medical")
        LEGAL = "legal", _("Legal")
        CONSENT = "consent", _("Signed consent")
        OTHER = "other", _("Other")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = EncryptedCharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    blob = models.BinaryField()  # AES-GCM ciphertext of the file
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    POLICY_ORGANISATION_FIELD = "case__organisation"

    def __str__(self) -> str:
        return self.kind
