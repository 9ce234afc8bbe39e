"""PDF with fpdf2: Cyrillic through a bundled TTF (DejaVu Sans, shipped with matplotlib),
tables that break across pages with their header repeated, «Стр. N из M» (or "Page N of M":
the document's language) on every page.

Rows are drawn with `text()` at computed positions rather than `cell()`: a month of call
details for a thousand numbers is some 150,000 rows, and `cell()` costs about three times
as much per row.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.fonts import TTFFont
from fpdf.util import escape_parens

from services import formatting
from services.documents.model import Column, Document, Table
from services.documents.text import NUMERIC, cell_text, requisites

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
        self.set_title(doc.heading)
        self.set_creator("Virtual Manager")
        self.alias_nb_pages()

    def footer(self) -> None:
        self.set_font("dv", "", 7)
        self.set_text_color(110)
        y = self.h - 7
        self.text(MARGIN, y, self.doc.heading)
        self.set_xy(self.w - MARGIN - 40, y - 3)
        page = self.doc.labels.page.replace("{page}", str(self.page_no()))
        self.cell(40, 4, page.replace("{pages}", "{nb}"), align="R")
        self.set_text_color(0)

    @property
    def bottom(self) -> float:
        return self.h - MARGIN - 2


def _widths(pdf: _Pdf, columns: tuple[Column, ...]) -> list[float]:
    total = sum(c.width for c in columns)
    usable = pdf.w - 2 * MARGIN
    return [usable * c.width / total for c in columns]


class _Writer:
    """Draws table text straight into the page's content stream.

    fpdf2's `text()` copies the graphics state, re-checks the font and shapes the string on
    every call; for a table of plain strings in one font that is most of the time spent
    (a thousand numbers' call details: some 170,000 rows). This writes the same operators
    `text()` would (`BT x y Td (…) Tj ET`, the font subset picking the glyphs), and measures
    strings once per distinct text, from the font's glyph widths (no line-breaking machinery:
    a cell is one line of plain text). Each character is mapped to its subset code once per
    font, not once per occurrence."""

    def __init__(self, pdf: _Pdf) -> None:
        self.pdf = pdf
        self.widths: dict[tuple[str, float, str], float] = {}
        self.codes: dict[int, dict[str, str]] = {}  # id(font) → char → escaped subset code

    def width(self, text: str) -> float:
        pdf = self.pdf
        key = (pdf.font_style, pdf.font_size_pt, text)
        found = self.widths.get(key)
        if found is None:
            font = pdf.current_font
            if isinstance(font, TTFFont) and not pdf.char_spacing and pdf.font_stretching == 100:
                units = sum(font.cw[ord(c)] for c in text)
                found = units * pdf.font_size_pt * 0.001 / pdf.k
            else:
                found = pdf.get_string_width(text)
            self.widths[key] = found
        return found

    def encode(self, font: Any, text: str) -> str:
        """What `font.encode_text` returns, from a per-character cache."""
        plain = isinstance(font, TTFFont) and not font.is_symbol and not font.color_font
        if not plain:
            return str(font.encode_text(text))
        codes = self.codes.setdefault(id(font), {})
        parts = []
        for ch in text:
            code = codes.get(ch)
            if code is None:
                picked = font.subset.pick(ord(ch))
                code = (
                    ""
                    if picked is None
                    else escape_parens(chr(picked).encode("utf-16-be").decode("latin-1"))
                )
                codes[ch] = code
            parts.append(code)
        return f"({''.join(parts)}) Tj"

    def fit(self, text: str, width: float) -> str:
        if len(text) * 1.8 < width or self.width(text) <= width:
            return text
        while text and self.width(text + "…") > width:
            text = text[:-1]
        return text + "…"

    def line(self, cells: list[tuple[float, float, str]]) -> None:
        pdf = self.pdf
        font = pdf.current_font
        assert font is not None
        if not pdf.current_font_is_set_on_page:
            pdf._out(pdf._set_font_for_page(font, pdf.font_size_pt))
        k, h = pdf.k, pdf.h
        pdf._out(
            " ".join(
                f"BT {x * k:.2f} {(h - y) * k:.2f} Td {self.encode(font, t)} ET"
                for x, y, t in cells
            )
        )


def _split(text: str, w: _Writer, width: float) -> list[str]:
    if w.width(text) <= width or " " not in text:
        return [text]
    words = text.split(" ")
    for cut in range(len(words) - 1, 0, -1):
        first = " ".join(words[:cut])
        if w.width(first) <= width:
            return [first, " ".join(words[cut:])]
    return [words[0], " ".join(words[1:])]


def _header(pdf: _Pdf, w: _Writer, table: Table, widths: list[float], cont: bool) -> None:
    pdf.set_font("dv", "B", SIZE)
    title = table.title + (f" {pdf.doc.labels.continued}" if cont else "")
    pdf.set_x(MARGIN)
    pdf.multi_cell(0, ROW + 0.6, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("dv", "B", 6.5)
    pdf.set_fill_color(225, 230, 240)
    y = pdf.get_y()
    pdf.rect(MARGIN, y, pdf.w - 2 * MARGIN, 6.6, style="F")
    pdf.set_fill_color(0)  # text is painted with the fill colour: back to black
    cells: list[tuple[float, float, str]] = []
    x = MARGIN
    for col, width in zip(table.columns, widths, strict=True):
        lines = _split(col.title, w, width - 1)
        top = y + (4.3 if len(lines) == 1 else 2.7)
        for i, line in enumerate(lines):
            cells.append((x + (width - w.width(line)) / 2, top + i * 3.0, line))
        x += width
    w.line(cells)
    pdf.set_xy(MARGIN, y + 6.6)
    pdf.set_font("dv", "", SIZE)


def _table(pdf: _Pdf, w: _Writer, table: Table) -> None:
    widths = _widths(pdf, table.columns)
    lefts = [MARGIN + sum(widths[:i]) for i in range(len(widths))]
    rights = [left + width - 1 for left, width in zip(lefts, widths, strict=True)]
    kinds = [c.kind for c in table.columns]
    numeric = [k in NUMERIC for k in kinds]
    lang = pdf.doc.lang
    if pdf.get_y() + 3 * ROW + 8 > pdf.bottom:
        pdf.add_page()
    _header(pdf, w, table, widths, cont=False)
    all_rows = [(r, False) for r in table.rows]
    if table.total is not None:
        all_rows.append((table.total, True))
    for row, is_total in all_rows:
        y = pdf.get_y()
        if y + ROW > pdf.bottom:
            pdf.add_page()
            _header(pdf, w, table, widths, cont=True)
            y = pdf.get_y()
        if is_total:
            pdf.set_font("dv", "B", SIZE)
            pdf.line(MARGIN, y + 0.3, pdf.w - MARGIN, y + 0.3)
        base = y + ROW - 1.1
        cells: list[tuple[float, float, str]] = []
        for i, value in enumerate(row):
            if value is None:
                continue
            text = cell_text(kinds[i], value, lang)
            if not text:
                continue
            if numeric[i]:
                cells.append((rights[i] - w.width(text), base, text))
            else:
                cells.append((lefts[i] + 0.8, base, w.fit(text, widths[i] - 1.6)))
        if cells:
            w.line(cells)
        pdf.set_y(y + ROW)
        if is_total:
            pdf.set_font("dv", "", SIZE)
    pdf.set_y(pdf.get_y() + 2.5)


def render_pdf(doc: Document) -> bytes:
    pdf = _Pdf(doc)
    pdf.add_page()
    pdf.set_font("dv", "B", 13)
    pdf.multi_cell(0, 7, doc.heading, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    pdf.set_font("dv", "", 8)
    for p in doc.parties:
        reqs = requisites(doc, p)
        pdf.set_font("dv", "B", 8)
        pdf.multi_cell(0, 4, f"{p.role}: {p.name}", new_x="LMARGIN", new_y="NEXT")
        if reqs:
            pdf.set_font("dv", "", 8)
            pdf.multi_cell(0, 4, reqs, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("dv", "", 8)
    for name, value in doc.facts:
        pdf.multi_cell(0, 4, f"{name}: {value}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    writer = _Writer(pdf)
    for table in doc.tables:
        _table(pdf, writer, table)
    if pdf.get_y() + 6 * 4.5 > pdf.bottom:
        pdf.add_page()
    pdf.set_font("dv", "", 8.5)
    for line in doc.summary:
        pdf.set_x(MARGIN)
        pdf.cell(120, 4.5, line.label)
        money = formatting.money(line.amount, doc.lang)
        pdf.cell(0, 4.5, money, align="R", new_x="LMARGIN", new_y="NEXT")
    if doc.words:
        pdf.ln(1)
        pdf.set_font("dv", "B", 8.5)
        pdf.multi_cell(0, 4.5, doc.words, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("dv", "", 7.5)
    for note in doc.notes:
        pdf.multi_cell(0, 4, note, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
