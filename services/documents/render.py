"""XLSX, XML and HTML renderings of a `Document` (PDF lives in pdf.py)."""

from __future__ import annotations

import datetime as dt
import html
import io
from xml.sax.saxutils import escape, quoteattr

from services import formatting
from services.documents.model import Cell, ColKind, DocFormat, Document
from services.documents.text import NUMERIC, cell_text, requisites
from services.files.xlsx_writer import SheetWriter, Style

XML_NS = "urn:vm-bot:documents:1"

# --- XLSX ---------------------------------------------------------------------------------

FORMATS = {
    ColKind.MONEY: "#,##0.00",
    ColKind.INT: "#,##0",
    ColKind.DATE: "DD.MM.YYYY",
    ColKind.DATETIME: "DD.MM.YYYY HH:MM:SS",
    ColKind.SECONDS: "[m]:ss",
}


def _kopecks(v: object) -> object:
    return v / 100 if isinstance(v, int) else v


def _seconds(v: object) -> object:
    return v / 86400 if isinstance(v, int) else v  # Excel keeps durations as days


def _same(v: object) -> object:
    return v  # datetimes stay as shown: Excel has no time zones, the column says МСК


# Each column kind's conversion, chosen once per table rather than once per cell.
_CONVERT = {ColKind.MONEY: _kopecks, ColKind.SECONDS: _seconds}


def render_xlsx(doc: Document) -> bytes:
    """One sheet: the heading, then each table with its header and subtotal row. Cells are
    typed (numbers, dates, durations) with number formats, so sums work in Excel; rows
    stream out through the project's XLSX writer (a 170,000-row call detail in seconds)."""
    width = max((len(t.columns) for t in doc.tables), default=4)
    w = SheetWriter(doc.title, [20.0, *([18.0] * (width - 1))])
    bold = w.style(Style(bold=True))
    header = w.style(Style(bold=True, wrap=True))
    plain = {k: w.style(Style(f)) for k, f in FORMATS.items()}
    strong = {k: w.style(Style(f, bold=True)) for k, f in FORMATS.items()}

    w.row([doc.heading], bold)
    for p in doc.parties:
        w.row([p.role, p.name, requisites(doc, p, with_address=False), p.address])
    for name, value in doc.facts:
        w.row([name, value])
    w.row([])
    for table in doc.tables:
        w.row([table.title], bold)
        w.row([col.title for col in table.columns], header)
        kinds = [c.kind for c in table.columns]
        styles = [plain.get(k, 0) for k in kinds]
        convert = [(i, _CONVERT[k]) for i, k in enumerate(kinds) if k in _CONVERT]
        for row in table.rows:
            if convert:
                cells: list[object] = list(row)
                for i, f in convert:
                    cells[i] = f(cells[i])
                w.row(cells, styles)
            else:
                w.row(row, styles)
        if table.total is not None:
            w.row(
                [_CONVERT.get(k, _same)(v) for k, v in zip(kinds, table.total, strict=True)],
                [strong.get(k, bold) for k in kinds],
            )
        w.row([])
    for line in doc.summary:
        w.row([line.label, line.amount / 100], [bold, plain[ColKind.MONEY]])
    if doc.words:
        w.row([doc.words], bold)
    for note in doc.notes:
        w.row([note])
    return w.close()


# --- XML ----------------------------------------------------------------------------------


def _xml_value(kind: ColKind, value: Cell) -> str:
    if kind == ColKind.MONEY and isinstance(value, int):
        sign = "-" if value < 0 else ""
        return f"{sign}{abs(value) // 100}.{abs(value) % 100:02d}"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def _money(value: int) -> str:
    return _xml_value(ColKind.MONEY, value)


def render_xml(doc: Document) -> bytes:
    """The structure docs/documents.xsd describes: money as decimal roubles, dates ISO 8601,
    one element per column named by the column's key."""
    out = io.StringIO()
    w = out.write
    w('<?xml version="1.0" encoding="UTF-8"?>\n')
    w(
        f'<document xmlns="{XML_NS}" kind="{doc.kind.value}" lang="{doc.lang}" '
        f"number={quoteattr(doc.number)} "
        f'issued="{doc.issued.isoformat()}" start="{doc.start.isoformat()}" '
        f'end="{doc.end.isoformat()}">\n'
    )
    w(f"  <title>{escape(doc.title)}</title>\n")
    for p in doc.parties:
        w(
            f"  <party role={quoteattr(p.role)} name={quoteattr(p.name)} inn={quoteattr(p.inn)}"
            f" kpp={quoteattr(p.kpp)} address={quoteattr(p.address)}/>\n"
        )
    for name, value in doc.facts:
        w(f"  <fact name={quoteattr(name)}>{escape(value)}</fact>\n")
    for table in doc.tables:
        cols = table.columns
        w(f"  <table key={quoteattr(table.key)} title={quoteattr(table.title)}>\n")
        w("    <columns>")
        w(
            "".join(
                f'<column key={quoteattr(c.key)} kind="{c.kind.value}">{escape(c.title)}</column>'
                for c in cols
            )
        )
        w("</columns>\n")
        for tag, rows in (("row", table.rows), ("total", [table.total] if table.total else [])):
            for row in rows:
                parts = [
                    f"<{c.key}>{escape(_xml_value(c.kind, v))}</{c.key}>"
                    for c, v in zip(cols, row, strict=True)
                    if v is not None
                ]
                w(f"    <{tag}>{''.join(parts)}</{tag}>\n")
        w("  </table>\n")
    w("  <summary>\n")
    for line in doc.summary:
        w(
            f'    <line key="{line.key}" name={quoteattr(line.label)} '
            f'amount="{_money(line.amount)}"/>\n'
        )
    w("  </summary>\n")
    if doc.words:
        w(f"  <words>{escape(doc.words)}</words>\n")
    for note in doc.notes:
        w(f"  <note>{escape(note)}</note>\n")
    w("</document>\n")
    return out.getvalue().encode("utf-8")


