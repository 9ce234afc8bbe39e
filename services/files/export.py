"""The project's one XLSX writer for plain tables (a header row, then rows), and what uses
it. The cells go out through `SheetWriter`, the writer styled reports and documents use."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from services.files.match import LoadReport
from services.files.xlsx_writer import SheetWriter, Style

# What a spreadsheet shows a date or a moment as (the formats openpyxl gave them).
DATE_FORMATS: dict[type, str] = {dt.datetime: "yyyy-mm-dd h:mm:ss", dt.date: "yyyy-mm-dd"}


def write_xlsx(header: Sequence[object], rows: Iterable[Sequence[object]]) -> bytes:
    """A one-sheet workbook, streamed row by row (flat memory); dates read as dates."""
    w = SheetWriter("Sheet")
    dated: dict[type, int] = {
        kind: w.style(Style(number_format=fmt)) for kind, fmt in DATE_FORMATS.items()
    }
    w.row(list(header))
    for r in rows:
        w.row(r, [dated.get(type(v), 0) for v in r])
    return w.close()


def problems_xlsx(report: LoadReport, header: Sequence[str], reasons: Mapping[str, str]) -> bytes:
    return write_xlsx(
        header, ([row, raw, reasons[str(reason)]] for row, raw, reason in report.problems)
    )


def export_xlsx(header: Sequence[str], rows: list[list[object]]) -> bytes:
    return write_xlsx(header, rows)
