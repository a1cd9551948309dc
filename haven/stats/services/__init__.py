"""Writes of the stats app: anonymised exports, annual reports, global dataset imports."""

from haven.stats.services.export import ctdc_file, export_create, export_download
from haven.stats.services.global_data import dataset_delete, dataset_import
from haven.stats.services.reports import report_download, report_request

__all__ = [
    "ctdc_file",
    "dataset_delete",
    "dataset_import",
    "export_create",
    "export_download",
    "report_download",
    "report_request",
]
