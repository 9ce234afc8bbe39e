"""The streaming XLSX writer: what openpyxl reads back is what was written."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from openpyxl import load_workbook

from services.files.xlsx_writer import SheetWriter, Style, sheet_title


def read(content: bytes):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(content)).active


def test_values_come_back_typed_and_formatted():
    w = SheetWriter("Отчёт", [14, 30.5], freeze_rows=2)
    money = w.style(Style('#,##0.00" ₽"'))
    when = w.style(Style("DD.MM.YYYY HH:MM:SS"))
    day = w.style(Style("DD.MM.YYYY"))
    length = w.style(Style("[m]:ss"))
    head = w.style(Style(bold=True, fill="DDE7F3", wrap=True, size=13))
    w.row(["Заголовок"], head)
    w.row(["Номер", "Сумма"], head)
    moment = dt.datetime(2026, 10, 5, 13, 45, 30, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    w.row(
        [
            "79161234567",
            1234.5,
            7,
            moment,
            dt.date(2026, 2, 28),
            dt.timedelta(seconds=125),
            True,
            Decimal("2.50"),
        ],
        [0, money, 0, when, day, length, 0, 0],
    )
    w.row(["  отступ ", None, "<b>&amp;</b> \x07звонок"])
    w.autofilter(2, 4, 2)
    ws = read(w.close())
    assert ws.title == "Отчёт"
    assert ws.freeze_panes == "A3"
    assert ws.column_dimensions["A"].width == 14
    assert ws.column_dimensions["B"].width == 30.5
    assert ws.auto_filter.ref == "A2:B4"
    assert ws["A1"].font.b and ws["A1"].font.sz == 13
    assert ws["A2"].fill.fgColor.rgb == "FFDDE7F3" and ws["A2"].alignment.wrap_text
    assert ws["A3"].value == "79161234567"
    assert ws["B3"].value == 1234.5 and ws["B3"].number_format == '#,##0.00" ₽"'
    assert ws["C3"].value == 7 and ws["C3"].data_type == "n"
    assert ws["D3"].value == dt.datetime(2026, 10, 5, 13, 45, 30)  # as shown, zone dropped
    assert ws["E3"].value == dt.datetime(2026, 2, 28)
    assert ws["F3"].value == dt.timedelta(seconds=125)
    assert ws["G3"].value is True
    assert ws["H3"].value == 2.5
    assert ws["A4"].value == "  отступ "
    assert ws["B4"].value is None
    assert ws["C4"].value == "<b>&amp;</b> звонок"  # escaped, the control character dropped
    assert ws.max_row == 4


def test_many_rows_stream_and_read_back():
    w = SheetWriter("Big")
    bold = w.style(Style(bold=True))
    for i in range(3000):
        w.row([f"n{i}", i, i / 4], bold if i == 2999 else 0)
    ws = read(w.close())
    rows = list(ws.iter_rows(values_only=True))
    assert len(rows) == 3000
    assert rows[1234] == ("n1234", 1234, 308.5)
    assert ws["A3000"].font.b and not ws["A1"].font.b


def test_sheet_names_excel_would_refuse_are_made_acceptable():
    assert sheet_title("Счёт-фактура [октябрь]: 1/2") == "Счёт-фактура  октябрь   1 2"
    assert len(sheet_title("Д" * 40)) == 31
    assert sheet_title("??") == "Sheet1"
    ws = read(SheetWriter("a/b").close())
    assert ws.title == "a b"
