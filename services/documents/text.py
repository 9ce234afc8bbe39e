"""Cell values as text: one place for how PDF and HTML show money, dates and durations."""

from __future__ import annotations

import datetime as dt

from services import formatting
from services.documents.model import Cell, ColKind


def cell_text(kind: ColKind, value: Cell) -> str:
    if value is None:
        return ""
    if kind == ColKind.MONEY and isinstance(value, int):
        return formatting.amount(value)
    if kind == ColKind.SECONDS and isinstance(value, int):
        return f"{value // 60}:{value % 60:02d}"
    if isinstance(value, dt.datetime):
        return f"{value:%d.%m.%Y %H:%M:%S}"
    if isinstance(value, dt.date):
        return f"{value:%d.%m.%Y}"
    if kind == ColKind.INT and isinstance(value, int):
        return f"{value:,}".replace(",", "\xa0")
    return str(value)


NUMERIC = frozenset({ColKind.MONEY, ColKind.INT, ColKind.SECONDS})
