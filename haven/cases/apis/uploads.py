"""Uploads of case documents stay in memory: Django would otherwise spool a file above
2.5 MB to a plaintext temporary file, and documents (passports, medical records) may reach
the disk only encrypted."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from haven.cases.services.work import MAX_DOCUMENT_BYTES


class MemoryOnlyUploadHandler(FileUploadHandler):
    """Keeps the first file of a request in memory, up to ``limit`` bytes; any further file
    is skipped. Bytes beyond the limit are counted, not kept, so that the file's ``size``
    tells the validation it is too large."""

    def __init__(self, request: Any = None, limit: int = MAX_DOCUMENT_BYTES) -> None:
        super().__init__(request)
        self.limit = limit
        self.taken = False
        self.buffer = io.BytesIO()
        self.received = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        if self.taken:
            raise SkipFile
        self.taken = True

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.received += len(raw_data)
        if self.received <= self.limit:
            self.buffer.write(raw_data)

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=self.received,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
