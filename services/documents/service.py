"""Documents: who may order what, loading the figures, building and rendering off the loop."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from services.access import Principal
from services.documents import queries as q
from services.documents.builders import Inputs, invoice, unified_invoice, vat_invoice
from services.documents.details import call_details
from services.documents.ledgers import act, balance_report, unified_act
from services.documents.model import (
    HOLDING_KINDS,
    MIME,
    NUMBER_KINDS,
    PAID_KINDS,
    DocFormat,
    DocKind,
    Document,
    Requisites,
)
from services.documents.render import render
from services.documents.wording import Wording
from storage.db import Database
from storage.models import ScopeKind

MSK = dt.timezone(dt.timedelta(hours=3))
MAX_DAYS = 366
# Call details are paid: per number and started month of the period (kopecks).
DETAILS_PRICE = 1_000

BUILDERS: dict[DocKind, Callable[[Inputs], Document]] = {
    DocKind.INVOICE: invoice,
    DocKind.VAT_INVOICE: vat_invoice,
    DocKind.CALL_DETAILS: call_details,
    DocKind.BALANCE: balance_report,
    DocKind.ACT: act,
    DocKind.UNIFIED_INVOICE: unified_invoice,
    DocKind.UNIFIED_ACT: unified_act,
}


def moscow_today() -> dt.date:
    return dt.datetime.now(MSK).date()


class DocumentError(Exception):
    """A user mistake with a reason code the handler turns into a sentence."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Target:
    """What a document would cover: «2 номера, 1 ЛС, 1 контракт»."""

    numbers: int
    accounts: int
    contracts: int


@dataclass(frozen=True)
class Rendered:
    filename: str
    content: bytes
    mime: str
    rows: int
    total: int  # the document's last summary line, kopecks


def holding_wide(principal: Principal) -> bool:
    """Unified documents need the whole company in the documents scope."""
    return any(g.scope == ScopeKind.COMPANY for g in principal.grants_for("documents"))


def price(kind: DocKind, numbers: int, start: dt.date, end: dt.date) -> int:
    if kind not in PAID_KINDS:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    return DETAILS_PRICE * numbers * months


class DocumentService:
    def __init__(
        self,
        db: Database,
        operator: Requisites,
        today: Callable[[], dt.date] = moscow_today,
    ) -> None:
        self.db = db
        self.operator = operator  # the supplier on every document (settings OPERATOR_*)
        self.today = today

    def kinds(self, principal: Principal) -> list[DocKind]:
        if not principal.may("documents"):
            return []
        wide = holding_wide(principal)
        return [k for k in DocKind if wide or k not in HOLDING_KINDS]

    def check_period(self, start: dt.date, end: dt.date) -> None:
        if end < start:
            raise DocumentError("period_order")
        if end > self.today():
            raise DocumentError("period_future")
        if (end - start).days >= MAX_DAYS:
            raise DocumentError("period_long")

    async def resolve(
        self, principal: Principal, kind: DocKind, number_ids: Sequence[int]
    ) -> tuple[list[int], list[int]]:
        """(numbers, accounts) the document covers, re-checked against the scope."""
        if kind not in self.kinds(principal):
            raise DocumentError("not_allowed")
        async with self.db.session() as s:
            if kind in HOLDING_KINDS:
                return [], await q.company_accounts(s, principal.company_id)
            if kind in NUMBER_KINDS:
                numbers = await q.numbers_in_scope(s, principal, number_ids)
                if not numbers:
                    raise DocumentError("no_numbers")
                return numbers, []
            accounts = await q.accounts_in_scope(s, principal, number_ids)
            if not accounts:
                raise DocumentError("no_accounts")
            return [], accounts

    async def lookup(
        self, principal: Principal, e164s: Sequence[str]
    ) -> tuple[list[int], list[str]]:
        """Typed numbers (E.164) the user may order documents for, and those not found."""
        async with self.db.session() as s:
            found = await q.numbers_by_msisdn(s, principal, e164s)
        return list(found.values()), [e for e in e164s if e not in found]

    async def target(
        self, principal: Principal, kind: DocKind, number_ids: Sequence[int]
    ) -> Target:
        numbers, accounts = await self.resolve(principal, kind, number_ids)
        async with self.db.session() as s:
            if numbers:
                infos = await q.number_infos(s, numbers)
                contracts = await q.contracts_of_numbers(s, numbers)
                return Target(len(numbers), len({n.account for n in infos}), contracts)
            accs = await q.account_infos(s, accounts)
            return Target(0, len(accs), len({a.contract_id for a in accs}))

    async def load(
        self,
        principal: Principal,
        kind: DocKind,
        number_ids: Sequence[int],
        start: dt.date,
        end: dt.date,
        number: str,
        lang: str = "ru",
    ) -> Inputs:
        self.check_period(start, end)
        numbers, accounts = await self.resolve(principal, kind, number_ids)
        async with self.db.session() as s:
            inp = Inputs(
                kind=kind,
                number=number,
                start=start,
                end=end,
                today=self.today(),
                company=await q.company_info(s, principal.company_id),
                operator=self.operator,
                lang=lang,
            )
            if kind in NUMBER_KINDS:
                inp.numbers = await q.number_infos(s, numbers)
                inp.usage = await q.month_usage(s, numbers, start, end)
                return inp
            inp.accounts = await q.account_infos(s, accounts)
            if kind in (DocKind.INVOICE, DocKind.VAT_INVOICE, DocKind.UNIFIED_INVOICE):
                inp.charges_cat = await q.charges_by_category(s, accounts, start, end)
                return inp
            inp.opening = await q.balances_at(s, accounts, start)
            inp.payments = await q.payments(s, accounts, start, end)
            if kind == DocKind.BALANCE:
                inp.charges_day = await q.charges_by_day(s, accounts, start, end)
            else:
                inp.charges_month = await q.charges_by_month(s, accounts, start, end)
            return inp

    async def make(
        self,
        principal: Principal,
        kind: DocKind,
        fmt: DocFormat,
        number_ids: Sequence[int],
        start: dt.date,
        end: dt.date,
        number: str = "",
        lang: str = "ru",
    ) -> Rendered:
        """Load in the event loop, build and render in a worker thread; every word of the
        document in `lang` (the language of whoever ordered it)."""
        number = number or Wording(lang)("no-number")
        inp = await self.load(principal, kind, number_ids, start, end, number, lang)
        return await asyncio.to_thread(build_and_render, inp, fmt)


def build_and_render(inp: Inputs, fmt: DocFormat) -> Rendered:
    doc = BUILDERS[inp.kind](inp)
    content = render(doc, fmt)
    stem = inp.words(f"file-{inp.kind.value}")
    number = "".join(ch for ch in inp.number if ch.isalnum()) or "0"  # «б/н» has a slash
    name = f"{stem}-{number}-{inp.start:%Y%m%d}-{inp.end:%Y%m%d}.{fmt.value}"
    return Rendered(name, content, MIME[fmt], doc.rows, doc.total)
