"""Runs operations: pending items in chunks, each chunk one transaction holding the items'
effects and their statuses (so every number is applied exactly once, even if the process is
killed), progress reported at most about once a second, resumed after a restart."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import aliased

from services import history
from services.events import EventBus, OperationFinished, OperationProgress
from services.operations import registry
from services.operations.data import validate
from services.ports import ItemRun, Operator, OpRun
from storage.db import Database
from storage.models import (
    History,
    ItemStatus,
    Number,
    Operation,
    OperationItem,
    OperationStatus,
    User,
    utcnow,
)

log = logging.getLogger(__name__)


FINAL = (OperationStatus.DONE, OperationStatus.PARTIAL, OperationStatus.FAILED)
RETRIES = 3
CLAIM_LOCK = 0x0BE7A710  # the advisory lock key of operation claims on PostgreSQL


class Executor:
    def __init__(
        self,
        db: Database,
        operator: Operator,
        bus: EventBus | None = None,
        *,
        chunk: int = 1000,
        report_every: float = 1.0,
    ) -> None:
        self.db = db
        self.operator = operator
        self.bus = bus or EventBus()
        self.chunk = chunk
        self.report_every = report_every
        self._tasks: dict[int, asyncio.Task] = {}
        self._claim = asyncio.Lock()

    # --- public ---------------------------------------------------------------------------

    def launch(self, operation_id: int) -> asyncio.Task:
        """Run in the background (once per process, whatever calls it twice)."""
        task = self._tasks.get(operation_id)
        if task is None or task.done():
            task = asyncio.create_task(self._guarded(operation_id), name=f"op-{operation_id}")
            self._tasks[operation_id] = task
        return task

    async def resume(self) -> list[int]:
        """At start-up: continue what a previous process left queued or running."""
        async with self.db.session() as s:
            ids = list(
                await s.scalars(
                    select(Operation.id)
                    .where(Operation.status.in_((OperationStatus.QUEUED, OperationStatus.RUNNING)))
                    .order_by(Operation.id)
                )
            )
        for i in ids:
            self.launch(i)
        return ids

    async def wait(self) -> None:
        while pending := [t for t in self._tasks.values() if not t.done()]:
            await asyncio.gather(*pending, return_exceptions=True)

    async def close(self) -> None:
        for task in self._tasks.values():
            task.cancel()
        for task in self._tasks.values():
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    # --- running ----------------------------------------------------------------------------

    async def _guarded(self, operation_id: int) -> OperationProgress | None:
        try:
            return await self.run(operation_id)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("operation %s stopped; it resumes at the next start", operation_id)
            return None

    async def run(self, operation_id: int) -> OperationProgress | None:
        op = await self._claim_when_free(operation_id)
        if op is None:
            return None
        spec = registry.get(op.code)
        model = validate(op.code, op.params, stored=True)
        run = OpRun(
            id=op.id,
            company_id=op.company_id,
            user_id=op.user_id,
            code=op.code,
            params=model,
            price=op.cost // op.total if op.total else 0,
            allow_blocked=spec.allow_blocked,
            raw=dict(op.params),
        )
        size = self.chunk
        if self.operator.delay:  # about a second of operator work per transaction
            size = max(1, min(self.chunk, int(1 / self.operator.delay)))
        last_report = 0.0
        while True:
            if self.operator.delay:
                remaining = await self._remaining(op.id)
                if not remaining:
                    break
                await asyncio.sleep(self.operator.delay * min(size, remaining))
            if not await self._chunk_with_retries(run, spec.method, size):
                break
            if time.monotonic() - last_report >= self.report_every:
                last_report = time.monotonic()
                await self._report(op.id, final=False)
        return await self._finish(op.id)

    async def _claim_when_free(self, operation_id: int) -> Operation | None:
        while True:
            async with self._claim:
                async with self.db.transaction() as s:
                    await self._serialize_claims(s, operation_id)
                    op = await s.get_one(Operation, operation_id)
                    if op is None or op.status not in (
                        OperationStatus.QUEUED,
                        OperationStatus.RUNNING,
                    ):
                        return None
                    if not await self._conflicting(s, op):
                        await s.execute(
                            update(Operation)
                            .where(Operation.id == op.id)
                            .values(
                                status=OperationStatus.RUNNING,
                                started_at=op.started_at or utcnow(),
                            )
                        )
                        op.status = OperationStatus.RUNNING
                        return op
            await asyncio.sleep(0.5)  # a conflicting operation on the same numbers runs

    async def _serialize_claims(self, s, operation_id: int) -> None:
        """Check-then-claim must be atomic across processes too (several bot instances)."""
        if self.db.is_sqlite:  # a first write takes SQLite's single writer lock
            await s.execute(
                update(Operation)
                .where(Operation.id == operation_id)
                .values(status=Operation.status)
            )
        else:
            await s.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CLAIM_LOCK})

    async def _conflicting(self, s, op: Operation) -> bool:
        conflict = registry.get(op.code).conflict
        if conflict is None:
            return False
        codes = [c.code for c in registry.SPECS if c.conflict == conflict]
        other = aliased(OperationItem)
        mine = aliased(OperationItem)
        found = await s.scalar(
            select(Operation.id)
            .join(other, other.operation_id == Operation.id)
            .join(mine, mine.number_id == other.number_id)
            .where(
                mine.operation_id == op.id,
                mine.status == ItemStatus.PENDING,
                Operation.id != op.id,
                Operation.status == OperationStatus.RUNNING,
                Operation.code.in_(codes),
                other.status == ItemStatus.PENDING,
            )
            .limit(1)
        )
        return found is not None

    async def _remaining(self, operation_id: int) -> int:
        async with self.db.session() as s:
            return (
                await s.scalar(
                    select(func.count(OperationItem.id)).where(
                        OperationItem.operation_id == operation_id,
                        OperationItem.status == ItemStatus.PENDING,
                    )
                )
                or 0
            )

    async def _chunk_with_retries(self, run: OpRun, method: str, size: int) -> bool:
        """A failed chunk rolled back whole; a passing hiccup (a busy database, a lost
        connection) gets a few more tries before the operation waits for the next start."""
        for attempt in range(RETRIES):
            try:
                return await self._chunk(run, method, size)
            except (SQLAlchemyError, OSError):
                if attempt == RETRIES - 1:
                    raise
                log.warning("operation %s: chunk failed, retrying", run.id, exc_info=True)
                await asyncio.sleep(2**attempt)
        return False

    async def _chunk(self, run: OpRun, method: str, size: int) -> bool:
        """One transaction: the chunk's effects, its item statuses, history, counters."""
        async with self.db.transaction() as s:
            # Write first: on SQLite this takes the writer lock before we read the pending
            # items, so two runners never pick the same ones (PostgreSQL locks the row too).
            await s.execute(
                update(Operation).where(Operation.id == run.id).values(done=Operation.done)
            )
            rows = (
                await s.execute(
                    select(OperationItem.id, OperationItem.number_id, Number.msisdn)
                    .join(Number, Number.id == OperationItem.number_id)
                    .where(
                        OperationItem.operation_id == run.id,
                        OperationItem.status == ItemStatus.PENDING,
                    )
                    .order_by(OperationItem.id)
                    .limit(size)
                    .with_for_update(skip_locked=True, of=OperationItem)
                )
            ).all()
            if not rows:
                return False
            items = [ItemRun(i, n, m) for i, n, m in rows]
            results = await self.operator.apply(s, method, run, items)
            now = utcnow()
            updates, events = [], []
            done = failed = 0
            for item in items:
                reason = results.get(item.number_id, "no_answer")
                status = ItemStatus.DONE if reason is None else ItemStatus.FAILED
                done, failed = done + (reason is None), failed + (reason is not None)
                updates.append(
                    {
                        "id": item.item_id,
                        "status": status,
                        "error": reason[:64] if reason else None,
                        "executed_at": now,
                    }
                )
                events.append(
                    {
                        "company_id": run.company_id,
                        "user_id": run.user_id,
                        "action": f"op.{run.code}",
                        "status": status,
                        "operation_id": run.id,
                        "number_id": item.number_id,
                        "details": {"msisdn": item.msisdn, "error": reason},
                        "created_at": now,
                    }
                )
            await s.execute(update(OperationItem), updates)
            await s.execute(insert(History), events)
            await s.execute(
                update(Operation)
                .where(Operation.id == run.id)
                .values(done=Operation.done + done, failed=Operation.failed + failed)
            )
        return True

    async def _finish(self, operation_id: int) -> OperationProgress:
        finished = None
        async with self.db.transaction() as s:
            op = await s.get_one(Operation, operation_id)
            if op.status == OperationStatus.RUNNING:
                op.status = (
                    OperationStatus.DONE
                    if not op.failed
                    else (OperationStatus.PARTIAL if op.done else OperationStatus.FAILED)
                )
                op.finished_at = utcnow()
                history.record(
                    s,
                    company_id=op.company_id,
                    user_id=op.user_id,
                    action=f"op.{op.code}",
                    status=op.status,
                    operation_id=op.id,
                    done=op.done,
                    failed=op.failed,
                )
                finished = OperationFinished(op.id, op.company_id, op.user_id, op.status)
        progress = await self._report(operation_id, final=True)
        if finished is not None:
            await self.bus.publish(finished)
        return progress

    async def snapshot(self, operation_id: int) -> OperationProgress:
        async with self.db.session() as s:
            op = await s.get_one(Operation, operation_id)
            language = await s.scalar(select(User.language).where(User.id == op.user_id))
            skipped = await s.scalar(
                select(func.count(OperationItem.id)).where(
                    OperationItem.operation_id == operation_id,
                    OperationItem.status == ItemStatus.SKIPPED,
                )
            )
        return OperationProgress(
            op.id,
            op.code,
            op.user_id,
            op.status,
            op.total,
            op.done,
            op.failed,
            skipped or 0,
            op.cost,
            op.chat_id,
            op.message_id,
            final=op.status in FINAL,
            language=language or "ru",
        )

    async def _report(self, operation_id: int, *, final: bool) -> OperationProgress:
        progress = await self.snapshot(operation_id)
        await self.bus.publish(progress)  # a failing subscriber never stops the operation
        return progress
