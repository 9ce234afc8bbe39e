"""Reports and charts: declarations in catalogue.py, SQL in queries.py, one renderer."""

from services.periods import Period, PeriodKind
from services.reports.catalogue import REPORTS
from services.reports.service import ReportError, ReportFiles, ReportService
from services.reports.spec import (
    Chart,
    ChartKind,
    Column,
    Grouping,
    Kind,
    ReportCode,
    ReportData,
    ReportRequest,
    ReportSpec,
)

__all__ = [
    "REPORTS",
    "Chart",
    "ChartKind",
    "Column",
    "Grouping",
    "Kind",
    "Period",
    "PeriodKind",
    "ReportCode",
    "ReportData",
    "ReportError",
    "ReportFiles",
    "ReportRequest",
    "ReportService",
    "ReportSpec",
]
