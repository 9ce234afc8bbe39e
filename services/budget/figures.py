"""The month's spending against the budget's limits, read in one grouped query: per number,
then summed per department subtree and for the company."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, func, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import BudgetLevel, BudgetLimit, Charge, Department, Number


@dataclass(frozen=True)
class NumberSpend:
    number_id: int
    company_id: int
    department_id: int | None
    msisdn: str
    holder: str
    status: str
    spent: int


@dataclass
class Figures:
    """One month of one or more companies."""

    month: dt.date
    numbers: dict[int, NumberSpend] = field(default_factory=dict)
    paths: dict[int, str] = field(default_factory=dict)  # department id -> path
    names: dict[int, str] = field(default_factory=dict)  # department id -> name
    limits: list[BudgetLimit] = field(default_factory=list)

    def in_department(self, department_id: int) -> list[NumberSpend]:
        path = self.paths.get(department_id)
        if path is None:
            return []
        inside = {d for d, p in self.paths.items() if p.startswith(path)}
        return [n for n in self.numbers.values() if n.department_id in inside]

    def in_company(self, company_id: int) -> list[NumberSpend]:
        return [n for n in self.numbers.values() if n.company_id == company_id]

    def covered(self, limit: BudgetLimit) -> list[NumberSpend]:
        """The numbers a limit counts."""
        if limit.level == BudgetLevel.NUMBER:
            n = self.numbers.get(limit.target_id)
            return [n] if n is not None else []
        if limit.level == BudgetLevel.DEPARTMENT:
            return self.in_department(limit.target_id)
        return self.in_company(limit.company_id)

    def spent(self, limit: BudgetLimit) -> int:
        return sum(n.spent for n in self.covered(limit))

    def by_department(self) -> dict[int | None, int]:
        out: defaultdict[int | None, int] = defaultdict(int)
        for n in self.numbers.values():
            out[n.department_id] += n.spent
        return out


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


async def load(
    s: AsyncSession,
    month: dt.date,
    company_ids: Iterable[int],
    numbers: ColumnElement[bool] | None = None,
) -> Figures:
    """The month's figures of these companies (`numbers`: only the numbers it matches)."""
    ids = sorted(set(company_ids))
    fig = Figures(month)
    if not ids:
        return fig
    spent = (
        select(Charge.number_id, func.sum(Charge.amount).label("spent"))
        .where(Charge.date >= month)
        .group_by(Charge.number_id)
        .subquery()
    )
    rows = await s.execute(
        select(
            Number.id,
            Number.company_id,
            Number.department_id,
            Number.msisdn,
            Number.holder_name,
            Number.status,
            func.coalesce(spent.c.spent, 0),
        )
        .outerjoin(spent, spent.c.number_id == Number.id)
        .where(Number.company_id.in_(ids), numbers if numbers is not None else true())
    )
    for nid, cid, did, msisdn, holder, status, used in rows:
        fig.numbers[nid] = NumberSpend(nid, cid, did, msisdn, holder, str(status), int(used))
    for did, path, name in await s.execute(
        select(Department.id, Department.path, Department.name).where(
            Department.company_id.in_(ids)
        )
    ):
        fig.paths[did] = path
        fig.names[did] = name
    fig.limits = list(
        await s.scalars(
            select(BudgetLimit)
            .where(BudgetLimit.company_id.in_(ids), BudgetLimit.amount > 0)
            .order_by(BudgetLimit.id)
        )
    )
    return fig
