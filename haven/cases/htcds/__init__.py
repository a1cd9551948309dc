"""HTCDS 2.0 interchange of cases: export to and import from IOM's Excel template layout and
CSV, driven by one mapping table (``mapping.COLUMNS``).

API for views, API endpoints and the ``haven export|import htcds`` commands::

    content = export_cases(actor, "xlsx")            # bytes; name it export_filename("xlsx")
    report = import_cases(actor, organisation, data, "csv", dry_run=True)
    report.ok, report.errors, report.duplicates, report.created
"""

from haven.cases.htcds.export import (
    CONTENT_TYPES,
    ExportFile,
    build_export,
    export_cases,
    export_filename,
)
from haven.cases.htcds.importer import DuplicateFlag, ImportReport, RowError, import_cases

FORMATS = ("xlsx", "csv")

__all__ = [
    "CONTENT_TYPES",
    "FORMATS",
    "DuplicateFlag",
    "ExportFile",
    "ImportReport",
    "RowError",
    "build_export",
    "export_cases",
    "export_filename",
    "import_cases",
]
