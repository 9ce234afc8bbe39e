"""PDF with fpdf2: Cyrillic through a bundled TTF (DejaVu Sans, shipped with matplotlib),
tables that break across pages with their header repeated, «Стр. N из M» on every page.

Rows are drawn with `text()` at computed positions rather than `cell()`: a month of call
details for a thousand numbers is some 150,000 rows, and `cell()` costs about three times
as much per row.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

from fpdf import FPDF

from services.documents.model import Column, Document, Table
from services.documents.text import NUMERIC, cell_text
from services.documents.words import rub

MARGIN = 12.0
ROW = 4.2
SIZE = 7.5


@cache
def font_dir() -> Path:
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("matplotlib (for its DejaVu fonts) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"


class _Pdf(FPDF):
    def __init__(self, doc: Document) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.doc = doc
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(False)
        self.add_font("dv", "", str(font_dir() / "DejaVuSans.ttf"))
        self.add_font("dv", "B", str(font_dir() / "DejaVuSans-Bold.ttf"))
        self.set_title(f"{doc.title} № {doc.number}")
        self.set_creator("Virtual Manager")
        self.alias_nb_pages()

    def footer(self) -> None:
        self.set_font("dv", "", 7)
        self.set_text_color(110)
        y = self.h - 7
        self.text(MARGIN, y, f"{self.doc.title} № {self.doc.number}")
        self.set_xy(self.w - MARGIN - 40, y - 3)
        self.cell(40, 4, f"Стр. {self.page_no()} из {{nb}}", align="R")
        self.set_text_color(0)

    @property
    def bottom(self) -> float:
        return self.h - MARGIN - 2


def _widths(pdf: _Pdf, columns: tuple[Column, ...]) -> list[float]:
    total = sum(c.width for c in columns)
    usable = pdf.w - 2 * MARGIN
    return [usable * c.width / total for c in columns]


def _fit(pdf: _Pdf, text: str, width: float) -> str:
    if len(text) * 1.8 < width or pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text + "…"


def _header(pdf: _Pdf, table: Table, widths: list[float], cont: bool) -> None:
    pdf.set_font("dv", "B", SIZE)
    title = table.title + (" (продолжение)" if cont else "")
    pdf.set_x(MARGIN)
    pdf.multi_cell(0, ROW + 0.6, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("dv", "B", 6.5)
    pdf.set_fill_color(225, 230, 240)
    y = pdf.get_y()
    pdf.rect(MARGIN, y, pdf.w - 2 * MARGIN, 6.6, style="F")
    x = MARGIN
    for col, w in zip(table.columns, widths, strict=True):
        lines = 1 if pdf.get_string_width(col.title) <= w - 1 else 2
        pdf.set_xy(x, y + (1.6 if lines == 1 else 0.1))
        pdf.multi_cell(w, 3.2, col.title, border=0, align="C", max_line_height=3.2)
        x += w
    pdf.set_xy(MARGIN, y + 6.6)
    pdf.set_font("dv", "", SIZE)


def _table(pdf: _Pdf, table: Table) -> None:
    widths = _widths(pdf, table.columns)
    lefts = [MARGIN + sum(widths[:i]) for i in range(len(widths))]
    kinds = [c.kind for c in table.columns]
    numeric = [k in NUMERIC for k in kinds]
    if pdf.get_y() + 3 * ROW + 8 > pdf.bottom:
        pdf.add_page()
    _header(pdf, table, widths, cont=False)
    rows = list(table.rows)
    all_rows = [(r, False) for r in rows]
    if table.total is not None:
        all_rows.append((table.total, True))
    for row, is_total in all_rows:
        y = pdf.get_y()
        if y + ROW > pdf.bottom:
            pdf.add_page()
            _header(pdf, table, widths, cont=True)
            y = pdf.get_y()
        if is_total:
            pdf.set_font("dv", "B", SIZE)
            pdf.line(MARGIN, y + 0.3, pdf.w - MARGIN, y + 0.3)
        base = y + ROW - 1.1
        for i, value in enumerate(row):
            if value is None:
                continue
            text = cell_text(kinds[i], value)
            if not text:
                continue
            if numeric[i]:
                pdf.text(lefts[i] + widths[i] - 1 - pdf.get_string_width(text), base, text)
            else:
                pdf.text(lefts[i] + 0.8, base, _fit(pdf, text, widths[i] - 1.6))
        pdf.set_y(y + ROW)
        if is_total:
            pdf.set_font("dv", "", SIZE)
    pdf.set_y(pdf.get_y() + 2.5)


def render_pdf(doc: Document) -> bytes:
    pdf = _Pdf(doc)
    pdf.add_page()
    pdf.set_font("dv", "B", 13)
    pdf.multi_cell(
        0, 7, f"{doc.title} № {doc.number} от {doc.issued:%d.%m.%Y}", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(1)
    pdf.set_font("dv", "", 8)
    for p in doc.parties:
        reqs = ", ".join(
            x for x in (p.inn and f"ИНН {p.inn}", p.kpp and f"КПП {p.kpp}", p.address) if x
        )
        pdf.set_font("dv", "B", 8)
        pdf.multi_cell(0, 4, f"{p.role}: {p.name}", new_x="LMARGIN", new_y="NEXT")
        if reqs:
            pdf.set_font("dv", "", 8)
            pdf.multi_cell(0, 4, reqs, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("dv", "", 8)
    for name, value in doc.facts:
        pdf.multi_cell(0, 4, f"{name}: {value}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    for table in doc.tables:
        _table(pdf, table)
    if pdf.get_y() + 6 * 4.5 > pdf.bottom:
        pdf.add_page()
    pdf.set_font("dv", "", 8.5)
    for name, amount in doc.summary:
        pdf.set_x(MARGIN)
        pdf.cell(120, 4.5, name)
        pdf.cell(0, 4.5, f"{rub(amount)} ₽", align="R", new_x="LMARGIN", new_y="NEXT")
    if doc.words:
        pdf.ln(1)
        pdf.set_font("dv", "B", 8.5)
        pdf.multi_cell(0, 4.5, doc.words, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("dv", "", 7.5)
    for note in doc.notes:
        pdf.multi_cell(0, 4, note, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
