"""Each document kind as a function from loaded billing data to a `Document`.

Pure and synchronous: the service loads the figures (queries.py), then builds and renders
in a worker thread. Amounts include VAT, as the operator bills them; VAT 20 % is taken out
per line (the lines' VAT adds up to the total's) and shown separately.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from services.documents.cdr import EventKind
from services.documents.model import (
    Cell,
    ColKind,
    Column,
    DocKind,
    Document,
    Party,
    Table,
)
from services.documents.queries import AccountInfo, CompanyInfo, MonthUsage, NumberInfo
from services.documents.words import money_words
from services.periods import MONTHS_RU

VAT_RATE = 20
OPERATOR = Party(
    "Поставщик",
    "ПАО «Телеком-Оператор»",
    inn="7712345671",
    kpp="771201001",
    address="109147, г. Москва, ул. Связистов, д. 4",
)
CATEGORIES = {
    "subscription": "Абонентская плата",
    "calls": "Телефонные соединения",
    "sms": "SMS-сообщения",
    "data": "Передача данных (мобильный интернет)",
    "services": "Дополнительные услуги",
    "ops": "Разовые начисления (операции)",
}
CATEGORY_ORDER = list(CATEGORIES)
MONTHS_GEN = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
MONTHS = MONTHS_RU  # nominative month names: one list, in services/periods.py
TITLES = {
    DocKind.INVOICE: "Счёт расчётного периода",
    DocKind.VAT_INVOICE: "Счёт-фактура",
    DocKind.CALL_DETAILS: "Детализация разговоров",
    DocKind.BALANCE: "Детализированный отчёт по балансу",
    DocKind.ACT: "Акт сверки взаимных расчётов",
    DocKind.UNIFIED_INVOICE: "Единый счёт",
    DocKind.UNIFIED_ACT: "Единый акт сверки",
}
EVENT_TITLES = {EventKind.CALL: "Звонок", EventKind.SMS: "SMS", EventKind.DATA: "Интернет"}


@dataclass
class Inputs:
    """Everything a document is built from, loaded beforehand."""

    kind: DocKind
    number: str
    start: dt.date
    end: dt.date
    today: dt.date
    company: CompanyInfo
    accounts: list[AccountInfo] = field(default_factory=list)
    charges_cat: list[tuple[int, str, int]] = field(default_factory=list)
    charges_day: list[tuple[int, dt.date, str, int]] = field(default_factory=list)
    charges_month: list[tuple[int, int, int, int]] = field(default_factory=list)
    payments: list[tuple[int, dt.date, int, str]] = field(default_factory=list)
    opening: dict[int, int] = field(default_factory=dict)
    numbers: list[NumberInfo] = field(default_factory=list)
    usage: list[MonthUsage] = field(default_factory=list)


def vat_of(gross: int) -> int:
    return (gross * VAT_RATE + (100 + VAT_RATE) // 2) // (100 + VAT_RATE)


def d(day: dt.date) -> str:
    return f"{day:%d.%m.%Y}"


def long_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS_GEN[day.month - 1]} {day.year} г."


def _buyer(inp: Inputs) -> Party:
    c = inp.company
    return Party("Покупатель", c.name, c.inn, c.kpp, c.address)


def _contracts(inp: Inputs) -> str:
    seen: dict[str, str] = {}
    for a in inp.accounts:
        when = f" от {d(a.signed_on)}" if a.signed_on else ""
        seen[a.contract_number] = f"№ {a.contract_number}{when}"
    return "; ".join(seen.values())


def _base_facts(inp: Inputs) -> list[tuple[str, str]]:
    facts = [("Период", f"{d(inp.start)} — {d(inp.end)}")]
    if inp.accounts:
        facts.append(("Договор", _contracts(inp)))
    if inp.accounts and len(inp.accounts) <= 10:
        facts.append(("Лицевые счета", ", ".join(a.number for a in inp.accounts)))
    elif inp.accounts:
        facts.append(("Лицевые счета", str(len(inp.accounts))))
    return facts


def _doc(inp: Inputs, **kw: object) -> Document:
    return Document(
        kind=inp.kind,
        number=inp.number,
        title=TITLES[inp.kind],
        issued=inp.today,
        start=inp.start,
        end=inp.end,
        **kw,  # type: ignore[arg-type]
    )


# --- invoices -----------------------------------------------------------------------------

INVOICE_COLUMNS = (
    Column("n", "№", ColKind.INT, 0.4),
    Column("group", "Контракт / ЛС", ColKind.TEXT, 2.2),
    Column("service", "Наименование услуги", ColKind.TEXT, 3.4),
    Column("net", "Сумма без НДС, ₽", ColKind.MONEY, 1.5),
    Column("vat", "НДС 20 %, ₽", ColKind.MONEY, 1.3),
    Column("gross", "Сумма с НДС, ₽", ColKind.MONEY, 1.5),
)


def _invoice_lines(
    inp: Inputs, group_of: Callable[[AccountInfo], str]
) -> tuple[list[tuple[Cell, ...]], int, int]:
    groups: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_id = {a.id: a for a in inp.accounts}
    for acc, cat, amount in inp.charges_cat:
        groups[group_of(by_id[acc])][cat] += amount
    rows: list[tuple[Cell, ...]] = []
    net_total = vat_total = 0
    for group in sorted(groups):
        cats = groups[group]
        for cat in sorted(cats, key=lambda c: CATEGORY_ORDER.index(c) if c in CATEGORIES else 99):
            gross = cats[cat]
            if not gross:
                continue
            vat = vat_of(gross)
            rows.append((len(rows) + 1, group, CATEGORIES.get(cat, cat), gross - vat, vat, gross))
            net_total += gross - vat
            vat_total += vat
    return rows, net_total, vat_total


def _invoice(inp: Inputs, group_of: Callable[[AccountInfo], str]) -> Document:
    rows, net, vat = _invoice_lines(inp, group_of)
    total = net + vat
    table = Table(
        "lines", "Начисления", INVOICE_COLUMNS, rows, (None, None, "Итого", net, vat, total)
    )
    return _doc(
        inp,
        parties=(OPERATOR, _buyer(inp)),
        facts=tuple(_base_facts(inp)),
        tables=(table,),
        summary=(("Итого без НДС", net), ("НДС 20 %", vat), ("Всего к оплате", total)),
        words=f"Всего к оплате: {money_words(total)}, в том числе НДС 20 %: {money_words(vat)}",
    )


def invoice(inp: Inputs) -> Document:
    return _invoice(inp, lambda a: f"ЛС {a.number}")


def unified_invoice(inp: Inputs) -> Document:
    return _invoice(inp, lambda a: f"{a.contract_number} ({a.region})")


VAT_COLUMNS = (
    Column("n", "№", ColKind.INT, 0.4),
    Column("service", "Наименование услуги", ColKind.TEXT, 3.2),
    Column("unit", "Ед. изм.", ColKind.TEXT, 0.9),
    Column("qty", "Кол-во", ColKind.INT, 0.7),
    Column("price", "Цена без НДС, ₽", ColKind.MONEY, 1.4),
    Column("net", "Стоимость без НДС, ₽", ColKind.MONEY, 1.5),
    Column("rate", "Ставка", ColKind.TEXT, 0.7),
    Column("vat", "Сумма НДС, ₽", ColKind.MONEY, 1.3),
    Column("gross", "Стоимость с НДС, ₽", ColKind.MONEY, 1.5),
)


def vat_invoice(inp: Inputs) -> Document:
    cats: dict[str, int] = defaultdict(int)
    for _acc, cat, amount in inp.charges_cat:
        cats[cat] += amount
    rows: list[tuple[Cell, ...]] = []
    net_total = vat_total = 0
    for cat in sorted(cats, key=lambda c: CATEGORY_ORDER.index(c) if c in CATEGORIES else 99):
        gross = cats[cat]
        if not gross:
            continue
        vat = vat_of(gross)
        net = gross - vat
        name = CATEGORIES.get(cat, cat)
        rows.append((len(rows) + 1, name, "усл. ед.", 1, net, net, "20 %", vat, gross))
        net_total += net
        vat_total += vat
    total = net_total + vat_total
    table = Table(
        "lines",
        "Товары (работы, услуги)",
        VAT_COLUMNS,
        rows,
        (None, "Всего к оплате", None, None, None, net_total, None, vat_total, total),
    )
    facts = [
        ("Дата", long_date(inp.today)),
        ("Валюта", "Российский рубль, 643"),
        *_base_facts(inp),
    ]
    return _doc(
        inp,
        parties=(
            Party("Продавец", OPERATOR.name, OPERATOR.inn, OPERATOR.kpp, OPERATOR.address),
            Party(
                "Покупатель",
                *(_buyer(inp).name, inp.company.inn, inp.company.kpp),
                inp.company.address,
            ),
        ),
        facts=tuple(facts),
        tables=(table,),
        summary=(("Стоимость без НДС", net_total), ("Сумма НДС", vat_total), ("Всего", total)),
        words=f"Всего: {money_words(total)}, в том числе НДС 20 %: {money_words(vat_total)}",
    )
