"""The project's one XLSX writer (plain tables: a header row, then rows), and what uses it."""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence

from services.files.match import LoadReport


def write_xlsx(header: Sequence[object], rows: Iterable[Sequence[object]]) -> bytes:
    """A one-sheet workbook, written in openpyxl's streaming mode (flat memory)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(list(header))
    for r in rows:
        ws.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def problems_xlsx(report: LoadReport, header: Sequence[str], reasons: Mapping[str, str]) -> bytes:
    return write_xlsx(
        header, ([row, raw, reasons[str(reason)]] for row, raw, reason in report.problems)
    )


def export_xlsx(header: Sequence[str], rows: list[list[object]]) -> bytes:
    return write_xlsx(header, rows)
