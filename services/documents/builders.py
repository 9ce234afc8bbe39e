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
from functools import cached_property

from services.documents.model import (
    Cell,
    ColKind,
    Column,
    DocKind,
    Document,
    Labels,
    Line,
    Party,
    Requisites,
    Table,
)
from services.documents.queries import AccountInfo, CompanyInfo, MonthUsage, NumberInfo
from services.documents.wording import Wording

VAT_RATE = 20
# Billing categories in the order documents list them (their names: `docf-cat-*`).
CATEGORY_ORDER = ("subscription", "calls", "sms", "data", "services", "ops")


@dataclass
class Inputs:
    """Everything a document is built from, loaded beforehand."""

    kind: DocKind
    number: str
    start: dt.date
    end: dt.date
    today: dt.date
    company: CompanyInfo
    operator: Requisites
    lang: str = "ru"
    accounts: list[AccountInfo] = field(default_factory=list)
    charges_cat: list[tuple[int, str, int]] = field(default_factory=list)
    charges_day: list[tuple[int, dt.date, str, int]] = field(default_factory=list)
    charges_month: list[tuple[int, int, int, int]] = field(default_factory=list)
    payments: list[tuple[int, dt.date, int, str]] = field(default_factory=list)
    opening: dict[int, int] = field(default_factory=dict)
    numbers: list[NumberInfo] = field(default_factory=list)
    usage: list[MonthUsage] = field(default_factory=list)

    @cached_property
    def words(self) -> Wording:
        return Wording(self.lang)


