"""The scheduler over the scheduled items table: a deferred operation starts when due
(once), services switch off on their auto-disable date and blocks end on theirs (midnight in
the contract's zone), an item due while the bot was down runs once within the grace period
and is marked missed beyond it; two passes racing for one item run it once. SQLite and
PostgreSQL."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlalchemy import func, select

from services.events import EventBus, OperationFinished
from services.operations.executor import Executor
from services.operations.pipeline import Pipeline
from services.operator.simulator import Simulator
from services.planned import store
from services.scheduler import LocalLock, OperatorTimers, PlanRunner, PostgresLock, Scheduler
from services.users import UserService
from storage.models import (
    Block,
    History,
    Number,
    NumberService,
    Operation,
    PlanKind,
    PlannedItem,
    PlanState,
    utcnow,
)
from tests import sandbox

NSK = dt.timezone(dt.timedelta(hours=7))  # Asia/Novosibirsk, the sandbox contract's zone


@pytest.fixture
async def env(db):
    world = await sandbox.build(db, numbers=4)
    bus = EventBus()
    bus.subscribe(OperationFinished, OperatorTimers(db).on_operation_finished)
    executor = Executor(db, Simulator(0), bus)
    pipeline = Pipeline(db, executor, bus=bus)
    owner = await UserService(db).principal(world.owner_tg)
    yield world, pipeline, executor, owner, Scheduler(db, PlanRunner(db, pipeline), LocalLock())
    await executor.close()


async def _scalar(db, query):
    async with db.session() as s:
        return await s.scalar(query)


async def test_deferred_operation_starts_when_due_and_only_once(db, env):
    w, pipeline, executor, owner, scheduler = env
    when = utcnow() + dt.timedelta(hours=2)
    off = (when + dt.timedelta(days=2)).date()
    sub = await pipeline.submit(
        owner,
        "services_on",
        {"number_ids": w.numbers[:2]},
        {"service_id": w.services["music"], "start_at": when.isoformat(), "auto_off": str(off)},
    )
    assert sub.status == "scheduled"

    assert (await scheduler.sweep(utcnow())).operations_started == 0  # not yet
    report = await scheduler.sweep(when + dt.timedelta(seconds=1))
    assert report.operations_started == 1
    await executor.wait()
    assert (await executor.snapshot(sub.operation_id)).status == "done"
    again = await scheduler.sweep(when + dt.timedelta(minutes=1))
    assert again.operations_started == 0
    active = select(func.count(NumberService.id)).where(
        NumberService.status == "active", NumberService.auto_disable_at.is_not(None)
    )
    assert await _scalar(db, active) == 2

    # «Автоматически отключить»: an item at midnight of that date in Novosibirsk.
    item = await _scalar(db, select(PlannedItem).where(PlannedItem.kind == "service_off"))
    assert item.next_run_at == dt.datetime.combine(off, dt.time(), NSK)
    before = item.next_run_at - dt.timedelta(seconds=1)
    assert (await scheduler.sweep(before)).of(PlanKind.SERVICE_OFF) == 0
    assert (await scheduler.sweep(item.next_run_at)).of(PlanKind.SERVICE_OFF) == 1
    assert await _scalar(db, active) == 0
    auto = select(func.count(History.id)).where(History.action == "service.auto_disable")
    assert await _scalar(db, auto) == 2


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
    end = dt.datetime.combine(until, dt.time(), NSK)
    assert (await scheduler.sweep(end - dt.timedelta(minutes=1))).of(PlanKind.BLOCK_END) == 0
    assert (await scheduler.sweep(end)).of(PlanKind.BLOCK_END) == 1
    assert await _scalar(db, select(Number.status).where(Number.id == w.numbers[0])) == "active"
    assert await _scalar(db, select(func.count(Block.id)).where(Block.active)) == 0


async def _items(db, company_id: int, whens: list[dt.datetime], kind=PlanKind.SERVICE_OFF):
    async with db.transaction() as s:
        return [
            await store.add_item(
                s,
                company_id=company_id,
                kind=kind,
                when=w,
                timezone="Asia/Novosibirsk",
                payload={"service_id": 1},
            )
            for w in whens
        ]


class CountingRunner:
    """Counts each item's runs (what the restart test must see exactly once)."""

    def __init__(self) -> None:
        self.runs: dict[int, int] = {}

    async def run(self, due: store.Due) -> None:
        await asyncio.sleep(0)  # let a racing pass interleave
        self.runs[due.id] = self.runs.get(due.id, 0) + 1

    async def skip(self, due: store.Due) -> None:
        return None


