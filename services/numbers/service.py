"""Finding numbers: free-text search, the billing and company hierarchies, the number card.

Every query includes `principal.number_scope("numbers")` (mostly through `in_scope`): a
number outside the user's scope behaves exactly as if it did not exist (no hint in counts,
cards or errors).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, and_, func, select

from services.access import Principal
from services.numbers import queries
from services.numbers.queries import (
    in_scope,
    number_rows,
    page_count,
    query_condition,
    row_select,
    starts_with,
)
from services.numbers.results import (
    AccountRow,
    Card,
    ContractRow,
    DepartmentRow,
    Page,
    ServiceLine,
    Source,
)
from services.numbers.search import Query, QueryKind, classify
from storage.db import Database
from storage.models import (
    Account,
    Block,
    Charge,
    Contract,
    Department,
    EmployeeCharge,
    Forwarding,
    Number,
    NumberLimit,
    Service,
    ServiceStatus,
    Tariff,
)
from storage.models import (
    NumberService as NumberServiceRow,
)

PAGE_SIZE = 8
MAX_HITS = 1000  # a search that finds more is shown as "more than 1000: narrow it down"


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
            q = classify(source.value)
            if q.kind == QueryKind.NAME:
                # Surnames first: «Иванов» lists Иванов Иван before Бондаренко Карина
                # Ивановна. Holders whose name starts with the first word come first (the
                # exact surname before longer ones, as a space sorts before a letter), then
                # the rest. Each part walks the name index in order and stops after
                # MAX_HITS: a broad query ("ов") stops early instead of sorting half the table.
                surname = starts_with(Number.holder_search, q.value.split()[0], self.db.is_sqlite)
                hits: list[int] = []
                for part in (surname, ~surname):
                    hits += await s.scalars(
                        select(Number.id)
                        .where(cond, part, in_scope(principal))
                        .order_by(Number.holder_search, Number.id)
                        .limit(MAX_HITS + 1 - len(hits))
                    )
                    if len(hits) > MAX_HITS:
                        break
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
            pages = page_count(total, size)
            page = min(max(page, 0), pages - 1)
            ids = hits[page * size : (page + 1) * size]
            rows = (
                {
                    r.id: r
                    for r in number_rows(await s.execute(row_select().where(Number.id.in_(ids))))
                }
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
            pages = page_count(total, size)
            page = min(max(page, 0), pages - 1)
            rows = number_rows(
                await s.execute(
                    row_select()
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
            pages = page_count(total, size)
            page = min(max(page, 0), pages - 1)
            rows = await s.execute(
                queries.account_rows(where).order_by(Account.number).limit(size).offset(page * size)
            )
            return [AccountRow(*r) for r in rows], page, pages

    async def account(self, principal: Principal, account_id: int) -> AccountRow | None:
        async with self.db.session() as s:
            row = (
                await s.execute(
                    queries.account_rows(and_(in_scope(principal), Account.id == account_id))
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
                    .where(
                        NumberServiceRow.number_id == n.id,
                        NumberServiceRow.status != ServiceStatus.OFF,
                    )
                    .order_by(Service.name)
                )
            ]
            blocks = [
                (kind, since, until)
                for kind, since, until in await s.execute(
                    select(Block.kind, Block.since, Block.until)
                    .where(Block.number_id == n.id, Block.active)
                    .order_by(Block.since)
                )
            ]
            forwardings = [
                (condition, target)
                for condition, target in await s.execute(
                    select(Forwarding.condition, Forwarding.target)
                    .where(Forwarding.number_id == n.id)
                    .order_by(Forwarding.id)
                )
            ]
            limits = [
                (amount, action)
                for amount, action in await s.execute(
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
            owed = await s.scalar(
                select(EmployeeCharge.amount).where(
                    EmployeeCharge.number_id == n.id,
                    EmployeeCharge.month == today.replace(day=1),
                )
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
                owed=int(owed or 0),
            )
