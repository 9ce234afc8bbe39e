"""The company's write-off rules as plain data."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import BudgetExcess, BudgetRule

ACTIONS = ("notify", "services_off", "block")  # in the order they are shown


@dataclass(frozen=True)
class Rules:
    company_pays: int = 0  # kopecks a number a month; 0: no cap
    excess: BudgetExcess = BudgetExcess.EMPLOYEE
    at_80: tuple[str, ...] = ("notify",)
    at_100: tuple[str, ...] = ("notify",)


def parse(text: str) -> tuple[str, ...]:
    given = {a.strip() for a in text.split(",")}
    return tuple(a for a in ACTIONS if a in given)


def of(row: BudgetRule | None) -> Rules:
    if row is None:
        return Rules()
    return Rules(row.company_pays, BudgetExcess(row.excess), parse(row.at_80), parse(row.at_100))


async def load_rules(s: AsyncSession, company_id: int | None = None) -> dict[int, Rules]:
    q = select(BudgetRule)
    if company_id is not None:
        q = q.where(BudgetRule.company_id == company_id)
    return {r.company_id: of(r) for r in await s.scalars(q)}
