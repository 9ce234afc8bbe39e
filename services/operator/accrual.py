"""The embedded operator bills usage as time passes.

Each tick bills the interval since the last one for every active number: calls, SMS and
data at the pace of the number's previous month (a usage rate per day, varied day by day
by a hash of the number and the date, so the same clock gives the same kopecks), and on
entering a month its subscription and periodic services. Usage goes into one charges row
per number, day and category, read by reports and limits like the demo's history; the
account's balance goes down by the same amount.

Set-based: a handful of statements per day billed, whatever the number of numbers. The
amount billed up to second `t` of a day is floor(rate × t), so consecutive ticks telescope
to the day's amount without rounding losses. The accrued-until mark moves with a guarded
update, so two ticks never bill the same interval.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    case,
    delete,
    exists,
    func,
    insert,
    literal,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from services.events import ChargesAccrued, EventBus
from storage.db import Database
from storage.models import (
    OUTGOING_ONLY,
    Account,
    AccrualState,
    Block,
    Charge,
    Number,
    NumberService,
    NumberStatus,
    Service,
    ServiceStatus,
    Tariff,
    UsageRate,
    utcnow,
)

USAGE = ("calls", "sms", "data")
DAY_SECONDS = 86_400
MAX_GAP = dt.timedelta(days=31)  # a bot down for longer bills the last month only
_STATE = 1


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def previous_month(month: dt.date) -> dt.date:
    return month_of(month - dt.timedelta(days=1))


@dataclass(frozen=True)
class AccrualReport:
    start: dt.datetime
    until: dt.datetime
    amount: int  # kopecks billed in this tick


def _variation(salt: int) -> ColumnElement[Any]:
    """600…1399 per mille: a day's pace between 0.6 and 1.4 of the rate, by number,
    category and date."""
    mix = UsageRate.number_id * 7919 + UsageRate.kind * 15_485_863 + literal(salt * 104_729)
    return 600 + mix % 800


def _billed_by(second: int, salt: int) -> ColumnElement[Any]:
    """Kopecks a number's category has accrued by `second` of the day."""
    if second <= 0:
        return literal(0)
    return UsageRate.per_day * _variation(salt) * second // (DAY_SECONDS * 1000)


