"""The operator bills usage as time passes (controllable clock): at last month's pace,
the same whether billed in one tick or many, never twice, nothing for blocked numbers,
subscriptions on the 1st; balances follow. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, func, select, update

from services.events import ChargesAccrued, EventBus
from services.operator.accrual import Accrual
from storage.models import Account, AccrualState, Charge, Number, NumberStatus
from tests import sandbox

NOW = dt.datetime(2026, 11, 10, 0, 0, tzinfo=dt.UTC)
OCTOBER = dt.date(2026, 10, 1)
CALLS_PER_DAY = 1_000_00  # 1 000 ₽ a day in October
SMS_PER_DAY = 50_00


@pytest.fixture
async def env(db):
    world = await sandbox.build(db, numbers=4)
    async with db.transaction() as s:
        numbers = list(await s.scalars(select(Number).order_by(Number.id)))
        for n in numbers:
            for category, per_day in (("calls", CALLS_PER_DAY), ("sms", SMS_PER_DAY)):
                s.add(
                    Charge(
                        number_id=n.id,
                        account_id=n.account_id,
                        date=OCTOBER + dt.timedelta(days=n.id % 28),
                        category=category,
                        amount=per_day * 31,
                    )
                )
    events: list[ChargesAccrued] = []
    bus = EventBus()

    async def heard(e: ChargesAccrued) -> None:
        events.append(e)

    bus.subscribe(ChargesAccrued, heard)
    return world, Accrual(db, bus), events


async def day_charges(db, day: dt.date) -> dict[tuple[int, str], int]:
    async with db.session() as s:
        rows = await s.execute(
            select(Charge.number_id, Charge.category, func.sum(Charge.amount))
            .where(Charge.date == day)
            .group_by(Charge.number_id, Charge.category)
        )
        return {(n, c): int(a) for n, c, a in rows}


async def balances(db) -> int:
    async with db.session() as s:
        return int(await s.scalar(select(func.sum(Account.balance))) or 0)


async def test_usage_accrues_at_last_months_pace_and_balances_follow(db, env):
    world, accrual, events = env
    assert await accrual.tick(NOW) is None  # the first tick only starts the clock
    before = await balances(db)
    for hour in range(1, 25):  # a day in hourly ticks
        await accrual.tick(NOW + dt.timedelta(hours=hour))
    billed = await day_charges(db, NOW.date())
    assert set(billed) == {(n, c) for n in world.numbers for c in ("calls", "sms")}
    for (_n, category), amount in billed.items():
        pace = CALLS_PER_DAY if category == "calls" else SMS_PER_DAY
        assert 0.6 * pace <= amount <= 1.4 * pace
    assert len(set(billed.values())) > 2  # each number and category has its own day
    assert before - await balances(db) == sum(billed.values())
    assert sum(e.amount for e in events) == sum(billed.values())
    assert len(events) == 24

    # The same day billed in one tick gives the same kopecks: the clock decides, not
    # how often the job ran.
    async with db.transaction() as s:
        await s.execute(delete(Charge).where(Charge.date == NOW.date()))
        await s.execute(update(AccrualState).values(accrued_until=NOW))
    await accrual.tick(NOW + dt.timedelta(hours=24))
    assert await day_charges(db, NOW.date()) == billed


async def test_a_tick_never_bills_twice_and_blocked_numbers_use_nothing(db, env):
    world, accrual, _events = env
    await accrual.tick(NOW)
    blocked = world.numbers[0]
    async with db.transaction() as s:
        await s.execute(
            update(Number).where(Number.id == blocked).values(status=NumberStatus.BLOCKED)
        )
    later = NOW + dt.timedelta(hours=6)
    first = await accrual.tick(later)
    assert first is not None and first.amount > 0
    assert await accrual.tick(later) is None  # the same moment again: nothing more
    assert await accrual.tick(later - dt.timedelta(minutes=1)) is None  # a clock behind
    billed = await day_charges(db, NOW.date())
    assert sum(billed.values()) == first.amount
    assert not any(n == blocked for n, _c in billed)


async def test_a_new_month_bills_subscriptions_once(db, env):
    world, accrual, _events = env
    end = dt.datetime(2026, 11, 30, 23, 0, tzinfo=dt.UTC)
    await accrual.tick(end)
    await accrual.tick(end + dt.timedelta(hours=2))  # across midnight into December
    await accrual.tick(end + dt.timedelta(hours=3))
    december = dt.date(2026, 12, 1)
    async with db.session() as s:
        subs = list(
            await s.scalars(
                select(Charge.amount).where(
                    Charge.date == december, Charge.category == "subscription"
                )
            )
        )
    assert subs == [50_000] * len(world.numbers)  # the «Команда» tariff, once each
    # November's last hour and December's first hours both billed usage.
    assert await day_charges(db, dt.date(2026, 11, 30))
    december_usage = await day_charges(db, december)
    assert any(c == "calls" and a > 0 for (_n, c), a in december_usage.items())
