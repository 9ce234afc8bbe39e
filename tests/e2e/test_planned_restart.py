"""The bot is stopped with 1,000 scheduled items pending, some coming due while it is down,
then started again: each of those runs exactly once, the others still wait.

A real process stop and start (`python -m bot`, SIGTERM, a new process over the same
database file). The items are automatic service disconnections, each on its own number and
service, so every run leaves its own trace: the item's run count, its history line and the
service switched off. The count is read from the database after the new process has had
time for further sweeps, so a second run would show."""

from __future__ import annotations

import asyncio
import datetime as dt

from sqlalchemy import select

from services.planned import store
from storage.db import Database
from storage.models import (
    Company,
    History,
    NumberService,
    PlanKind,
    PlannedItem,
    PlanState,
    ServiceStatus,
)
from tests.e2e.conftest import World

ITEMS = 1000
DUE = 250  # come due while the bot is down (the demo has ~280 services on)
DOWN = dt.timedelta(seconds=20)  # they are due this long after they are stored
WAIT = 240  # a loaded machine starts the bot slowly; the wait ends as soon as all ran


async def _pairs(db: Database) -> tuple[int, list[tuple[int, int]]]:
    async with db.session() as s:
        company_id = await s.scalar(select(Company.id).order_by(Company.id))
        rows = await s.execute(
            select(NumberService.number_id, NumberService.service_id)
            .where(NumberService.status == ServiceStatus.ACTIVE)
            .order_by(NumberService.id)
            .limit(DUE)
        )
        assert company_id is not None
        return company_id, [(n, sv) for n, sv in rows]


async def _states(db: Database, ids: list[int]) -> dict[int, tuple[PlanState, int]]:
    async with db.session() as s:
        rows = await s.execute(
            select(PlannedItem.id, PlannedItem.state, PlannedItem.runs).where(
                PlannedItem.id.in_(ids)
            )
        )
        return {i: (state, runs) for i, state, runs in rows}


async def test_items_due_while_stopped_run_once_after_restart(world: World) -> None:
    db = Database(f"sqlite+aiosqlite:///{world.bot.workdir}/bot.sqlite3")
    try:
        company_id, pairs = await _pairs(db)
        assert len(pairs) == DUE, "the demo has too few active services"
        stored = dt.datetime.now(dt.UTC)
        due_at = stored + DOWN
        async with db.transaction() as s:
            due_ids = [
                await store.add_item(
                    s,
                    company_id=company_id,
                    kind=PlanKind.SERVICE_OFF,
                    when=due_at + dt.timedelta(milliseconds=10 * i),
                    timezone="Europe/Moscow",
                    payload={"service_id": service_id},
                    number_ids=[number_id],
                )
                for i, (number_id, service_id) in enumerate(pairs)
            ]
            later_ids = [
                await store.add_item(
                    s,
                    company_id=company_id,
                    kind=PlanKind.SERVICE_OFF,
                    when=stored + dt.timedelta(days=2, minutes=i),
                    timezone="Europe/Moscow",
                    payload={"service_id": pairs[i % len(pairs)][1]},
                    number_ids=[pairs[i % len(pairs)][0]],
                )
                for i in range(ITEMS - len(pairs))
            ]
        await world.bot.stop()
        states = await _states(db, due_ids + later_ids)
        assert len(states) == ITEMS
        assert {st for st, _ in states.values()} == {PlanState.PENDING}, "ran before the stop"

        # Down until every one of them has come due.
        last = due_at + dt.timedelta(milliseconds=10 * len(pairs))
        await asyncio.sleep(max(0.0, (last - dt.datetime.now(dt.UTC)).total_seconds()) + 1)
        await world.bot.start()

        loop = asyncio.get_running_loop()
        deadline = loop.time() + WAIT
        while True:
            states = await _states(db, due_ids)
            if all(st == PlanState.DONE for st, _ in states.values()):
                break
            assert loop.time() < deadline, (
                f"{sum(st == PlanState.DONE for st, _ in states.values())} of {len(due_ids)} ran"
            )
            await asyncio.sleep(1)
        await asyncio.sleep(5)  # room for further sweeps: a second run would show now

        states = await _states(db, due_ids + later_ids)
        assert all(states[i] == (PlanState.DONE, 1) for i in due_ids)
        assert all(states[i] == (PlanState.PENDING, 0) for i in later_ids)
        async with db.session() as s:
            lines = list(
                await s.scalars(
                    select(History.details).where(History.action == "service.auto_disable")
                )
            )
            status = {
                (n, sv): st
                for n, sv, st in await s.execute(
                    select(
                        NumberService.number_id, NumberService.service_id, NumberService.status
                    ).where(NumberService.number_id.in_([n for n, _ in pairs]))
                )
            }
        per_item: dict[int, int] = {}
        for details in lines:
            planned_id = int(details.get("planned_id", 0))
            per_item[planned_id] = per_item.get(planned_id, 0) + 1
        assert all(per_item.get(i) == 1 for i in due_ids), "an item ran twice or not at all"
        assert not set(per_item) & set(later_ids)
        assert all(status[pair] == ServiceStatus.OFF for pair in pairs)
    finally:
        await db.close()
