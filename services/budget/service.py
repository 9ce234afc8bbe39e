"""The budget workplace's service: the month's limits and spending in the user's scope,
setting limits and the company's rules. Every change checks the scope on the server: a
department's manager sets limits only inside their department, and an id from elsewhere
(a forged button) is refused, never acted on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from services import history
from services.access import Principal
from services.access.service import ScopedGrant
from services.budget import figures as fg
from services.budget.enforce import relieve
from services.budget.rules import ACTIONS, Rules, load_rules
from storage.db import Database
from storage.models import (
    BudgetExcess,
    BudgetLevel,
    BudgetLimit,
    BudgetRule,
    Department,
    Number,
    ScopeKind,
    utcnow,
)

MAX_LIMIT = 100_000_000_00  # 100 million ₽: anything above is a typo


class BudgetError(Exception):
    """A refused change; `code` names the sentence (budget-err-<code>)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class LimitView:
    level: BudgetLevel
    target_id: int
    name: str  # department name or phone; "" for the company
    limit: int  # 0: none set
    spent: int

    @property
    def remaining(self) -> int:
        return self.limit - self.spent

    @property
    def share(self) -> int:
        """Percent of the limit spent (0 without a limit)."""
        return self.spent * 100 // self.limit if self.limit else 0


@dataclass(frozen=True)
class Overview:
    month: dt.date
    company: LimitView | None  # only for those who see the whole company
    departments: list[LimitView]
    numbers: list[LimitView]  # the numbers that have a limit
    rules: Rules
    may_rules: bool


def _grants(p: Principal) -> list[ScopedGrant]:
    return p.grants_for("budget")


def whole_company(p: Principal) -> bool:
    return any(g.scope == ScopeKind.COMPANY for g in _grants(p))


def covers(p: Principal, path: str) -> bool:
    for g in _grants(p):
        if g.scope == ScopeKind.COMPANY:
            return True
        if (
            g.scope == ScopeKind.DEPARTMENT
            and g.department_path
            and path.startswith(g.department_path)
        ):
            return True
    return False