def vat_of(gross: int) -> int:
    return (gross * VAT_RATE + (100 + VAT_RATE) // 2) // (100 + VAT_RATE)


def category_order(cat: str) -> int:
    return CATEGORY_ORDER.index(cat) if cat in CATEGORY_ORDER else 99


def category_names(w: Wording) -> dict[str, str]:
    return {c: w(f"cat-{c}") for c in CATEGORY_ORDER}


ColumnSpec = tuple[tuple[str, ColKind, float], ...]  # key, kind, relative width


def columns(w: Wording, prefix: str, spec: ColumnSpec) -> tuple[Column, ...]:
    """The columns with their titles in the document's language (`docf-<prefix>-col-<key>`)."""
    return tuple(Column(key, w(f"{prefix}-col-{key}"), kind, width) for key, kind, width in spec)


def operator_party(inp: Inputs, role: str = "supplier") -> Party:
    o, w = inp.operator, inp.words
    name, address = o.name or w("operator-demo-name"), o.address or w("operator-demo-address")
    return Party(w(role), name, o.inn, o.kpp, address)


def _buyer(inp: Inputs) -> Party:
    c = inp.company
    return Party(inp.words("buyer"), c.name, c.inn, c.kpp, c.address)


def _contracts(inp: Inputs) -> str:
    w = inp.words
    seen: dict[str, str] = {}
    for a in inp.accounts:
        if a.signed_on:
            text = w("contract-dated", number=a.contract_number, date=w.date(a.signed_on))
        else:
            text = w("contract-undated", number=a.contract_number)
        seen[a.contract_number] = text
    return "; ".join(seen.values())


def period_fact(inp: Inputs) -> tuple[str, str]:
    w = inp.words
    return (w("period"), f"{w.date(inp.start)} — {w.date(inp.end)}")


def _base_facts(inp: Inputs) -> list[tuple[str, str]]:
    w = inp.words
    facts = [period_fact(inp)]
    if inp.accounts:
        facts.append((w("contract"), _contracts(inp)))
    if inp.accounts and len(inp.accounts) <= 10:
        facts.append((w("accounts"), ", ".join(a.number for a in inp.accounts)))
    elif inp.accounts:
        facts.append((w("accounts"), str(len(inp.accounts))))
    return facts


def _doc(inp: Inputs, **kw: object) -> Document:
    w = inp.words
    title = w(f"title-{inp.kind.value}")
    labels = Labels(
        inn=w("inn"),
        kpp=w("kpp"),
        page=w("page", page="{page}", pages="{pages}"),
        continued=w("continued"),
    )
    return Document(
        kind=inp.kind,
        lang=w.lang,
        number=inp.number,
        title=title,
        heading=w.heading(title, inp.number, inp.today),
        labels=labels,
        issued=inp.today,
        start=inp.start,
        end=inp.end,
        **kw,  # type: ignore[arg-type]
    )


# --- invoices -----------------------------------------------------------------------------

INVOICE_COLUMNS = (
    ("n", ColKind.INT, 0.4),
    ("group", ColKind.TEXT, 2.2),
    ("service", ColKind.TEXT, 3.4),
    ("net", ColKind.MONEY, 1.5),
    ("vat", ColKind.MONEY, 1.3),
    ("gross", ColKind.MONEY, 1.5),
)


def _invoice_lines(
    inp: Inputs, group_of: Callable[[AccountInfo], str]
) -> tuple[list[tuple[Cell, ...]], int, int]:
    names = category_names(inp.words)
    groups: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_id = {a.id: a for a in inp.accounts}
    for acc, cat, amount in inp.charges_cat:
        groups[group_of(by_id[acc])][cat] += amount
    rows: list[tuple[Cell, ...]] = []
    net_total = vat_total = 0
    for group in sorted(groups):
        cats = groups[group]
        for cat in sorted(cats, key=category_order):
            gross = cats[cat]
            if not gross:
                continue
            vat = vat_of(gross)
            rows.append((len(rows) + 1, group, names.get(cat, cat), gross - vat, vat, gross))
            net_total += gross - vat
            vat_total += vat
    return rows, net_total, vat_total


def _invoice(inp: Inputs, group_of: Callable[[AccountInfo], str]) -> Document:
    w = inp.words
    rows, net, vat = _invoice_lines(inp, group_of)
    total = net + vat
    table = Table(
        "lines",
        w("inv-table"),
        columns(w, "inv", INVOICE_COLUMNS),
        rows,
        (None, None, w("inv-total"), net, vat, total),
    )
    return _doc(
        inp,
        parties=(operator_party(inp), _buyer(inp)),
        facts=tuple(_base_facts(inp)),
        tables=(table,),
        summary=(
            Line("net", w("inv-net"), net),
            Line("vat", w("inv-vat"), vat),
            Line("total", w("inv-due"), total),
        ),
        words=w("inv-words", total=w.in_words(total), vat=w.in_words(vat)),
    )


def invoice(inp: Inputs) -> Document:
    w = inp.words
    return _invoice(inp, lambda a: w("inv-group-account", account=a.number))


def unified_invoice(inp: Inputs) -> Document:
    w = inp.words
    return _invoice(
        inp, lambda a: w("inv-group-contract", contract=a.contract_number, region=a.region)
    )


VAT_COLUMNS = (
    ("n", ColKind.INT, 0.4),
    ("service", ColKind.TEXT, 3.2),
    ("unit", ColKind.TEXT, 0.9),
    ("qty", ColKind.INT, 0.7),
    ("price", ColKind.MONEY, 1.4),
    ("net", ColKind.MONEY, 1.5),
    ("rate", ColKind.TEXT, 0.7),
    ("vat", ColKind.MONEY, 1.3),
    ("gross", ColKind.MONEY, 1.5),
)


def vat_invoice(inp: Inputs) -> Document:
    w = inp.words
    names = category_names(w)
    unit, rate = w("sf-unit"), w("sf-rate")
    cats: dict[str, int] = defaultdict(int)
    for _acc, cat, amount in inp.charges_cat:
        cats[cat] += amount
    rows: list[tuple[Cell, ...]] = []
    net_total = vat_total = 0
    for cat in sorted(cats, key=category_order):
        gross = cats[cat]
        if not gross:
            continue
        vat = vat_of(gross)
        net = gross - vat
        rows.append((len(rows) + 1, names.get(cat, cat), unit, 1, net, net, rate, vat, gross))
        net_total += net
        vat_total += vat
    total = net_total + vat_total
    table = Table(
        "lines",
        w("sf-table"),
        columns(w, "sf", VAT_COLUMNS),
        rows,
        (None, w("sf-total"), None, None, None, net_total, None, vat_total, total),
    )
    facts = [
        (w("date"), w.long_date(inp.today)),
        (w("currency"), w("currency-rub")),
        *_base_facts(inp),
    ]
    return _doc(
        inp,
        parties=(operator_party(inp, "seller"), _buyer(inp)),
        facts=tuple(facts),
        tables=(table,),
        summary=(
            Line("net", w("sf-net"), net_total),
            Line("vat", w("sf-vat"), vat_total),
            Line("total", w("sf-due"), total),
        ),
        words=w("sf-words", total=w.in_words(total), vat=w.in_words(vat_total)),
    )
