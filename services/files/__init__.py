"""Selections from files and to files: XLSX/CSV in (read.py, xlsx.py, under the limits of
limits.py), matched to numbers (match.py, queries.py), XLSX out (export.py: the one writer)."""

from services.files.export import export_xlsx, problems_xlsx, write_xlsx
from services.files.limits import (
    LIMITS,
    MAX_BYTES,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UNZIPPED,
    FileProblem,
    Limits,
)
from services.files.match import Key, LoadReport, Reason, Table, classify_value, match
from services.files.queries import CHUNK, export_rows
from services.files.read import (
    HEADERS,
    SNIFF_ROWS,
    check_document,
    file_kind,
    read_file,
    read_table,
)

__all__ = [
    "CHUNK",
    "HEADERS",
    "LIMITS",
    "MAX_BYTES",
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "MAX_UNZIPPED",
    "SNIFF_ROWS",
    "FileProblem",
    "Key",
    "Limits",
    "LoadReport",
    "Reason",
    "Table",
    "check_document",
    "classify_value",
    "export_rows",
    "export_xlsx",
    "file_kind",
    "match",
    "problems_xlsx",
    "read_file",
    "read_table",
    "write_xlsx",
]
