"""Certificates of completion of a workshop: one bilingual A4 page per trainee, as PDF
(WeasyPrint, with the Chinese system font)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import override

from haven.training.models import Workshop


def certificate_name(user: Any) -> str:
    return user.full_name or user.username


def certificates_pdf(workshop: Workshop, trainees: Sequence[Any]) -> bytes:
    """The PDF of the certificates of ``trainees`` (each a user) for ``workshop``."""
    from weasyprint import HTML

    with override("en"):  # the page carries both languages itself
        html = render_to_string(
            "training/certificates.html",
            {
                "workshop": workshop,
                "names": [certificate_name(user) for user in trainees],
                "issued": timezone.localdate(),
                "organisation": workshop.organisation,
                "organisation_zh": workshop.organisation.name_translations.get("zh-hans", ""),
            },
        )
    return HTML(string=html).write_pdf()