class Accrual:
    def __init__(
        self,
        db: Database,
        bus: EventBus | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self.db = db
        self.bus = bus
        self.clock = clock

    async def run(self) -> None:
        """The scheduler job."""
        await self.tick()

    async def tick(self, now: dt.datetime | None = None) -> AccrualReport | None:
        """Bill up to `now`; None when there was nothing to bill (first run, no time
        passed, or another tick billed this interval)."""
        now = now or self.clock()
        async with self.db.transaction() as s:
            report = await self._bill(s, now)
        if report is not None and self.bus is not None:
            await self.bus.publish(ChargesAccrued(report.start, report.until, report.amount))
        return report

    async def _bill(self, s: AsyncSession, now: dt.datetime) -> AccrualReport | None:
        state = await s.get(AccrualState, _STATE)
        if state is None:  # billing starts now: what came before is the demo's history
            await self._refresh_rates(s, month_of(now.date()))
            s.add(AccrualState(id=_STATE, accrued_until=now, rates_month=month_of(now.date())))
            return None
        mark, rates_month = state.accrued_until, state.rates_month
        if now <= mark:
            return None
        moved = await s.execute(
            update(AccrualState)
            .where(AccrualState.id == _STATE, AccrualState.accrued_until == mark)
            .values(accrued_until=now)
        )
        if moved.rowcount != 1:  # type: ignore[attr-defined]
            return None
        start = max(mark, now - MAX_GAP)
        total = 0
        day = start.date()
        while day <= now.date():
            month = month_of(day)
            if month != rates_month:
                await self._refresh_rates(s, month)
                total += await self._monthly_fees(s, month)
                rates_month = month
            midnight = dt.datetime.combine(day, dt.time(), dt.UTC)
            s0 = max(0, int((start - midnight).total_seconds()))
            s1 = min(DAY_SECONDS, int((now - midnight).total_seconds()))
            if s1 > s0:
                total += await self._usage(s, day, s0, s1)
            day += dt.timedelta(days=1)
        await s.execute(
            update(AccrualState).where(AccrualState.id == _STATE).values(rates_month=rates_month)
        )
        return AccrualReport(start, now, total)

    async def _refresh_rates(self, s: AsyncSession, month: dt.date) -> None:
        prev = previous_month(month)
        days = (month - prev).days
        kind = case(*((Charge.category == c, i + 1) for i, c in enumerate(USAGE)), else_=0)
        await s.execute(delete(UsageRate))
        await s.execute(
            insert(UsageRate).from_select(
                ["number_id", "category", "kind", "per_day"],
                select(
                    Charge.number_id,
                    Charge.category,
                    kind,
                    func.sum(Charge.amount) // days,
                )
                .where(Charge.date >= prev, Charge.date < month, Charge.category.in_(USAGE))
                .group_by(Charge.number_id, Charge.category),
            )
        )

    async def _usage(self, s: AsyncSession, day: dt.date, s0: int, s1: int) -> int:
        salt = day.toordinal()
        delta = _billed_by(s1, salt) - _billed_by(s0, salt)
        # A number whose outgoing calls the budget barred makes none: no calls are billed.
        barred = exists().where(
            Block.number_id == Number.id, Block.kind.in_(OUTGOING_ONLY), Block.active
        )
        billable = and_(
            Number.id == UsageRate.number_id,
            Number.status == NumberStatus.ACTIVE,
            UsageRate.per_day > 0,
            ~and_(UsageRate.category == "calls", barred),
        )
        total = int(
            await s.scalar(
                select(func.coalesce(func.sum(delta), 0))
                .select_from(UsageRate)
                .join(Number, billable)
            )
            or 0
        )
        if not total:
            return 0
        # One row per number, day and category: open the day's rows as their first kopeck
        # accrues, then add to them.
        have = exists().where(
            Charge.number_id == UsageRate.number_id,
            Charge.date == day,
            Charge.category == UsageRate.category,
        )
        await s.execute(
            insert(Charge).from_select(
                ["number_id", "account_id", "date", "category", "amount"],
                select(
                    UsageRate.number_id,
                    Number.account_id,
                    literal(day),
                    UsageRate.category,
                    literal(0),
                )
                .join(Number, billable)
                .where(delta > 0, ~have),
            )
        )
        await s.execute(
            update(Charge)
            .where(
                billable,
                Charge.number_id == UsageRate.number_id,
                Charge.category == UsageRate.category,
                Charge.date == day,
                delta > 0,  # a short tick moves few rows by a whole kopeck
            )
            .values(amount=Charge.amount + delta)
        )
        per_account = (
            select(Number.account_id.label("account_id"), func.sum(delta).label("spent"))
            .select_from(UsageRate)
            .join(Number, billable)
            .where(delta > 0)
            .group_by(Number.account_id)
            .subquery()
        )
        await s.execute(
            update(Account)
            .where(Account.id == per_account.c.account_id)
            .values(balance=Account.balance - per_account.c.spent)
        )
        return total

    async def _monthly_fees(self, s: AsyncSession, month: dt.date) -> int:
        """The subscription and periodic services of every active number, on the 1st."""
        active = Number.status == NumberStatus.ACTIVE
        fees = [
            select(
                Number.id.label("number_id"),
                Number.account_id.label("account_id"),
                literal("subscription").label("category"),
                Tariff.monthly_fee.label("amount"),
            )
            .join(Tariff, Tariff.id == Number.tariff_id)
            .where(active, Tariff.monthly_fee > 0),
            select(
                Number.id.label("number_id"),
                Number.account_id.label("account_id"),
                literal("services").label("category"),
                func.sum(Service.price).label("amount"),
            )
            .join(NumberService, NumberService.number_id == Number.id)
            .join(Service, Service.id == NumberService.service_id)
            .where(
                active,
                NumberService.status == ServiceStatus.ACTIVE,
                Service.periodic,
                Service.price > 0,
            )
            .group_by(Number.id, Number.account_id),
        ]
        total = 0
        for q in fees:
            sub = q.subquery()
            total += int(await s.scalar(select(func.coalesce(func.sum(sub.c.amount), 0))) or 0)
            await s.execute(
                insert(Charge).from_select(
                    ["number_id", "account_id", "date", "category", "amount"],
                    select(
                        sub.c.number_id,
                        sub.c.account_id,
                        literal(month),
                        sub.c.category,
                        sub.c.amount,
                    ),
                )
            )
            per_account = (
                select(sub.c.account_id, func.sum(sub.c.amount).label("spent"))
                .group_by(sub.c.account_id)
                .subquery()
            )
            await s.execute(
                update(Account)
                .where(Account.id == per_account.c.account_id)
                .values(balance=Account.balance - per_account.c.spent)
            )
        return total
