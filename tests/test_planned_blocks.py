"""Recurring blocks: outgoing blocked every Saturday 00:00 and lifted Monday 08:00 in the
number's own zone, with the scheduler driven by a controllable clock; it fires on two
consecutive weekends and lifts each Monday, and ends on its date."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from services.events import EventBus
from services.operations.executor import Executor
from services.operations.pipeline import Pipeline
from services.operator.simulator import Simulator
from services.planned import wall_to_utc
from services.planned.service import PlanService
from services.scheduler import LocalLock, PlanRunner, Scheduler
from services.users import UserService
from storage.models import Number, Operation, PlannedItem
from tests import sandbox

NSK = ZoneInfo("Asia/Novosibirsk")
SAT, MON = 5, 0


@pytest.fixture
async def env(db):
    world = await sandbox.build(db, numbers=3)
    bus = EventBus()
    executor = Executor(db, Simulator(0), bus)
    pipeline = Pipeline(db, executor, bus=bus)
    users = UserService(db)
    scheduler = Scheduler(db, PlanRunner(db, pipeline, users), LocalLock())
    owner = await users.principal(world.owner_tg)
    yield world, PlanService(db, bus), scheduler, executor, owner
    await executor.close()


def next_wednesday() -> dt.date:
    today = dt.datetime.now(NSK).date()
    return today + dt.timedelta(days=(2 - today.weekday()) % 7 or 7)


async def statuses(db, ids) -> list[str]:
    async with db.session() as s:
        return list(
            await s.scalars(select(Number.status).where(Number.id.in_(ids)).order_by(Number.id))
        )


async def test_weekend_block_two_weekends(db, env):
    world, planned, scheduler, executor, owner = env
    ids = world.numbers[:2]
    wed = next_wednesday()
    now = wall_to_utc(wed, dt.time(12), NSK)
    made = await planned.schedule_blocks(
        owner, ids, "voluntary", (SAT, dt.time(0)), (MON, dt.time(8)), now
    )
    assert len(made) == 1
    view = await planned.get(owner, made[0])
    assert view is not None and view.numbers == 2 and view.step == "on"
    assert view.at == wall_to_utc(wed + dt.timedelta(days=3), dt.time(0), NSK)

    for week in range(2):
        sat = wed + dt.timedelta(days=3 + 7 * week)
        mon = sat + dt.timedelta(days=2)
        block, lift = wall_to_utc(sat, dt.time(0), NSK), wall_to_utc(mon, dt.time(8), NSK)
        await scheduler.sweep(block - dt.timedelta(seconds=1))
        await executor.wait()
        assert await statuses(db, ids) == ["active", "active"], week
        await scheduler.sweep(block)
        await executor.wait()
        assert await statuses(db, ids) == ["blocked", "blocked"], week
        await scheduler.sweep(lift - dt.timedelta(seconds=1))
        await executor.wait()
        assert await statuses(db, ids) == ["blocked", "blocked"], week
        await scheduler.sweep(lift)
        await executor.wait()
        assert await statuses(db, ids) == ["active", "active"], week
    assert await statuses(db, [world.numbers[2]]) == ["active"]  # not in the schedule
    async with db.session() as s:
        item = await s.get(PlannedItem, made[0])
        runs = dict(
            (await s.execute(select(Operation.code, func.count()).group_by(Operation.code))).all()
        )
    assert item.runs == 4 and item.state == "pending" and item.next_step == "on"
    assert runs == {"block_on": 2, "block_off": 2}


async def test_schedule_ends_on_its_date(db, env):
    world, planned, scheduler, executor, owner = env
    wed = next_wednesday()
    now = wall_to_utc(wed, dt.time(12), NSK)
    until = wed + dt.timedelta(days=5)  # the Monday: the last lift, no second weekend
    (item_id,) = await planned.schedule_blocks(
        owner, [world.numbers[0]], "voluntary", (SAT, dt.time(0)), (MON, dt.time(8)), now, until
    )
    await scheduler.sweep(wall_to_utc(wed + dt.timedelta(days=3), dt.time(0), NSK))
    await executor.wait()
    await scheduler.sweep(wall_to_utc(until, dt.time(8), NSK))
    await executor.wait()
    async with db.session() as s:
        item = await s.get(PlannedItem, item_id)
    assert item.state == "done" and item.runs == 2
    assert await statuses(db, [world.numbers[0]]) == ["active"]


async def test_only_numbers_the_user_may_block(db, env):
    world, planned, _scheduler, _executor, _owner = env
    employee = await UserService(db).principal(world.employee_tg)
    if employee is None:
        pytest.skip("the sandbox has no employee user")
    now = dt.datetime.now(dt.UTC)
    made = await planned.schedule_blocks(
        employee, world.numbers, "voluntary", (SAT, dt.time(0)), (MON, dt.time(8)), now
    )
    assert made == []
