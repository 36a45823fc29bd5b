"""IATI 2.03 activity XML, both ways: ``export_activities`` writes a home government's public
projects; ``import_activities`` maps a publication into its registry."""

from .exporter import ExportResult, export_activities, export_result
from .importer import IatiImportError, ImportReport, import_activities

__all__ = [
    "ExportResult",
    "IatiImportError",
    "ImportReport",
    "export_activities",
    "export_result",
    "import_activities",
]
