"""Deferred and timed actions on APScheduler: due deferred operations start, services
switch off on their «Автоматически отключить» date, blocks end on their «до» date, and
approval requests expire.

Every change is a conditional update, so a sweep run twice changes nothing twice; the
leader lock keeps the sweep to one instance anyway when several bots share a database."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import and_, exists, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection

from services import history
from services.appeals import AppealService
from services.approvals import ApprovalService
from services.operations.pipeline import Pipeline
from services.ports import Clock, SystemClock
from storage.db import Database, affected
from storage.models import (
    Block,
    Number,
    NumberService,
    NumberStatus,
    OperationStatus,
    ScheduledAction,
    ScheduledStatus,
    ServiceStatus,
    utcnow,
)

log = logging.getLogger(__name__)
LOCK_KEY = 0x564D_5343  # "VMSC": one advisory lock id for the whole deployment


class LeaderLock(Protocol):
    async def acquire(self) -> bool: ...
    async def release(self) -> None: ...


class LocalLock:
    """SQLite means one process: it is always the leader."""

    async def acquire(self) -> bool:
        return True

    async def release(self) -> None:
        return None


class PostgresLock:
    """A session-level advisory lock held on a connection of its own while we lead."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.conn: AsyncConnection | None = None

    async def acquire(self) -> bool:
        if self.conn is not None:
            return True
        conn = await self.db.engine.connect()
        got = await conn.scalar(text("select pg_try_advisory_lock(:k)"), {"k": LOCK_KEY})
        await conn.commit()
        if got:
            self.conn = conn
            return True
        await conn.close()
        return False

    async def release(self) -> None:
        if self.conn is not None:
            # The pool keeps the session alive, so unlock explicitly (a crash ends it anyway).
            await self.conn.execute(text("select pg_advisory_unlock(:k)"), {"k": LOCK_KEY})
            await self.conn.commit()
            await self.conn.close()
            self.conn = None


class RedisLock:
    """SET NX with a time-to-live, renewed on every tick: a dead leader's lock expires."""

    def __init__(self, url: str, prefix: str, ttl_seconds: float) -> None:
        import redis.asyncio as redis

        self.redis = redis.from_url(url)
        self.key = f"{prefix}:scheduler:leader"
        self.token = uuid.uuid4().hex
        self.ttl_ms = int(ttl_seconds * 1000)

    async def acquire(self) -> bool:
        if await self.redis.set(self.key, self.token, nx=True, px=self.ttl_ms):
            return True
        # Already ours: renew atomically only if we still hold it.
        renewed = await self.redis.eval(
            "if redis.call('get', KEYS[1]) == ARGV[1] then "
            "return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end",
            1,
            self.key,
            self.token,
            self.ttl_ms,
        )
        return bool(renewed)

    async def release(self) -> None:
        await self.redis.eval(
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) "
            "else return 0 end",
            1,
            self.key,
            self.token,
        )
        await self.redis.aclose()


@dataclass(frozen=True)
class Job:
    """A periodic job another feature hands the scheduler (the outbox worker, the
    delivery pump, alert checks): it runs on the leader only; `stop` asks a long run to end
    early on shutdown."""

    name: str
    seconds: float
    run: Callable[[], Awaitable[object]]
    stop: Callable[[], Awaitable[object]] | None = None


@dataclass(frozen=True)
class SweepReport:
    operations_started: int = 0
    services_disabled: int = 0
    blocks_ended: int = 0
    requests_expired: int = 0
    appeals_answered: int = 0


