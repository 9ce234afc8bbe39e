"""Cell values as text: one place for how PDF and HTML show money, dates and durations."""

from __future__ import annotations

import datetime as dt

from services import formatting
from services.documents.model import Cell, ColKind, Document, Party


def cell_text(kind: ColKind, value: Cell, lang: str = "ru") -> str:
    if value is None:
        return ""
    if kind == ColKind.MONEY and isinstance(value, int):
        return formatting.amount(value, lang)
    if kind == ColKind.SECONDS and isinstance(value, int):
        return f"{value // 60}:{value % 60:02d}"
    if isinstance(value, dt.datetime):
        return f"{value:%d.%m.%Y %H:%M:%S}"
    if isinstance(value, dt.date):
        return f"{value:%d.%m.%Y}"
    if kind == ColKind.INT and isinstance(value, int):
        return f"{value:,}".replace(",", "\xa0") if lang == "ru" else f"{value:,}"
    return str(value)


NUMERIC = frozenset({ColKind.MONEY, ColKind.INT, ColKind.SECONDS})


def requisites(doc: Document, p: Party, with_address: bool = True) -> str:
    """«ИНН 5406123450, КПП 540601001, 630099, г. Новосибирск, …» in the document's words."""
    parts = (
        p.inn and f"{doc.labels.inn} {p.inn}",
        p.kpp and f"{doc.labels.kpp} {p.kpp}",
        p.address if with_address else "",
    )
    return ", ".join(x for x in parts if x)
