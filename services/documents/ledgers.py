"""Balance report and reconciliation acts: opening balance → charges and payments → closing.

The opening balance comes from queries.balances_at (today's balance less what moved since),
so every table closes: opening + payments − charges = closing, to the kopeck.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from services.documents.builders import (
    Inputs,
    _base_facts,
    _buyer,
    _doc,
    category_names,
    category_order,
    columns,
    operator_party,
)
from services.documents.model import Cell, ColKind, Document, Line, Table
from services.documents.wording import Wording

BALANCE_COLUMNS = (
    ("date", ColKind.DATE, 1.1),
    ("operation", ColKind.TEXT, 3.6),
    ("charged", ColKind.MONEY, 1.4),
    ("paid", ColKind.MONEY, 1.4),
    ("balance", ColKind.MONEY, 1.4),
)
ACT_COLUMNS = (
    ("date", ColKind.DATE, 1.1),
    ("entry", ColKind.TEXT, 4.0),
    ("debit", ColKind.MONEY, 1.6),
    ("credit", ColKind.MONEY, 1.6),
)


def _methods(w: Wording) -> dict[str, str]:
    return {"bank": w("pay-bank"), "card": w("pay-card")}


def _money_summary(w: Wording, opening: int, charged: int, paid: int) -> tuple[Line, ...]:
    return (
        Line("opening", w("sum-opening"), opening),
        Line("charged", w("sum-charged"), charged),
        Line("paid", w("sum-paid"), paid),
        Line("closing", w("sum-closing"), opening + paid - charged),
    )


def balance_report(inp: Inputs) -> Document:
    w = inp.words
    names, methods, other = category_names(w), _methods(w), w("pay-other")
    by_acc: dict[int, list[tuple[dt.date, int, str, int, int]]] = defaultdict(list)
    for acc, day, cat, amount in inp.charges_day:
        by_acc[acc].append((day, category_order(cat), names.get(cat, cat), amount, 0))
    for acc, day, amount, method in inp.payments:
        by_acc[acc].append((day, 100, methods.get(method, other), 0, amount))
    cols = columns(w, "bal", BALANCE_COLUMNS)
    opening_text, closing_text = w("sum-opening"), w("bal-closing-row")
    tables: list[Table] = []
    open_sum = charged_sum = paid_sum = 0
    for a in inp.accounts:
        opening = inp.opening.get(a.id, 0)
        running = opening
        rows: list[tuple[Cell, ...]] = [(inp.start, opening_text, None, None, opening)]
        charged = paid = 0
        for day, _o, text, ch, pay in sorted(by_acc.get(a.id, ()), key=lambda r: r[:2]):
            running += pay - ch
            charged += ch
            paid += pay
            rows.append((day, text, ch or None, pay or None, running))
        title = w("bal-account", account=a.number, name=a.name, contract=a.contract_number)
        tables.append(
            Table("account", title, cols, rows, (inp.end, closing_text, charged, paid, running))
        )
        open_sum += opening
        charged_sum += charged
        paid_sum += paid
    summary = _money_summary(w, open_sum, charged_sum, paid_sum)
    return _doc(
        inp,
        parties=(operator_party(inp), _buyer(inp)),
        facts=tuple(_base_facts(inp)),
        tables=tuple(tables),
        summary=summary,
        words=w("bal-words", total=w.in_words(summary[-1].amount)),
    )


def _saldo(w: Wording, value: int) -> str:
    if value > 0:
        return w("act-advance", total=w.in_words(value))
    if value < 0:
        return w("act-debt", total=w.in_words(-value))
    return w("act-settled")


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)


def _act_table(
    w: Wording,
    key: str,
    title: str,
    day_open: dt.date,
    day_close: dt.date,
    opening: int,
    charges: dict[tuple[int, int], int],
    pays: list[tuple[dt.date, str, int]],
) -> tuple[Table, int, int]:
    entries: list[tuple[dt.date, int, str, int | None, int | None]] = []
    for (y, m), amount in charges.items():
        when = min(_month_end(y, m), day_close)
        entries.append((when, 0, w("act-charges", **w.month(y, m)), amount, None))
    for day, text, amount in pays:
        entries.append((day, 1, text, None, amount))
    entries.sort(key=lambda e: e[:2])
    debit = sum(e[3] or 0 for e in entries)
    credit = sum(e[4] or 0 for e in entries)
    rows: list[tuple[Cell, ...]] = [
        (
            day_open,
            w("act-opening"),
            -opening if opening < 0 else None,
            opening if opening > 0 else None,
        )
    ]
    rows += [(e[0], e[2], e[3], e[4]) for e in entries]
    rows.append((day_close, w("act-turnover"), debit, credit))
    closing = opening + credit - debit
    rows.append(
        (
            day_close,
            w("act-closing"),
            -closing if closing < 0 else None,
            closing if closing > 0 else None,
        )
    )
    return Table(key, title, columns(w, "act", ACT_COLUMNS), rows), debit, credit


def _act(inp: Inputs, unified: bool) -> Document:
    w = inp.words
    key_of = {a.id: (a.contract_number if unified else a.number) for a in inp.accounts}
    titles: dict[str, str] = {}
    for a in inp.accounts:
        if unified:
            titles[a.contract_number] = w(
                "act-contract", contract=a.contract_number, region=a.region
            )
        else:
            titles[a.number] = w("act-account", account=a.number, contract=a.contract_number)
    openings: dict[str, int] = defaultdict(int)
    for a in inp.accounts:
        openings[key_of[a.id]] += inp.opening.get(a.id, 0)
    charges: dict[str, dict[tuple[int, int], int]] = defaultdict(lambda: defaultdict(int))
    for acc, y, m, amount in inp.charges_month:
        charges[key_of[acc]][(y, m)] += amount
    pays: dict[str, list[tuple[dt.date, str, int]]] = defaultdict(list)
    if unified:  # a holding's year of payments: one line per contract and month
        monthly: dict[str, dict[tuple[int, int], int]] = defaultdict(lambda: defaultdict(int))
        for acc, day, amount, _m in inp.payments:
            monthly[key_of[acc]][(day.year, day.month)] += amount
        for k, months in monthly.items():
            for (y, m), amount in months.items():
                text = w("act-payments", **w.month(y, m))
                pays[k].append((min(_month_end(y, m), inp.end), text, amount))
    else:
        methods, other = _methods(w), w("pay-other")
        for acc, day, amount, method in inp.payments:
            text = w("act-payment", method=methods.get(method, other), date=w.date(day))
            pays[key_of[acc]].append((day, text, amount))
    tables: list[Table] = []
    debit_sum = credit_sum = 0
    for k in sorted(titles):
        table, debit, credit = _act_table(
            w,
            "contract" if unified else "account",
            titles[k],
            inp.start,
            inp.end,
            openings[k],
            charges.get(k, {}),
            pays.get(k, []),
        )
        tables.append(table)
        debit_sum += debit
        credit_sum += credit
    opening = sum(openings.values())
    summary = _money_summary(w, opening, debit_sum, credit_sum)
    closing = summary[-1].amount
    return _doc(
        inp,
        parties=(operator_party(inp), _buyer(inp)),
        facts=tuple(_base_facts(inp)),
        tables=tuple(tables),
        summary=summary,
        words=w("act-words", date=w.date(inp.end), saldo=_saldo(w, closing)),
        notes=(w("act-note-sign"), w("act-note-signatures")),
    )


def act(inp: Inputs) -> Document:
    return _act(inp, unified=False)


def unified_act(inp: Inputs) -> Document:
    return _act(inp, unified=True)
