"""The full table of a report as XLSX: typed cells, number formats, a totals row, a frozen
header, column widths. Streamed row by row by the project's XLSX writer, so 50,000 rows
never live in memory as cell objects (and take a second, not twenty)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from services.files.xlsx_writer import SheetWriter, Style
from services.reports.spec import Column, Kind, ReportData

MONEY_FORMAT = '#,##0.00" ₽";[Red]-#,##0.00" ₽"'
INT_FORMAT = "#,##0"
HEADER_FILL = "DDE7F3"
TOTAL_FILL = "F2F2F2"


def write(
    data: ReportData,
    headers: Sequence[str],
    title: str,
    total_label: str,
    value_text: Callable[[Column, object], str] | None = None,
) -> bytes:
    """headers: the column titles in the user's language; title: the sheet's first line."""
    cols = data.columns
    widths = [max(c.width, len(headers[i]) + 2) for i, c in enumerate(cols)]
    w = SheetWriter("Report", widths, freeze_rows=2)
    w.row([title], w.style(Style(bold=True, size=13)))
    w.row(list(headers), w.style(Style(bold=True, fill=HEADER_FILL, wrap=True)))
    money, count = w.style(Style(MONEY_FORMAT)), w.style(Style(INT_FORMAT))
    total_money = w.style(Style(MONEY_FORMAT, bold=True, fill=TOTAL_FILL))
    total_count = w.style(Style(INT_FORMAT, bold=True, fill=TOTAL_FILL))
    total_text = w.style(Style(bold=True, fill=TOTAL_FILL))

    # One converter per column, chosen once: money is stored in kopecks, shown in roubles.
    def money_cell(v: object) -> object:
        return None if v is None else int(v) / 100  # type: ignore[call-overload]

    def int_cell(v: object) -> object:
        return None if v is None else int(v)  # type: ignore[call-overload]

    def text_cell(column: Column) -> Callable[[object], object]:
        if value_text is None or column.kind != Kind.TEXT:
            return lambda v: "" if v is None else str(v)
        return lambda v: value_text(column, v)

    convert: list[Callable[[object], object]] = []
    styles: list[int] = []
    for c in cols:
        if c.kind == Kind.MONEY:
            convert.append(money_cell)
            styles.append(money)
        elif c.kind in (Kind.INT, Kind.MB):
            convert.append(int_cell)
            styles.append(count)
        else:
            convert.append(text_cell(c))
            styles.append(0)
    pairs = list(zip(convert, range(len(cols)), strict=True))
    for row in data.rows:
        w.row([f(row[i]) for f, i in pairs], styles)
    totals: list[object] = []
    total_styles: list[int] = []
    for i, c in enumerate(cols):
        if c.total:
            totals.append(convert[i](data.totals.get(c.key, 0)))
            total_styles.append(total_money if c.kind == Kind.MONEY else total_count)
        else:
            totals.append(total_label if i == 0 else "")
            total_styles.append(total_text)
    w.row(totals, total_styles)
    w.autofilter(2, len(data.rows) + 2, len(cols))
    return w.close()
