"""The scheduler's sweep: a deferred operation starts when due (once), services switch off
on their auto-disable date, blocks end on their date. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from services.operations.executor import Executor
from services.operations.pipeline import Pipeline
from services.operator.simulator import Simulator
from services.scheduler import LocalLock, PostgresLock, Scheduler, SweepReport
from services.users import UserService
from storage.models import Block, History, Number, NumberService, ScheduledAction, utcnow
from tests import sandbox


@pytest.fixture
async def env(db):
    world = await sandbox.build(db, numbers=4)
    executor = Executor(db, Simulator(0))
    pipeline = Pipeline(db, executor)
    owner = await UserService(db).principal(world.owner_tg)
    yield world, pipeline, executor, owner, Scheduler(db, pipeline, LocalLock())
    await executor.close()


async def _scalar(db, query):
    async with db.session() as s:
        return await s.scalar(query)


async def test_deferred_operation_starts_when_due_and_only_once(db, env):
    w, pipeline, executor, owner, scheduler = env
    when = utcnow() + dt.timedelta(hours=2)
    sub = await pipeline.submit(
        owner,
        "services_on",
        {"number_ids": w.numbers[:2]},
        {
            "service_id": w.services["music"],
            "start_at": when.isoformat(),
            "auto_off": (when + dt.timedelta(days=2)).date().isoformat(),
        },
    )
    assert sub.status == "scheduled"

    assert await scheduler.sweep(utcnow()) == SweepReport()  # not yet
    report = await scheduler.sweep(when + dt.timedelta(seconds=1))
    assert report.operations_started == 1
    await executor.wait()
    assert (await executor.snapshot(sub.operation_id)).status == "done"
    assert await _scalar(db, select(ScheduledAction.status)) == "done"
    again = await scheduler.sweep(when + dt.timedelta(minutes=1))
    assert again.operations_started == 0
    active = select(func.count(NumberService.id)).where(
        NumberService.status == "active", NumberService.auto_disable_at.is_not(None)
    )
    assert await _scalar(db, active) == 2

    # «Автоматически отключить»: on the date the service goes off, with a history line.
    later = when + dt.timedelta(days=3)
    assert (await scheduler.sweep(later)).services_disabled == 2
    assert await _scalar(db, active) == 0
    assert (
        await _scalar(
            db, select(func.count(History.id)).where(History.action == "service.auto_disable")
        )
        == 2
    )


async def test_block_ends_on_its_date(db, env):
    w, pipeline, executor, owner, scheduler = env
    until = (utcnow() + dt.timedelta(days=1)).date()
    await pipeline.submit(
        owner,
        "block_on",
        {"number_ids": [w.numbers[0]]},
        {"kind": "voluntary", "until": until.isoformat()},
    )
    await executor.wait()
    assert await _scalar(db, select(Number.status).where(Number.id == w.numbers[0])) == "blocked"
    end = dt.datetime.combine(until, dt.time(), dt.UTC) + dt.timedelta(minutes=1)
    assert (await scheduler.sweep(end)).blocks_ended == 1
    assert await _scalar(db, select(Number.status).where(Number.id == w.numbers[0])) == "active"
    assert await _scalar(db, select(func.count(Block.id)).where(Block.active)) == 0


async def test_only_one_instance_leads_on_postgres(db):
    if db.is_sqlite:
        pytest.skip("SQLite runs one process: LocalLock")
    first, second = PostgresLock(db), PostgresLock(db)
    try:
        assert await first.acquire()
        assert await first.acquire()  # still ours
        assert not await second.acquire()
        await first.release()
        assert await second.acquire()
    finally:
        await first.release()
        await second.release()
