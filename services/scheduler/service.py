"""Timing on APScheduler; what happens is in the table of scheduled items
(services/planned): deferred operations, services switching off on their «Автоматически
отключить» date, blocks ending on their «до» date, recurring blocks, scheduled reports.
Approval requests expire and the service centre answers appeals on the same tick.

The leader (one instance of several, by a lock) looks at the table every tick and also
sets one APScheduler date job at the earliest pending item, so an item runs at its moment,
not up to a tick later. A due item is claimed with a conditional update before it runs
(an occurrence runs once), and one that came due while the bot was down runs at start if
it is not older than the grace period; older ones are marked missed (a recurring one goes on
to its next occurrence)."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from services import history
from services.appeals import AppealService
from services.approvals import ApprovalService
from services.planned import store
from services.ports import Clock, SystemClock
from services.scheduler.runs import PlanRunner
from storage.db import Database
from storage.models import PlanKind, PlannedItem, PlanState, utcnow

log = logging.getLogger(__name__)
LOCK_KEY = 0x564D_5343  # "VMSC": one advisory lock id for the whole deployment
# A claimed item not finished after this long belonged to a leader that died: run it again.
STALE_CLAIM = dt.timedelta(minutes=10)
BATCH = 100  # items claimed (and finished) per transaction


class LeaderLock(Protocol):
    async def acquire(self) -> bool: ...
    async def release(self) -> None: ...


class TrackedLock:
    """The scheduler's lock, remembering its latest answer, so another part (the delivery
    pump) can ask "do we lead?" without a round trip of its own. Until a scheduler has
    asked (none runs: a script, a test), this process counts as the only one."""

    def __init__(self, lock: LeaderLock) -> None:
        self.lock = lock
        self.asked = False
        self.held = False

    async def acquire(self) -> bool:
        self.held = await self.lock.acquire()
        self.asked = True
        return self.held

    async def release(self) -> None:
        self.held = False
        await self.lock.release()

    async def leads(self) -> bool:
        return self.held or not self.asked


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
    ran: dict[str, int] = field(default_factory=dict)  # occurrences run, by item kind
    missed: int = 0  # came due longer ago than the grace period
    failed: int = 0
    requests_expired: int = 0
    appeals_answered: int = 0

    def of(self, kind: PlanKind) -> int:
        return self.ran.get(kind.value, 0)

    @property
    def operations_started(self) -> int:
        return self.of(PlanKind.OPERATION)


class Scheduler:
    def __init__(
        self,
        db: Database,
        runner: PlanRunner,
        lock: LeaderLock,
        interval_seconds: float = 15,
        approvals: ApprovalService | None = None,
        appeals: AppealService | None = None,
        clock: Clock | None = None,
        jobs: Sequence[Job] = (),
        grace: dt.timedelta = dt.timedelta(hours=6),
    ) -> None:
        self.appeals = appeals
        self.db = db
        self.jobs = tuple(jobs)
        self._running: set[asyncio.Task[object]] = set()
        self.clock: Clock = clock or SystemClock()
        self.runner = runner
        self.grace = grace  # how late a due item may still run (shown to admins)
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
                    await self._arm()
            except Exception:  # one failed sweep must not stop the next ones
                log.exception("scheduler sweep failed")

    async def _arm(self) -> None:
        """One date job at the earliest pending item when it comes before the next tick."""
        at = await self.next_due()
        if at is None or not self.aps.running:
            return
        if at - self.clock.now() >= dt.timedelta(seconds=self.interval):
            return  # the regular tick gets there first
        self.aps.add_job(
            self._tick,
            "date",
            run_date=max(at, utcnow()),
            id="planned",
            replace_existing=True,
            misfire_grace_time=None,
        )

    async def on_scheduled(self, _event: object) -> None:
        self.nudge()

    def nudge(self) -> None:
        """Something was scheduled, moved or asked to run now: look at once (on the loop)."""
        if self.aps.running:
            self.aps.add_job(
                self._tick, "date", run_date=utcnow(), id="nudge", replace_existing=True
            )

    async def sweep(self, now: dt.datetime | None = None) -> SweepReport:
        now = now or self.clock.now()
        ran, missed, failed = await self.run_due(now)
        return SweepReport(
            ran=dict(ran),
            missed=missed,
            failed=failed,
            requests_expired=await self.approvals.expire_due(now) if self.approvals else 0,
            appeals_answered=len(await self.appeals.tick(now)) if self.appeals else 0,
        )

    async def run_due(self, now: dt.datetime) -> tuple[Counter[str], int, int]:
        """Every pending item due by `now`, each occurrence once: (run by kind, missed,
        failed). Items are claimed and finished a batch per transaction (a commit per item
        would make a start after downtime crawl); each still runs on its own."""
        ran: Counter[str] = Counter()
        missed = failed = 0
        async with self.db.transaction() as s:
            await store.release_stale(s, now - STALE_CLAIM)
        while True:
            async with self.db.session() as s:
                due = await store.due(s, now, BATCH)
            async with self.db.transaction() as s:
                # Only what this pass wins: another pass or instance may hold some.
                claimed = [item for item in due if await store.claim(s, item, now)]
            outcomes: list[tuple[store.Due, bool, str | None]] = []
            for item in claimed:
                if now - item.at > self.grace:
                    await self.runner.skip(item)
                    outcomes.append((item, False, None))
                    missed += 1
                    continue
                error = None
                try:
                    await self.runner.run(item)
                    ran[item.kind.value] += 1
                except Exception as exc:  # one item's failure must not stop the others
                    log.exception("scheduled item %s failed", item.id)
                    error = f"{type(exc).__name__}: {exc}"[:200]
                    failed += 1
                outcomes.append((item, True, error))
            async with self.db.transaction() as s:
                for item, did_run, error in outcomes:
                    state = await store.advance(
                        s, item.id, item.at, now, expect=PlanState.RUNNING, ran=did_run, error=error
                    )
                    if not did_run:
                        await self._missed(s, item, state)
            if len(due) < BATCH or not claimed:
                return ran, missed, failed

    @staticmethod
    async def _missed(s: AsyncSession, item: store.Due, state: PlanState) -> None:
        row = await s.get(PlannedItem, item.id)
        if row is not None:
            history.record(
                s,
                company_id=row.company_id,
                user_id=None,
                action="planned.missed",
                planned_id=item.id,
                kind=item.kind.value,
                due=item.at.isoformat(),
                status=state.value,
            )

    async def next_due(self) -> dt.datetime | None:
        async with self.db.session() as s:
            return await store.earliest(s)