async def test_downtime_runs_each_item_once_within_grace(db, env):
    """1,000 items pending when the bot stops; it is down for two hours; at start each one
    due meanwhile (or less than the grace period ago) runs exactly once, older ones are
    missed, later ones wait; a second pass and a racing pass run nothing again."""
    w, *_ = env
    stop = utcnow().replace(microsecond=0)
    restart = stop + dt.timedelta(hours=2)
    grace = dt.timedelta(hours=6)
    whens = [stop - dt.timedelta(hours=7) + dt.timedelta(minutes=i) for i in range(1000)]
    ids = await _items(db, w.company_id, whens)
    runner = CountingRunner()
    first = Scheduler(db, runner, LocalLock(), grace=grace)  # type: ignore[arg-type]
    racing = Scheduler(db, runner, LocalLock(), grace=grace)  # type: ignore[arg-type]
    await asyncio.gather(first.sweep(restart), racing.sweep(restart))
    due_in_grace = [i for i, at in zip(ids, whens, strict=True) if restart - grace <= at <= restart]
    missed = [i for i, at in zip(ids, whens, strict=True) if at < restart - grace]
    assert sorted(runner.runs) == due_in_grace
    assert set(runner.runs.values()) == {1}
    await first.sweep(restart + dt.timedelta(seconds=30))
    assert set(runner.runs.values()) == {1}
    async with db.session() as s:
        states = dict((await s.execute(select(PlannedItem.id, PlannedItem.state))).all())
    assert all(states[i] == PlanState.MISSED for i in missed)
    assert all(states[i] == PlanState.DONE for i in due_in_grace)
    later = [i for i, at in zip(ids, whens, strict=True) if at > restart]
    assert all(states[i] == PlanState.PENDING for i in later)


async def test_a_stale_claim_is_run_again_by_the_next_leader(db, env):
    w, *_ = env
    now = utcnow()
    (item_id,) = await _items(db, w.company_id, [now - dt.timedelta(minutes=1)])
    async with db.transaction() as s:
        (due,) = await store.due(s, now)
        assert await store.claim(s, due, now - dt.timedelta(hours=1))  # a leader that died
    runner = CountingRunner()
    scheduler = Scheduler(db, runner, LocalLock())  # type: ignore[arg-type]
    await scheduler.sweep(now)
    assert runner.runs == {item_id: 1}


async def test_missed_deferred_operation_is_withdrawn(db, env):
    w, pipeline, _executor, owner, _ = env
    when = utcnow() + dt.timedelta(hours=1)
    sub = await pipeline.submit(
        owner,
        "block_on",
        {"number_ids": [w.numbers[1]]},
        {"kind": "voluntary", "start_at": when.isoformat()},
    )
    scheduler = Scheduler(db, PlanRunner(db, pipeline), LocalLock(), grace=dt.timedelta(minutes=30))
    report = await scheduler.sweep(when + dt.timedelta(hours=2))
    assert report.missed == 1 and report.operations_started == 0
    assert await _scalar(db, select(Operation.status)) == "cancelled"
    assert await _scalar(db, select(Number.status).where(Number.id == w.numbers[1])) == "active"
    assert await _scalar(db, select(PlannedItem.state)) == "missed"
    assert sub.status == "scheduled"


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
