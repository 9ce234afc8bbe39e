"""Balance report and reconciliation acts: opening balance → charges and payments → closing.

The opening balance comes from queries.balances_at (today's balance less what moved since),
so every table closes: opening + payments − charges = closing, to the kopeck.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from services.documents.builders import (
    CATEGORIES,
    CATEGORY_ORDER,
    MONTHS,
    OPERATOR,
    Inputs,
    _base_facts,
    _buyer,
    _doc,
    d,
)
from services.documents.model import Cell, ColKind, Column, Document, Table
from services.documents.words import money_words

METHODS = {"bank": "Платёж (банковский перевод)", "card": "Платёж (банковская карта)"}

BALANCE_COLUMNS = (
    Column("date", "Дата", ColKind.DATE, 1.1),
    Column("operation", "Операция", ColKind.TEXT, 3.6),
    Column("charged", "Начислено, ₽", ColKind.MONEY, 1.4),
    Column("paid", "Оплачено, ₽", ColKind.MONEY, 1.4),
    Column("balance", "Остаток, ₽", ColKind.MONEY, 1.4),
)
ACT_COLUMNS = (
    Column("date", "Дата", ColKind.DATE, 1.1),
    Column("entry", "Документ", ColKind.TEXT, 4.0),
    Column("debit", "Начислено (дебет), ₽", ColKind.MONEY, 1.6),
    Column("credit", "Оплачено (кредит), ₽", ColKind.MONEY, 1.6),
)


def _money_summary(opening: int, charged: int, paid: int) -> tuple[tuple[str, int], ...]:
    return (
        ("Остаток на начало периода", opening),
        ("Начислено за период", charged),
        ("Оплачено за период", paid),
        ("Остаток на конец периода", opening + paid - charged),
    )


def balance_report(inp: Inputs) -> Document:
    by_acc: dict[int, list[tuple[dt.date, int, str, int, int]]] = defaultdict(list)
    for acc, day, cat, amount in inp.charges_day:
        order = CATEGORY_ORDER.index(cat) if cat in CATEGORIES else 99
        by_acc[acc].append((day, order, CATEGORIES.get(cat, cat), amount, 0))
    for acc, day, amount, method in inp.payments:
        by_acc[acc].append((day, 100, METHODS.get(method, "Платёж"), 0, amount))
    tables: list[Table] = []
    open_sum = charged_sum = paid_sum = 0
    for a in inp.accounts:
        opening = inp.opening.get(a.id, 0)
        running = opening
        rows: list[tuple[Cell, ...]] = [
            (inp.start, "Остаток на начало периода", None, None, opening)
        ]
        charged = paid = 0
        for day, _o, text, ch, pay in sorted(by_acc.get(a.id, ()), key=lambda r: r[:2]):
            running += pay - ch
            charged += ch
            paid += pay
            rows.append((day, text, ch or None, pay or None, running))
        tables.append(
            Table(
                "account",
                f"Лицевой счёт {a.number} — {a.name} (контракт {a.contract_number})",
                BALANCE_COLUMNS,
                rows,
                (inp.end, "Итого; остаток на конец периода", charged, paid, running),
            )
        )
        open_sum += opening
        charged_sum += charged
        paid_sum += paid
    summary = _money_summary(open_sum, charged_sum, paid_sum)
    return _doc(
        inp,
        parties=(OPERATOR, _buyer(inp)),
        facts=tuple(_base_facts(inp)),
        tables=tuple(tables),
        summary=summary,
        words=f"Остаток на конец периода: {money_words(summary[-1][1])}",
    )


def _saldo(value: int) -> str:
    if value > 0:
        return f"Сальдо в пользу абонента (аванс): {money_words(value)}"
    if value < 0:
        return f"Задолженность абонента: {money_words(-value)}"
    return "Задолженность отсутствует"


def _act_table(
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
        last = dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)
        when = min(last, day_close)
        entries.append((when, 0, f"Начисления за {MONTHS[m - 1]} {y}", amount, None))
    for day, text, amount in pays:
        entries.append((day, 1, text, None, amount))
    entries.sort(key=lambda e: e[:2])
    debit = sum(e[3] or 0 for e in entries)
    credit = sum(e[4] or 0 for e in entries)
    rows: list[tuple[Cell, ...]] = [
        (
            day_open,
            "Сальдо начальное",
            -opening if opening < 0 else None,
            opening if opening > 0 else None,
        )
    ]
    rows += [(e[0], e[2], e[3], e[4]) for e in entries]
    rows.append((day_close, "Обороты за период", debit, credit))
    closing = opening + credit - debit
    rows.append(
        (
            day_close,
            "Сальдо конечное",
            -closing if closing < 0 else None,
            closing if closing > 0 else None,
        )
    )
    return Table(key, title, ACT_COLUMNS, rows), debit, credit


def _act(inp: Inputs, unified: bool) -> Document:
    key_of = {a.id: (a.contract_number if unified else a.number) for a in inp.accounts}
    titles: dict[str, str] = {}
    for a in inp.accounts:
        if unified:
            titles[a.contract_number] = f"Контракт {a.contract_number} — {a.region}"
        else:
            titles[a.number] = f"Лицевой счёт {a.number} (контракт {a.contract_number})"
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
                last = dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)
                pays[k].append((min(last, inp.end), f"Платежи за {MONTHS[m - 1]} {y}", amount))
    else:
        for acc, day, amount, method in inp.payments:
            pays[key_of[acc]].append((day, f"{METHODS.get(method, 'Платёж')} от {d(day)}", amount))
    tables: list[Table] = []
    debit_sum = credit_sum = 0
    for k in sorted(titles):
        table, debit, credit = _act_table(
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
    summary = _money_summary(opening, debit_sum, credit_sum)
    closing = summary[-1][1]
    return _doc(
        inp,
        parties=(OPERATOR, _buyer(inp)),
        facts=tuple(_base_facts(inp)),
        tables=tuple(tables),
        summary=summary,
        words=f"На {d(inp.end)}: {_saldo(closing)}",
        notes=(
            "Положительное сальдо — аванс абонента, отрицательное — задолженность.",
            "Подписи сторон: ____________ / ____________",
        ),
    )


def act(inp: Inputs) -> Document:
    return _act(inp, unified=False)


def unified_act(inp: Inputs) -> Document:
    return _act(inp, unified=True)