class BudgetService:
    def __init__(self, db: Database, clock: Callable[[], dt.datetime] = utcnow) -> None:
        self.db = db
        self.clock = clock

    def month(self) -> dt.date:
        return fg.month_of(self.clock().date())

    async def overview(self, p: Principal) -> Overview:
        if not p.may("budget"):
            raise BudgetError("forbidden")
        month = self.month()
        async with self.db.session() as s:
            fig = await fg.load(s, month, [p.company_id], p.number_scope("budget"))
            rules = (await load_rules(s, p.company_id)).get(p.company_id) or Rules()
        limits = {(lim.level, lim.target_id): lim.amount for lim in fig.limits}
        company = None
        if whole_company(p):
            company = LimitView(
                BudgetLevel.COMPANY,
                0,
                "",
                limits.get((BudgetLevel.COMPANY, 0), 0),
                sum(n.spent for n in fig.numbers.values()),
            )
        departments = [
            LimitView(
                BudgetLevel.DEPARTMENT,
                did,
                fig.names[did],
                limits.get((BudgetLevel.DEPARTMENT, did), 0),
                sum(n.spent for n in fig.in_department(did)),
            )
            for did, path in sorted(fig.paths.items(), key=lambda kv: kv[1])
            if covers(p, path)
        ]
        numbers = [
            LimitView(BudgetLevel.NUMBER, n.number_id, n.msisdn, amount, n.spent)
            for (level, target), amount in limits.items()
            if level == BudgetLevel.NUMBER and (n := fig.numbers.get(target)) is not None
        ]
        numbers.sort(key=lambda v: -v.share)
        return Overview(month, company, departments, numbers, rules, whole_company(p))

    async def set_limit(
        self, p: Principal, level: BudgetLevel, target_id: int, amount: int
    ) -> LimitView:
        """Set (amount > 0) or remove (0) a monthly limit; BudgetError when refused."""
        if not p.may("budget"):
            raise BudgetError("forbidden")
        if amount < 0 or amount > MAX_LIMIT:
            raise BudgetError("amount")
        async with self.db.transaction() as s:
            name = await self._target(s, p, level, target_id)
            if level == BudgetLevel.COMPANY:
                target_id = 0
            await s.execute(
                delete(BudgetLimit).where(
                    BudgetLimit.company_id == p.company_id,
                    BudgetLimit.level == level,
                    BudgetLimit.target_id == target_id,
                )
            )
            if amount:
                s.add(
                    BudgetLimit(
                        company_id=p.company_id,
                        level=level,
                        target_id=target_id,
                        amount=amount,
                        set_by=p.user_id,
                    )
                )
            history.record(
                s,
                company_id=p.company_id,
                user_id=p.user_id,
                action="budget.limit",
                number_id=target_id if level == BudgetLevel.NUMBER else None,
                level=level.value,
                target=target_id,
                amount=amount,
            )
            # A raised or removed limit lifts its bar on outgoing calls at once.
            await s.flush()
            await relieve(s, p.company_id, self.clock())
        return LimitView(level, target_id, name, amount, 0)

    async def target_name(self, p: Principal, level: BudgetLevel, target_id: int) -> str:
        """What a limit would be set on, once the user's scope covers it."""
        if not p.may("budget"):
            raise BudgetError("forbidden")
        async with self.db.session() as s:
            return await self._target(s, p, level, target_id)

    async def current_limit(self, p: Principal, level: BudgetLevel, target_id: int) -> int:
        async with self.db.session() as s:
            await self._target(s, p, level, target_id)
            found = await s.scalar(
                select(BudgetLimit.amount).where(
                    BudgetLimit.company_id == p.company_id,
                    BudgetLimit.level == level,
                    BudgetLimit.target_id == (0 if level == BudgetLevel.COMPANY else target_id),
                )
            )
        return int(found or 0)

    async def _target(
        self, s: AsyncSession, p: Principal, level: BudgetLevel, target_id: int
    ) -> str:
        """The target's name once the user's scope covers it."""
        if level == BudgetLevel.COMPANY:
            if not whole_company(p):
                raise BudgetError("company_only")
            return ""
        if level == BudgetLevel.DEPARTMENT:
            row = (
                await s.execute(
                    select(Department.name, Department.path).where(
                        Department.id == target_id, Department.company_id == p.company_id
                    )
                )
            ).first()
            if row is None or not covers(p, row.path):
                raise BudgetError("scope")
            return str(row.name)
        msisdn = await s.scalar(
            select(Number.msisdn).where(Number.id == target_id, p.number_scope("budget"))
        )
        if msisdn is None:
            raise BudgetError("scope")
        return str(msisdn)

    async def find_number(self, p: Principal, digits: str) -> int:
        """A number in the user's budget scope by its phone (any spelling of the last 10
        digits); BudgetError("number") when there is none."""
        only = "".join(ch for ch in digits if ch.isdigit())
        if len(only) < 10:
            raise BudgetError("number")
        async with self.db.session() as s:
            found = await s.scalar(
                select(Number.id).where(
                    Number.msisdn == "+7" + only[-10:], p.number_scope("budget")
                )
            )
        if found is None:
            raise BudgetError("number")
        return int(found)

    async def set_rules(
        self,
        p: Principal,
        *,
        company_pays: int | None = None,
        excess: BudgetExcess | None = None,
        toggle: tuple[int, str] | None = None,
    ) -> Rules:
        """Change the company's rules: the cap, what the excess does, or switch one action
        on or off at 80 % / 100 %. Only those who see the whole company may."""
        if not p.may("budget") or not whole_company(p):
            raise BudgetError("company_only")
        if company_pays is not None and not 0 <= company_pays <= MAX_LIMIT:
            raise BudgetError("amount")
        if toggle is not None and (toggle[0] not in (80, 100) or toggle[1] not in ACTIONS):
            raise BudgetError("scope")
        async with self.db.transaction() as s:
            row = await s.get(BudgetRule, p.company_id)
            if row is None:
                row = BudgetRule(
                    company_id=p.company_id,
                    company_pays=0,
                    excess=BudgetExcess.EMPLOYEE,
                    at_80="notify",
                    at_100="notify",
                )
                s.add(row)
            if company_pays is not None:
                row.company_pays = company_pays
            if excess is not None:
                row.excess = excess
            if toggle is not None:
                step, action = toggle
                current = set((row.at_80 if step == 80 else row.at_100).split(","))
                current ^= {action}
                text = ",".join(a for a in ACTIONS if a in current)
                if step == 80:
                    row.at_80 = text
                else:
                    row.at_100 = text
            row.updated_at = utcnow()
            history.record(
                s,
                company_id=p.company_id,
                user_id=p.user_id,
                action="budget.rules",
                company_pays=row.company_pays,
                excess=str(row.excess),
                at_80=row.at_80,
                at_100=row.at_100,
            )
            await s.flush()
            await relieve(s, p.company_id, self.clock())
            return (await load_rules(s, p.company_id))[p.company_id]