# --- HTML ---------------------------------------------------------------------------------

CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;font-size:12px;margin:24px;color:#111}
h1{font-size:18px;margin:0 0 12px}
h2{font-size:13px;margin:18px 0 6px}
table{border-collapse:collapse;width:100%;margin-bottom:8px}
th,td{border:1px solid #bbb;padding:2px 5px;vertical-align:top}
th{background:#e1e6f0;font-weight:bold}
td.n{text-align:right;white-space:nowrap}
tr.total td{font-weight:bold;background:#f4f4f4}
.parties p,.facts p{margin:2px 0}
.summary td{border:none;padding:2px 8px}
.words{font-weight:bold;margin-top:8px}
thead{display:table-header-group}
tr{page-break-inside:avoid}
@media print{body{margin:0}h2{page-break-after:avoid}}
@page{size:A4;margin:12mm}
"""


def render_html(doc: Document) -> bytes:
    """Self-contained (inline CSS, no scripts, no external links) and printable: a table's
    header repeats on every printed page."""
    e = html.escape
    out = io.StringIO()
    w = out.write
    title = doc.heading
    w(f'<!DOCTYPE html>\n<html lang="{doc.lang}"><head><meta charset="utf-8">')
    w(f"<title>{e(title)}</title>")
    w(f'<style>{CSS}</style></head><body>\n<h1>{e(title)}</h1>\n<div class="parties">')
    for p in doc.parties:
        reqs = requisites(doc, p)
        w(f"<p><b>{e(p.role)}:</b> {e(p.name)}{(', ' + e(reqs)) if reqs else ''}</p>")
    w('</div>\n<div class="facts">')
    for name, value in doc.facts:
        w(f"<p><b>{e(name)}:</b> {e(value)}</p>")
    w("</div>\n")
    for table in doc.tables:
        kinds = [c.kind for c in table.columns]
        numeric = [k in NUMERIC for k in kinds]
        w(f'<h2>{e(table.title)}</h2>\n<table data-key="{e(table.key)}"><thead><tr>')
        w("".join(f"<th>{e(c.title)}</th>" for c in table.columns))
        w("</tr></thead><tbody>\n")
        for cls, rows in (
            ("", table.rows),
            (' class="total"', [table.total] if table.total else []),
        ):
            for row in rows:
                cells = []
                for i, v in enumerate(row):
                    text = e(cell_text(kinds[i], v, doc.lang))
                    if kinds[i] == ColKind.MONEY and isinstance(v, int):
                        cells.append(f'<td class="n" data-kop="{v}">{text}</td>')
                    elif numeric[i]:
                        cells.append(f'<td class="n">{text}</td>')
                    else:
                        cells.append(f"<td>{text}</td>")
                w(f"<tr{cls}>{''.join(cells)}</tr>\n")
        w("</tbody></table>\n")
    w('<table class="summary">')
    for line in doc.summary:
        total = e(formatting.money(line.amount, doc.lang))
        w(
            f'<tr data-key="{line.key}"><td>{e(line.label)}</td>'
            f'<td class="n" data-kop="{line.amount}">{total}</td></tr>'
        )
    w("</table>\n")
    if doc.words:
        w(f'<p class="words">{e(doc.words)}</p>\n')
    for note in doc.notes:
        w(f"<p>{e(note)}</p>\n")
    w("</body></html>\n")
    return out.getvalue().encode("utf-8")


def render(doc: Document, fmt: DocFormat) -> bytes:
    if fmt == DocFormat.PDF:
        from services.documents.pdf import render_pdf

        return render_pdf(doc)
    if fmt == DocFormat.XLSX:
        return render_xlsx(doc)
    if fmt == DocFormat.XML:
        return render_xml(doc)
    return render_html(doc)
