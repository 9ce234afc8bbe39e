"""The scheduled items table, as the rest of the code touches it: add an item inside the
caller's transaction, find what is due, claim it (first claim wins), finish it.

Every state change is a conditional UPDATE on the state it expects, like the first approval
that wins: an item claimed by one pass (or one instance) is invisible to any other, so an
occurrence never runs twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.formatting import zone
from services.planned.rules import next_occurrence
from storage.chunks import chunks
from storage.db import affected
from storage.models import PlanKind, PlannedItem, PlannedNumber, PlanState

LIVE = (PlanState.PENDING, PlanState.RUNNING)


async def add_item(
    s: AsyncSession,
    *,
    company_id: int,
    kind: PlanKind,
    when: dt.datetime,
    timezone: str,
    created_by: int | None = None,
    operation_id: int | None = None,
    payload: dict[str, Any] | None = None,
    rule: dict[str, Any] | None = None,
    step: str = "",
    until_at: dt.datetime | None = None,
    number_ids: Iterable[int] = (),
) -> int:
    """Store one item (and its numbers) in the caller's transaction; its id."""
    item = PlannedItem(
        company_id=company_id,
        kind=kind,
        state=PlanState.PENDING,
        rule=rule,
        timezone=timezone,
        next_run_at=when,
        next_step=step,
        until_at=until_at,
        payload=payload or {},
        operation_id=operation_id,
        created_by=created_by,
    )
    s.add(item)
    await s.flush()
    ids = sorted(set(number_ids))
    for batch in chunks(ids):
        await s.execute(
            insert(PlannedNumber), [{"item_id": item.id, "number_id": n} for n in batch]
        )
    return item.id


async def close_for_operation(s: AsyncSession, operation_id: int, state: PlanState) -> None:
    """The operation started or was withdrawn: its pending item is done or cancelled."""
    await s.execute(
        update(PlannedItem)
        .where(
            PlannedItem.operation_id == operation_id,
            PlannedItem.kind == PlanKind.OPERATION,
            PlannedItem.state == PlanState.PENDING,
        )
        .values(state=state)
    )


@dataclass(frozen=True)
class Due:
    id: int
    kind: PlanKind
    at: dt.datetime  # the occurrence's moment
    step: str


async def due(s: AsyncSession, now: dt.datetime, limit: int = 500) -> list[Due]:
    rows = await s.execute(
        select(PlannedItem.id, PlannedItem.kind, PlannedItem.next_run_at, PlannedItem.next_step)
        .where(PlannedItem.state == PlanState.PENDING, PlannedItem.next_run_at <= now)
        .order_by(PlannedItem.next_run_at, PlannedItem.id)
        .limit(limit)
    )
    return [Due(*r) for r in rows]


async def earliest(s: AsyncSession) -> dt.datetime | None:
    """When the next pending item comes due (the scheduler's wake-up)."""
    return await s.scalar(
        select(func.min(PlannedItem.next_run_at)).where(PlannedItem.state == PlanState.PENDING)
    )


async def claim(s: AsyncSession, item: Due, now: dt.datetime) -> bool:
    """Take one occurrence: pending at exactly the moment we saw → running. One winner."""
    moved = await s.execute(
        update(PlannedItem)
        .where(
            PlannedItem.id == item.id,
            PlannedItem.state == PlanState.PENDING,
            PlannedItem.next_run_at == item.at,
        )
        .values(state=PlanState.RUNNING, claimed_at=now)
    )
    return affected(moved) == 1


async def advance(
    s: AsyncSession,
    item_id: int,
    at: dt.datetime,
    now: dt.datetime,
    *,
    expect: PlanState,
    ran: bool,
    error: str | None = None,
) -> PlanState:
    """After an occurrence at `at` (run, or skipped as missed): the next one of a recurring
    item, or the item's end. Returns the item's new state."""
    item = await s.get(PlannedItem, item_id)
    if item is None:
        return PlanState.CANCELLED
    nxt = next_occurrence(item.rule, zone(item.timezone), at)
    values: dict[str, Any] = {"claimed_at": None, "error": error}
    if ran:
        values.update(runs=PlannedItem.runs + 1, last_run_at=now)
    if nxt is not None and (item.until_at is None or nxt[0] <= item.until_at):
        values.update(state=PlanState.PENDING, next_run_at=nxt[0], next_step=nxt[1])
    elif error:
        values.update(state=PlanState.FAILED)
    else:
        values.update(state=PlanState.DONE if ran else PlanState.MISSED)
    await s.execute(
        update(PlannedItem)
        .where(PlannedItem.id == item_id, PlannedItem.state == expect)
        .values(**values)
    )
    return PlanState(values["state"])


async def release_stale(s: AsyncSession, before: dt.datetime) -> int:
    """Items a dead leader claimed and never finished go back to pending (each kind's run
    is safe to repeat: it checks the state it changes)."""
    moved = await s.execute(
        update(PlannedItem)
        .where(PlannedItem.state == PlanState.RUNNING, PlannedItem.claimed_at < before)
        .values(state=PlanState.PENDING, claimed_at=None)
    )
    return affected(moved)


async def numbers_of(s: AsyncSession, item_id: int) -> Sequence[int]:
    return list(
        await s.scalars(
            select(PlannedNumber.number_id)
            .where(PlannedNumber.item_id == item_id)
            .order_by(PlannedNumber.number_id)
        )
    )
