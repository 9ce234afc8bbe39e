"""Finding numbers: free-text search, the billing and company hierarchies, the number card.

Every query includes `principal.number_scope("numbers")` (mostly through `in_scope`): a
number outside the user's scope behaves exactly as if it did not exist (no hint in counts,
cards or errors).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select

from services.access import Principal
from services.phones import digits_only, normalize
from storage.db import Database
from storage.models import (
    Account,
    Block,
    Charge,
    Contract,
    Department,
    Forwarding,
    Number,
    NumberLimit,
    NumberStatus,
    Service,
    Tariff,
)
from storage.models import (
    NumberService as NumberServiceRow,
)

PAGE_SIZE = 8
MAX_HITS = 1000  # a search that finds more is shown as "more than 1000: narrow it down"
QUERY_MAX = 100  # longer text is no search anybody means to type
MIN_SUFFIX = 4  # fewer digits than this match too much to be a useful search


class QueryKind(StrEnum):
    NAME = "name"
    PHONE = "phone"
    SUFFIX = "suffix"  # last digits of a number or of a SIM
    ICCID = "iccid"
    ACCOUNT = "account"
    TOO_SHORT = "too_short"


@dataclass(frozen=True)
class Query:
    kind: QueryKind
    text: str
    value: str = ""  # E.164 phone, digits, or lower-cased words


def classify(text: str) -> Query:
    """Decide what a typed line is: a name, a phone, a SIM, an account or last digits."""
    t = " ".join(text.split())[:QUERY_MAX]
    digits = digits_only(t)
    if any(ch.isalpha() for ch in t):
        words = t.lower()
        return Query(QueryKind.NAME if len(words) >= 2 else QueryKind.TOO_SHORT, t, words)
    if len(digits) in (10, 11) or (t.startswith("+") and len(digits) >= 10):
        phone = normalize(t)
        if phone:
            return Query(QueryKind.PHONE, t, phone)
    if len(digits) == 12:
        return Query(QueryKind.ACCOUNT, t, digits)
    if len(digits) >= 13:
        return Query(QueryKind.ICCID, t, digits)
    if len(digits) >= MIN_SUFFIX:
        return Query(QueryKind.SUFFIX, t, digits)
    return Query(QueryKind.TOO_SHORT, t, digits)


def _prefix(col: Any, value: str, sqlite: bool) -> ColumnElement[bool]:
    """col starts with the digits `value`. SQLite's LIKE can't use an index (it is
    case-insensitive), so there the same test is also given as a range the index serves:
    every character of these columns sorts below ':'."""
    cond = col.startswith(value)
    return and_(col >= value, col < value + ":", cond) if sqlite else cond


def query_condition(q: Query, sqlite: bool = False) -> ColumnElement[bool] | None:
    """SQL condition on Number for a classified query."""
    if q.kind == QueryKind.NAME:
        if sqlite:  # instr() is a plain byte search, a fifth faster than LIKE's folding
            return and_(*(func.instr(Number.holder_search, w) > 0 for w in q.value.split()))
        return and_(*(Number.holder_search.contains(w, autoescape=True) for w in q.value.split()))
    if q.kind == QueryKind.PHONE:
        return Number.msisdn == q.value
    rev = q.value[::-1]
    if q.kind == QueryKind.ACCOUNT:
        # Twelve digits are an account number, or just possibly the tail of a SIM number.
        return or_(
            Number.account_id.in_(select(Account.id).where(Account.number == q.value)),
            _prefix(Number.iccid_rev, rev, sqlite),
        )
    if q.kind == QueryKind.ICCID:
        return _prefix(Number.iccid_rev, rev, sqlite)
    if q.kind == QueryKind.SUFFIX:
        return or_(_prefix(Number.msisdn_rev, rev, sqlite), _prefix(Number.iccid_rev, rev, sqlite))
    return None


@dataclass(frozen=True)
class NumberRow:
    id: int
    msisdn: str
    holder: str
    account: str
    department: str | None
    status: str

    @property
    def blocked(self) -> bool:
        return self.status == NumberStatus.BLOCKED.value


@dataclass(frozen=True)
class Page:
    items: list[NumberRow]
    total: int
    page: int
    pages: int
    capped: bool = False  # more than MAX_HITS matched; total is MAX_HITS


@dataclass(frozen=True)
class ContractRow:
    id: int
    number: str
    name: str
    region: str
    numbers: int


@dataclass(frozen=True)
class AccountRow:
    id: int
    number: str
    name: str
    balance: int
    contract: str
    region: str
    numbers: int


@dataclass(frozen=True)
class DepartmentRow:
    id: int
    name: str
    path: str
    has_children: bool


@dataclass(frozen=True)
class ServiceLine:
    name: str
    status: str
    start_at: dt.datetime | None
    auto_disable_at: dt.datetime | None


@dataclass(frozen=True)
class Card:
    id: int
    msisdn: str
    iccid: str
    holder: str
    comment: str
    email: str | None
    status: str
    department: str | None
    contract: str
    contract_name: str
    region: str
    account: str
    account_id: int
    balance: int
    settlement: str
    tariff: str
    services: list[ServiceLine] = field(default_factory=list)
    blocks: list[tuple[str, dt.datetime, dt.datetime | None]] = field(default_factory=list)
    forwardings: list[tuple[str, str]] = field(default_factory=list)
    limits: list[tuple[int, str]] = field(default_factory=list)
    month_charges: int = 0


@dataclass(frozen=True)
class Source:
    """What a number list shows: a search, an account, a department subtree, a contract."""

    kind: str  # search/account/department/contract
    value: str

    def to_data(self) -> dict[str, str]:
        return {"kind": self.kind, "value": self.value}

    @classmethod
    def from_data(cls, data: dict[str, str]) -> Source:
        return cls(str(data.get("kind", "")), str(data.get("value", "")))


def in_scope(principal: Principal) -> ColumnElement[bool]:
    """The principal's scope as a filter, not an access path.

    Without table statistics SQLite takes `company_id = ?` for selective and walks the
    company index (every number) instead of the index the search key could use; wrapped
    in a CASE the same condition can only filter the rows the key found."""
    return case((principal.number_scope("numbers"), 1), else_=0) == 1


def _row_select() -> Select:
    return (
        select(
            Number.id,
            Number.msisdn,
            Number.holder_name,
            Account.number,
            Department.name,
            Number.status,
        )
        .join(Account, Account.id == Number.account_id)
        .outerjoin(Department, Department.id == Number.department_id)
    )


def _rows(result) -> list[NumberRow]:
    return [
        NumberRow(i, m, h or "", a, d, str(getattr(s, "value", s))) for i, m, h, a, d, s in result
    ]


def _pages(total: int, size: int) -> int:
    return max(1, -(-total // size))


class NumberDirectory:
    """Read side of the Numbers workplace."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # --- search and lists ------------------------------------------------------------------

    async def source_condition(
        self, principal: Principal, source: Source
    ) -> ColumnElement[bool] | None:
        """Condition for a list's numbers (scope not included), or None if it matches nothing."""
        if source.kind == "search":
            return query_condition(classify(source.value), self.db.is_sqlite)
        if source.kind == "department" and source.value == "none":
            return Number.department_id.is_(None)  # numbers nobody put in a department
        if not source.value.isdigit():
            return None
        ident = int(source.value)
        if source.kind == "account":
            return Number.account_id == ident
        if source.kind == "contract":
            return Number.contract_id == ident
        if source.kind == "department":
            async with self.db.session() as s:
                path = await s.scalar(
                    select(Department.path).where(
                        Department.id == ident, Department.company_id == principal.company_id
                    )
                )
            if path is None:
                return None
            subtree = select(Department.id).where(
                Department.company_id == principal.company_id, Department.path.startswith(path)
            )
            return Number.department_id.in_(subtree)
        return None

    async def page(
        self, principal: Principal, source: Source, page: int = 0, size: int = PAGE_SIZE
    ) -> Page:
        cond = await self.source_condition(principal, source)
        if cond is None:
            return Page([], 0, 0, 1)
        if source.kind != "search":
            return await self._list_page(principal, cond, page, size)
        capped = False
        async with self.db.session() as s:
            if classify(source.value).kind == QueryKind.NAME:
                # Walk the name index in order and stop after MAX_HITS: a narrow name costs
                # one scan, a broad one ("ов") stops early instead of sorting half the table.
                hits = list(
                    await s.scalars(
                        select(Number.id)
                        .where(cond, in_scope(principal))
                        .order_by(Number.holder_search, Number.id)
                        .limit(MAX_HITS + 1)
                    )
                )
                capped = len(hits) > MAX_HITS
                hits = hits[:MAX_HITS]
            else:
                # Digits find few numbers through their own index; the scope filters those.
                found = (
                    await s.execute(
                        select(Number.id, Number.msisdn).where(
                            Number.id.in_(select(Number.id).where(cond)), in_scope(principal)
                        )
                    )
                ).all()
                hits = [i for i, _m in sorted(found, key=lambda r: (r[1], r[0]))]
            total = len(hits)
            pages = _pages(total, size)
            page = min(max(page, 0), pages - 1)
            ids = hits[page * size : (page + 1) * size]
            rows = (
                {r.id: r for r in _rows(await s.execute(_row_select().where(Number.id.in_(ids))))}
                if ids
                else {}
            )
            return Page([rows[i] for i in ids if i in rows], total, page, pages, capped)

    async def _list_page(
        self, principal: Principal, cond: ColumnElement[bool], page: int, size: int
    ) -> Page:
        """An account, contract or department: exact count, pages by number."""
        where = and_(cond, in_scope(principal))
        async with self.db.session() as s:
            total = await s.scalar(select(func.count(Number.id)).where(where)) or 0
            pages = _pages(total, size)
            page = min(max(page, 0), pages - 1)
            rows = _rows(
                await s.execute(
                    _row_select()
                    .where(where)
                    .order_by(Number.msisdn)
                    .limit(size)
                    .offset(page * size)
                )
            )
            return Page(rows, total, page, pages)

    async def search(
        self, principal: Principal, text: str, page: int = 0, size: int = PAGE_SIZE
    ) -> tuple[Query, Page]:
        q = classify(text)
        if q.kind == QueryKind.TOO_SHORT:
            return q, Page([], 0, 0, 1)
        return q, await self.page(principal, Source("search", text), page, size)

    async def visible(self, principal: Principal, number_ids: list[int]) -> list[int]:
        """Of these ids (from a client), the ones this principal may see."""
        ids = [i for i in number_ids if isinstance(i, int)]
        if not ids:
            return []
        async with self.db.session() as s:
            return list(
                await s.scalars(select(Number.id).where(Number.id.in_(ids), in_scope(principal)))
            )

    # --- billing hierarchy ---------------------------------------------------------------

    async def contracts(self, principal: Principal) -> list[ContractRow]:
        async with self.db.session() as s:
            rows = await s.execute(
                select(
                    Contract.id,
                    Contract.number,
                    Contract.name,
                    Contract.region,
                    func.count(Number.id),
                )
                .join(Number, Number.contract_id == Contract.id)
                .where(principal.number_scope("numbers"))
                .group_by(Contract.id, Contract.number, Contract.name, Contract.region)
                .order_by(Contract.name, Contract.number)
            )
            return [ContractRow(*r) for r in rows]

    async def accounts(
        self,
        principal: Principal,
        contract_id: int | None = None,
        page: int = 0,
        size: int = PAGE_SIZE,
    ) -> tuple[list[AccountRow], int, int]:
        """Accounts holding numbers in scope (of one contract or all): rows, page, pages."""
        where = principal.number_scope("numbers")
        if contract_id is not None:
            where = and_(where, Number.contract_id == contract_id)
        async with self.db.session() as s:
            total = (
                await s.scalar(select(func.count(func.distinct(Number.account_id))).where(where))
                or 0
            )
            pages = _pages(total, size)
            page = min(max(page, 0), pages - 1)
            rows = await s.execute(
                select(
                    Account.id,
                    Account.number,
                    Account.name,
                    Account.balance,
                    Contract.number,
                    Contract.region,
                    func.count(Number.id),
                )
                .join(Number, Number.account_id == Account.id)
                .join(Contract, Contract.id == Account.contract_id)
                .where(where)
                .group_by(
                    Account.id,
                    Account.number,
                    Account.name,
                    Account.balance,
                    Contract.number,
                    Contract.region,
                )
                .order_by(Account.number)
                .limit(size)
                .offset(page * size)
            )
            return [AccountRow(*r) for r in rows], page, pages

    async def account(self, principal: Principal, account_id: int) -> AccountRow | None:
        async with self.db.session() as s:
            row = (
                await s.execute(
                    select(
                        Account.id,
                        Account.number,
                        Account.name,
                        Account.balance,
                        Contract.number,
                        Contract.region,
                        func.count(Number.id),
                    )
                    .join(Number, Number.account_id == Account.id)
                    .join(Contract, Contract.id == Account.contract_id)
                    .where(in_scope(principal), Account.id == account_id)
                    .group_by(
                        Account.id,
                        Account.number,
                        Account.name,
                        Account.balance,
                        Contract.number,
                        Contract.region,
                    )
                )
            ).first()
            return AccountRow(*row) if row else None

    async def contract(self, principal: Principal, contract_id: int) -> ContractRow | None:
        return next((c for c in await self.contracts(principal) if c.id == contract_id), None)

    # --- company structure ----------------------------------------------------------------

    async def departments(
        self, principal: Principal, parent_id: int | None
    ) -> tuple[DepartmentRow | None, list[DepartmentRow]]:
        """A node of the department tree the principal may see and its visible children.

        parent_id None is the top: the company's roots for company-wide roles, the granted
        departments for a department manager."""
        async with self.db.session() as s:
            rows = (
                await s.execute(
                    select(Department.id, Department.name, Department.path, Department.parent_id)
                    .where(Department.company_id == principal.company_id)
                    .order_by(Department.name)
                )
            ).all()
        visible = [r for r in rows if principal.covers_department(r.path)]
        ids = {r.id for r in visible}
        parents = {r.parent_id for r in rows}

        def node(r) -> DepartmentRow:
            return DepartmentRow(r.id, r.name, r.path, r.id in parents)

        if parent_id is None:
            return None, [node(r) for r in visible if r.parent_id not in ids]
        if parent_id not in ids:
            return None, []
        current = next(r for r in visible if r.id == parent_id)
        return node(current), [node(r) for r in visible if r.parent_id == parent_id]

    async def department_count(self, principal: Principal, department_id: int | None) -> int:
        """Numbers in a department's subtree; None counts those in no department."""
        value = "none" if department_id is None else str(department_id)
        cond = await self.source_condition(principal, Source("department", value))
        if cond is None:
            return 0
        async with self.db.session() as s:
            return (
                await s.scalar(select(func.count(Number.id)).where(in_scope(principal), cond)) or 0
            )

    # --- the card ---------------------------------------------------------------------------

    async def card(
        self, principal: Principal, number_id: int, today: dt.date | None = None
    ) -> Card | None:
        today = today or dt.datetime.now(dt.UTC).date()
        async with self.db.session() as s:
            row = (
                await s.execute(
                    select(Number, Account, Contract, Tariff.name, Department.name)
                    .join(Account, Account.id == Number.account_id)
                    .join(Contract, Contract.id == Number.contract_id)
                    .join(Tariff, Tariff.id == Number.tariff_id)
                    .outerjoin(Department, Department.id == Number.department_id)
                    .where(Number.id == number_id, in_scope(principal))
                )
            ).first()
            if row is None:
                return None
            n, acc, con, tariff, dept = row
            services = [
                ServiceLine(name, status, start, stop)
                for name, status, start, stop in await s.execute(
                    select(
                        Service.name,
                        NumberServiceRow.status,
                        NumberServiceRow.start_at,
                        NumberServiceRow.auto_disable_at,
                    )
                    .join(Service, Service.id == NumberServiceRow.service_id)
                    .where(NumberServiceRow.number_id == n.id, NumberServiceRow.status != "off")
                    .order_by(Service.name)
                )
            ]
            blocks = [
                tuple(r)
                for r in await s.execute(
                    select(Block.kind, Block.since, Block.until)
                    .where(Block.number_id == n.id, Block.active)
                    .order_by(Block.since)
                )
            ]
            forwardings = [
                tuple(r)
                for r in await s.execute(
                    select(Forwarding.condition, Forwarding.target)
                    .where(Forwarding.number_id == n.id)
                    .order_by(Forwarding.id)
                )
            ]
            limits = [
                tuple(r)
                for r in await s.execute(
                    select(NumberLimit.amount, NumberLimit.action)
                    .where(NumberLimit.number_id == n.id)
                    .order_by(NumberLimit.id)
                )
            ]
            charges = (
                await s.scalar(
                    select(func.coalesce(func.sum(Charge.amount), 0)).where(
                        Charge.number_id == n.id,
                        Charge.date >= today.replace(day=1),
                        Charge.date <= today,
                    )
                )
                or 0
            )
            return Card(
                id=n.id,
                msisdn=n.msisdn,
                iccid=n.iccid,
                holder=n.holder_name or "",
                comment=n.comment or "",
                email=n.email,
                status=str(n.status.value),
                department=dept,
                contract=con.number,
                contract_name=con.name,
                region=con.region,
                account=acc.number,
                account_id=acc.id,
                balance=acc.balance,
                settlement=str(acc.settlement.value),
                tariff=tariff,
                services=services,
                blocks=blocks,
                forwardings=forwardings,
                limits=limits,
                month_charges=int(charges),
            )
