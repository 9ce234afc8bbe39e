"""Call details: every call, SMS and data session of the period, per number, with subtotals."""

from __future__ import annotations

from services.documents.builders import EVENT_TITLES, OPERATOR, Inputs, _buyer, _doc, d
from services.documents.cdr import EventKind, events_between
from services.documents.model import Cell, ColKind, Column, Document, Table
from services.documents.words import money_words
from services.numbers.phones import pretty

DETAIL_COLUMNS = (
    Column("at", "Дата и время (МСК)", ColKind.DATETIME, 1.7),
    Column("type", "Тип", ColKind.TEXT, 0.9),
    Column("peer", "Номер / ресурс", ColKind.TEXT, 1.9),
    Column("seconds", "Длит., мин:с", ColKind.SECONDS, 1.0),
    Column("kb", "Объём, КБ", ColKind.INT, 1.0),
    Column("cost", "Стоимость, ₽", ColKind.MONEY, 1.2),
)


def call_details(inp: Inputs) -> Document:
    rows_of: dict[int, list[tuple[Cell, ...]]] = {n.id: [] for n in inp.numbers}
    totals: dict[int, list[int]] = {n.id: [0, 0, 0, 0, 0] for n in inp.numbers}
    for nid, e in events_between(inp.usage, inp.start, inp.end, inp.today):
        t = totals[nid]
        if e.kind == EventKind.CALL:
            rows_of[nid].append(
                (e.at, EVENT_TITLES[e.kind], pretty(e.peer), e.amount, None, e.cost)
            )
            t[0] += e.amount
        elif e.kind == EventKind.SMS:
            rows_of[nid].append((e.at, EVENT_TITLES[e.kind], pretty(e.peer), None, None, e.cost))
            t[1] += 1
        else:
            rows_of[nid].append((e.at, EVENT_TITLES[e.kind], e.peer, None, e.amount, e.cost))
            t[2] += e.amount
        t[3] += e.cost
        t[4] += 1
    tables: list[Table] = []
    grand = 0
    for n in inp.numbers:
        t = totals[n.id]
        holder = f" — {n.holder}" if n.holder else ""
        tables.append(
            Table(
                "number",
                f"{pretty(n.msisdn)}{holder} (ЛС {n.account})",
                DETAIL_COLUMNS,
                rows_of[n.id],
                (None, f"Итого: {t[4]}", f"SMS: {t[1]}", t[0], t[2], t[3]),
            )
        )
        grand += t[3]
    facts = [
        ("Период", f"{d(inp.start)} — {d(inp.end)}"),
        ("Номеров", str(len(inp.numbers))),
    ]
    return _doc(
        inp,
        parties=(OPERATOR, _buyer(inp)),
        facts=tuple(facts),
        tables=tuple(tables),
        summary=(("Итого по детализации", grand),),
        words=f"Итого: {money_words(grand)}",
        notes=("Стоимость указана с НДС. Входящие вызовы в домашнем регионе не тарифицируются.",),
    )
