"""A document as plain data: a heading, the parties, tables and a summary.

Every document kind is built into this one shape, and every format (PDF, XLSX, XML, HTML)
renders this shape; so a new document is a builder, never a new renderer, and the figures
in all four formats are the same figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

Cell = str | int | dt.date | dt.datetime | None


class DocKind(StrEnum):
    INVOICE = "invoice"  # счёт расчётных периодов
    VAT_INVOICE = "vat_invoice"  # счёт-фактура
    CALL_DETAILS = "call_details"  # детализация разговоров
    BALANCE = "balance"  # детализированный отчёт по балансу
    ACT = "act"  # акт сверки
    UNIFIED_INVOICE = "unified_invoice"  # единый счёт холдинга
    UNIFIED_ACT = "unified_act"  # единый акт сверки холдинга


# Documents over the whole holding: no numbers to choose, company-wide scope only.
HOLDING_KINDS = frozenset({DocKind.UNIFIED_INVOICE, DocKind.UNIFIED_ACT})
# Documents that bill per number, not per account.
NUMBER_KINDS = frozenset({DocKind.CALL_DETAILS})
PAID_KINDS = frozenset({DocKind.CALL_DETAILS})


class DocFormat(StrEnum):
    PDF = "pdf"
    XLSX = "xlsx"
    XML = "xml"
    HTML = "html"


MIME = {
    DocFormat.PDF: "application/pdf",
    DocFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    DocFormat.XML: "application/xml",
    DocFormat.HTML: "text/html",
}


class ColKind(StrEnum):
    TEXT = "text"
    MONEY = "money"  # integer kopecks, shown as roubles
    INT = "int"
    DATE = "date"
    DATETIME = "datetime"
    SECONDS = "seconds"  # a call's duration
    KB = "kb"  # a data session's volume


@dataclass(frozen=True)
class Column:
    key: str  # the XML element name
    title: str
    kind: ColKind = ColKind.TEXT
    width: float = 1.0  # relative, for PDF and HTML


@dataclass(frozen=True)
class Table:
    key: str  # the XML element name of the table
    title: str
    columns: tuple[Column, ...]
    rows: Sequence[tuple[Cell, ...]]
    total: tuple[Cell, ...] | None = None  # the subtotal row, aligned with columns


@dataclass(frozen=True)
class Requisites:
    """A legal entity as documents print it: the operator's come from the settings
    (OPERATOR_*), the customer's from its company record."""

    name: str
    inn: str = ""
    kpp: str = ""
    address: str = ""


@dataclass(frozen=True)
class Party:
    role: str  # «Поставщик», «Покупатель» (in the document's language)
    name: str
    inn: str = ""
    kpp: str = ""
    address: str = ""


@dataclass(frozen=True)
class Line:
    """A money line under the tables: `key` is the same in every language (the XML's
    `key` attribute), `label` is what the reader sees."""

    key: str
    label: str
    amount: int  # kopecks


@dataclass(frozen=True)
class Labels:
    """The renderers' own words, in the document's language."""

    inn: str  # «ИНН» / "INN"
    kpp: str
    page: str  # «Стр. {page} из {pages}»: the renderer fills in the numbers
    continued: str  # after a table's title on the next page


@dataclass(frozen=True)
class Document:
    kind: DocKind
    lang: str  # "ru" / "en": every text below is in it
    number: str  # the document's number
    title: str
    heading: str  # «Счёт-фактура № 7 от 01.11.2026»
    labels: Labels
    issued: dt.date
    start: dt.date
    end: dt.date
    parties: tuple[Party, ...] = ()
    facts: tuple[tuple[str, str], ...] = ()  # («Договор», «№ 123 от 01.02.2020»), …
    tables: tuple[Table, ...] = ()
    summary: tuple[Line, ...] = ()  # the last line is the document's total
    words: str = ""  # the grand total written out (in words in Russian)
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def rows(self) -> int:
        return sum(len(t.rows) for t in self.tables)

    @property
    def total(self) -> int:
        return self.summary[-1].amount if self.summary else 0
