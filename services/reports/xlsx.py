"""The full table of a report as XLSX: typed cells, number formats, a totals row, a frozen
header, column widths. Written with openpyxl's write-only workbook, so 50,000 rows stream
out row by row instead of living in memory as cell objects."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet._write_only import WriteOnlyWorksheet  # type: ignore[import-untyped]

from services.reports.spec import Column, Kind, ReportData

MONEY_FORMAT = '#,##0.00" ₽";[Red]-#,##0.00" ₽"'
INT_FORMAT = "#,##0"
HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
BOLD = Font(bold=True)


def _cell(
    ws: WriteOnlyWorksheet, value: object, column: Column, bold: bool = False
) -> WriteOnlyCell:
    if column.kind == Kind.MONEY:
        cell = WriteOnlyCell(ws, value=None if value is None else int(value) / 100)  # type: ignore[call-overload]
        cell.number_format = MONEY_FORMAT
    elif column.kind in (Kind.INT, Kind.MB):
        cell = WriteOnlyCell(ws, value=None if value is None else int(value))  # type: ignore[call-overload]
        cell.number_format = INT_FORMAT
    else:
        cell = WriteOnlyCell(ws, value="" if value is None else str(value))
    if bold:
        cell.font = BOLD
        cell.fill = TOTAL_FILL
    return cell


def write(
    data: ReportData,
    headers: Sequence[str],
    title: str,
    total_label: str,
    value_text: Callable[[Column, object], str] | None = None,
) -> bytes:
    """headers: the column titles in the user's language; title: the sheet's first line."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title="Report")
    cols = data.columns
    for i, c in enumerate(cols, 1):
        ws.column_dimensions[get_column_letter(i)].width = max(c.width, len(headers[i - 1]) + 2)
    ws.freeze_panes = "A3"
    first = WriteOnlyCell(ws, value=title)
    first.font = Font(bold=True, size=13)
    ws.append([first])
    head = []
    for h in headers:
        cell = WriteOnlyCell(ws, value=h)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        head.append(cell)
    ws.append(head)
    for row in data.rows:
        ws.append(
            [
                _cell(ws, value_text(c, v) if value_text and c.kind == Kind.TEXT else v, c)
                for c, v in zip(cols, row, strict=False)
            ]
        )
    totals: list[WriteOnlyCell] = []
    for i, c in enumerate(cols):
        if c.total:
            totals.append(_cell(ws, data.totals.get(c.key, 0), c, bold=True))
        else:
            totals.append(_cell(ws, total_label if i == 0 else "", Column(c.key), bold=True))
    ws.append(totals)
    ws.auto_filter.ref = f"A2:{get_column_letter(len(cols))}{len(data.rows) + 2}"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