class Scheduler:
    def __init__(
        self,
        db: Database,
        pipeline: Pipeline,
        lock: LeaderLock,
        interval_seconds: float = 15,
        approvals: ApprovalService | None = None,
        appeals: AppealService | None = None,
        clock: Clock | None = None,
        jobs: Sequence[Job] = (),
    ) -> None:
        self.appeals = appeals
        self.db = db
        self.jobs = tuple(jobs)
        self._running: set[asyncio.Task[object]] = set()
        self.clock: Clock = clock or SystemClock()
        self.pipeline = pipeline
        self.approvals = approvals
        self.lock = lock
        self.interval = interval_seconds
        self.aps = AsyncIOScheduler(timezone=dt.UTC)
        self._busy = asyncio.Lock()  # held by a running sweep, so shutdown can wait for it
        self.leading = False  # this instance holds the leader lock (as of the last tick)

    def start(self) -> None:
        self.aps.add_job(
            self._tick,
            "interval",
            seconds=self.interval,
            id="sweep",
            max_instances=1,
            coalesce=True,
            next_run_time=utcnow(),
        )
        for job in self.jobs:
            self.aps.add_job(
                self._run_job,
                "interval",
                args=(job,),
                seconds=job.seconds,
                id=job.name,
                max_instances=1,
                coalesce=True,
                next_run_time=utcnow(),
            )
        self.aps.start()

    async def shutdown(self) -> None:
        # APScheduler cancels a running job on shutdown: stop new ones, let the running sweep
        # and jobs finish (storing what they did; the database closes after us), then shut down.
        if self.aps.running:
            self.aps.pause()
        for job in self.jobs:
            if job.stop is not None:
                await job.stop()
        if self._running:
            await asyncio.wait(set(self._running), timeout=30)
        async with self._busy:
            if self.aps.running:
                self.aps.shutdown(wait=False)
            await self.lock.release()

    async def _run_job(self, job: Job) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._running.add(task)  # type: ignore[arg-type]
        try:
            if await self.lock.acquire():
                await job.run()
        except Exception:  # one failed run must not stop the next ones
            log.exception("scheduler job %s failed", job.name)
        finally:
            if task is not None:
                self._running.discard(task)  # type: ignore[arg-type]

    async def _tick(self) -> None:
        async with self._busy:
            try:
                leading = await self.lock.acquire()
                if leading != self.leading:
                    log.info("scheduler: %s", "leading" if leading else "another instance leads")
                    self.leading = leading
                if leading:
                    report = await self.sweep()
                    if report != SweepReport():
                        log.info("scheduler: %s", report)
            except Exception:  # one failed sweep must not stop the next ones
                log.exception("scheduler sweep failed")

    async def sweep(self, now: dt.datetime | None = None) -> SweepReport:
        now = now or self.clock.now()
        return SweepReport(
            operations_started=await self._start_due_operations(now),
            services_disabled=await self._auto_disable_services(now),
            blocks_ended=await self._end_blocks(now),
            requests_expired=await self.approvals.expire_due(now) if self.approvals else 0,
            appeals_answered=len(await self.appeals.tick(now)) if self.appeals else 0,
        )

    async def _start_due_operations(self, now: dt.datetime) -> int:
        async with self.db.session() as s:
            due = list(
                await s.scalars(
                    select(ScheduledAction.operation_id)
                    .where(
                        ScheduledAction.status == ScheduledStatus.PENDING,
                        ScheduledAction.kind == "operation",
                        ScheduledAction.run_at <= now,
                        ScheduledAction.operation_id.is_not(None),
                    )
                    .order_by(ScheduledAction.run_at)
                    .limit(100)
                )
            )
        started = 0
        for operation_id in due:
            if operation_id is None:  # never: the query asks for rows that have one
                continue
            if await self.pipeline.start(operation_id) in (
                OperationStatus.QUEUED,
                OperationStatus.RUNNING,
            ):
                started += 1
        return started

    async def _auto_disable_services(self, now: dt.datetime) -> int:
        async with self.db.transaction() as s:
            rows = (
                await s.execute(
                    select(
                        NumberService.id,
                        NumberService.number_id,
                        NumberService.service_id,
                        Number.company_id,
                    )
                    .join(Number, Number.id == NumberService.number_id)
                    .where(
                        NumberService.status == ServiceStatus.ACTIVE,
                        NumberService.auto_disable_at <= now,
                    )
                    .limit(5000)
                )
            ).all()
            for ns_id, number_id, service_id, company_id in rows:
                done = await s.execute(
                    update(NumberService)
                    .where(NumberService.id == ns_id, NumberService.status == ServiceStatus.ACTIVE)
                    .values(status=ServiceStatus.OFF)
                )
                if affected(done) == 1:
                    history.record(
                        s,
                        company_id=company_id,
                        user_id=None,
                        action="service.auto_disable",
                        number_id=number_id,
                        service_id=service_id,
                    )
            return len(rows)

    async def _end_blocks(self, now: dt.datetime) -> int:
        async with self.db.transaction() as s:
            rows = (
                await s.execute(
                    select(Block.id, Block.number_id, Block.kind, Number.company_id)
                    .join(Number, Number.id == Block.number_id)
                    .where(Block.active, Block.until <= now)
                    .limit(5000)
                )
            ).all()
            for block_id, number_id, kind, company_id in rows:
                await s.execute(update(Block).where(Block.id == block_id).values(active=False))
                history.record(
                    s,
                    company_id=company_id,
                    user_id=None,
                    action="block.expire",
                    number_id=number_id,
                    kind=kind,
                )
            if rows:
                still_blocked = exists().where(and_(Block.number_id == Number.id, Block.active))
                await s.execute(
                    update(Number)
                    .where(
                        Number.id.in_({r[1] for r in rows}),
                        Number.status == NumberStatus.BLOCKED,
                        ~still_blocked,
                    )
                    .values(status=NumberStatus.ACTIVE)
                )
            return len(rows)
