"""The pump of the Telegram delivery queue (see services/notifications/delivery.py).

Pacing happens right before each call, not when a row is picked: the claim's transaction
takes a variable time, and pacing earlier would let the calls bunch up and trip Telegram's
flood control. Rows are claimed in small batches (one conditional UPDATE … RETURNING) and
their outcomes written in batches a few times a second: two transactions per message
would make the database, not Telegram, the limit.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy import BigInteger, bindparam, func, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from services.notifications.backoff import backoff
from services.notifications.delivery import (
    ChatSender,
    DeliveryQueue,
    FileSender,
    Limits,
    Outcome,
    SendResult,
    load_buttons,
    plain,
)
from services.notifications.outbox import Outbox, is_email
from services.notifications.pacing import Pacer
from storage.models import Delivery, DeliveryStatus, Unreachable, User, UTCDateTime, utcnow

log = logging.getLogger(__name__)

STALE_CLAIM = dt.timedelta(minutes=2)
RETRY_BASE = 0.5  # a 502 is usually gone at once; the doubling covers longer faults
RETRY_CAP = 30.0  # well below the two minutes within which held-back messages must arrive
RELOAD_SECONDS = 1.0  # rows queued by another instance are seen within this
FLUSH_SECONDS = 0.5  # outcomes are stored at least this often (and with every claim)
LEAD_CHECK_SECONDS = 2.0  # a pump that lost the lead stops within this
AHEAD_SECONDS = 1.0  # claim about this much sending time ahead: a slow claim must not starve


@dataclass(frozen=True)
class _Row:
    id: int
    chat_id: int
    user_id: int | None
    text: str
    buttons: list[list[dict[str, object]]] | None
    edit_message_id: int | None
    fallback_subject: str | None
    attempts: int
    blocked: bool = False
    file_kind: str | None = None


@dataclass
class _Pending:
    id: int
    chat_id: int
    due: float  # monotonic


class DeliveryPump:
    """Sends what the queue holds; runs on the leader instance only (a scheduler job)."""

    def __init__(
        self,
        queue: DeliveryQueue,
        sender: ChatSender,
        limits: Limits | None = None,
        outbox: Outbox | None = None,
        mail_subject: str = "Virtual Manager",
        leader: Callable[[], Awaitable[bool]] | None = None,
    ) -> None:
        self.queue = queue
        # Telegram's limits are per bot, not per instance: only the instance that leads the
        # scheduler sends (`leader` renews and answers its lock; None: a single process).
        self.leader = leader
        self.sender = sender
        self.limits = limits or Limits()
        self.outbox = outbox
        self.mail_subject = mail_subject
        self._stop = asyncio.Event()
        self._pacer = Pacer(self.limits)
        self._hold: dict[int, float] = {}  # chat -> monotonic time before which we wait
        self._busy: set[int] = set()  # chats with a message in flight
        self._tasks: set[asyncio.Task[None]] = set()
        self._taken: set[int] = set()  # picked by this pump and not yet back in the line
        self._results: list[dict[str, object]] = []
        self._handled = 0
        self._waiting = 0  # claimed rows not yet through the global pacing
        self.pumping = False
        self._task: asyncio.Task[int] | None = None

    def stop(self) -> None:
        self._stop.set()
        self.queue.wake.set()

    def nudge(self) -> None:
        """Rows were queued here: send them now rather than at the scheduler's next tick."""
        if not self._stop.is_set() and (self._task is None or self._task.done()):
            self._task = asyncio.create_task(self._guarded(30.0))

    async def kick(self, idle_seconds: float = 30.0) -> None:
        """For the scheduler's job: make sure a pump runs (in the background, so the job
        itself returns at once and never piles up behind a long run)."""
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._guarded(idle_seconds))

    async def _guarded(self, idle_seconds: float) -> int:
        try:
            return await self.pump(idle_seconds=idle_seconds)
        except (OSError, DBAPIError) as exc:  # the database restarting: not a bug
            log.warning("delivery pump stopped, the next tick restarts it: %s", exc)
            return 0
        except Exception:  # the next kick starts a fresh pump
            log.exception("delivery pump stopped")
            return 0

    async def close(self) -> None:
        """Stop and wait until what is in flight is sent and its outcome stored."""
        self.stop()
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)

    async def pump(self, idle_seconds: float = 1.0, max_seconds: float | None = None) -> int:
        """Send until nothing has been due for `idle_seconds` (or `max_seconds` passed, or
        stop() was called); how many messages were handed to Telegram. In-flight sends
        finish and their outcome is stored before it returns, so a graceful stop never
        leaves a message half-sent."""
        if self.pumping or not await self._leading():
            return 0
        self.pumping = True
        self._stop.clear()
        started = time.monotonic()
        last_lead = started
        self._handled = 0
        try:
            await self._requeue_stale()
            await self._recall_recent()
            pending: list[_Pending] = []
            self._taken.clear()
            idle_since = time.monotonic()
            self.queue.fresh = True
            last_load = last_flush = 0.0
            while not self._stop.is_set():
                now = time.monotonic()
                if max_seconds is not None and now - started > max_seconds:
                    break
                if now - last_lead > LEAD_CHECK_SECONDS:
                    last_lead = now
                    if not await self._leading():
                        log.warning("delivery pump: another instance leads now, stopping")
                        break
                if self._results and now - last_flush > FLUSH_SECONDS:
                    await self._flush()
                    last_flush = time.monotonic()
                if self.queue.fresh or now - last_load > RELOAD_SECONDS:
                    self.queue.fresh = False
                    pending[:] = self._merge(pending, await self._load_due())
                    last_load = time.monotonic()
                backlog = self._waiting / self.limits.per_second
                picks, wait = (
                    ([], FLUSH_SECONDS)
                    if backlog > AHEAD_SECONDS
                    else (self._choose(pending, time.monotonic()))
                )
                if not picks:
                    if not pending and not self._busy:
                        if time.monotonic() - idle_since > idle_seconds:
                            break
                        wait = min(wait, idle_seconds)
                    self.queue.wake.clear()
                    await self._sleep(min(wait, FLUSH_SECONDS if self._results else RELOAD_SECONDS))
                    continue
                idle_since = time.monotonic()
                for p in picks:
                    pending.remove(p)
                    self._taken.add(p.id)
                    self._busy.add(p.chat_id)
                for row in await self._claim(picks):
                    self._waiting += 1
                    task = asyncio.create_task(self._deliver(row, pending))
                    self._tasks.add(task)
                    task.add_done_callback(self._tasks.discard)
            if self._tasks:
                await asyncio.gather(*self._tasks, return_exceptions=True)
            await self._flush()
        finally:
            self.pumping = False
        return self._handled

    async def _leading(self) -> bool:
        return True if self.leader is None else await self.leader()

    async def _sleep(self, seconds: float) -> None:
        if seconds <= 0:
            return
        try:
            await asyncio.wait_for(self.queue.wake.wait(), timeout=seconds)
        except TimeoutError:
            pass

    def _choose(self, pending: list[_Pending], now: float) -> tuple[list[_Pending], float]:
        """The oldest message of each chat that may take one now (a chat's later messages
        wait for it: order is kept); else how long until one may."""
        wait = RELOAD_SECONDS
        seen: set[int] = set()
        picks: list[_Pending] = []
        limit = max(1, int(self.limits.per_second * AHEAD_SECONDS))
        for p in pending:
            if p.chat_id in seen:
                continue
            seen.add(p.chat_id)
            if p.chat_id in self._busy:
                continue
            ready_at = max(p.due, self._hold.get(p.chat_id, 0.0))
            ready_at = max(ready_at, now + self._pacer.ready_in(p.chat_id, now))
            if ready_at <= now:
                picks.append(p)
                if len(picks) >= limit:
                    break
            else:
                wait = min(wait, ready_at - now)
        return picks, (0.0 if picks else wait)

    def _merge(self, pending: list[_Pending], loaded: list[_Pending]) -> list[_Pending]:
        # A row picked by this pump may still read "queued" until its outcome is stored.
        known = {p.id for p in pending} | self._taken
        merged = pending + [p for p in loaded if p.id not in known]
        merged.sort(key=lambda p: p.id)
        return merged

    async def _load_due(self) -> list[_Pending]:
        now_utc = utcnow()
        horizon = now_utc + dt.timedelta(seconds=RELOAD_SECONDS)
        async with self.queue.db.session() as s:
            rows = (
                await s.execute(
                    select(Delivery.id, Delivery.chat_id, Delivery.next_attempt_at)
                    .where(
                        Delivery.status == DeliveryStatus.QUEUED,
                        Delivery.next_attempt_at <= horizon,
                    )
                    .order_by(Delivery.id)
                    .limit(5000)
                )
            ).all()
        mono = time.monotonic()
        return [
            _Pending(i, c, mono + max(0.0, (due - now_utc).total_seconds())) for i, c, due in rows
        ]

    async def _recall_recent(self) -> None:
        """What another instance sent a moment ago still counts at Telegram."""
        now_utc = utcnow()
        since = now_utc - dt.timedelta(seconds=self._pacer.memory_seconds)
        async with self.queue.db.session() as s:
            rows = (
                await s.execute(
                    select(Delivery.chat_id, Delivery.sent_at).where(
                        Delivery.status == DeliveryStatus.SENT, Delivery.sent_at >= since
                    )
                )
            ).all()
        self._pacer.recall((c, (now_utc - at).total_seconds()) for c, at in rows if at)

    async def _requeue_stale(self) -> None:
        """Rows a dead process left in "sending" go back to the queue."""
        async with self.queue.db.transaction() as s:
            await s.execute(
                update(Delivery)
                .where(
                    Delivery.status == DeliveryStatus.SENDING,
                    Delivery.claimed_at < utcnow() - STALE_CLAIM,
                )
                .values(status=DeliveryStatus.QUEUED, claimed_at=None)
            )

    async def _claim(self, picks: list[_Pending]) -> list[_Row]:
        """One transaction takes the whole batch (queued → sending); rows another worker
        took first are left out."""
        ids = [p.id for p in picks]
        async with self.queue.db.transaction() as s:
            await self._write_results(s)  # a retried row must read "queued" again first
            rows = (
                await s.execute(
                    update(Delivery)
                    .where(Delivery.id.in_(ids), Delivery.status == DeliveryStatus.QUEUED)
                    .values(
                        status=DeliveryStatus.SENDING,
                        claimed_at=utcnow(),
                        attempts=Delivery.attempts + 1,
                        error=None,
                    )
                    .returning(
                        Delivery.id,
                        Delivery.chat_id,
                        Delivery.user_id,
                        Delivery.text,
                        Delivery.buttons,
                        Delivery.edit_message_id,
                        Delivery.fallback_subject,
                        Delivery.attempts,
                        Delivery.file_kind,
                    )
                )
            ).all()
            blocked = set(
                await s.scalars(
                    select(Unreachable.chat_id).where(
                        Unreachable.chat_id.in_({p.chat_id for p in picks})
                    )
                )
            )
        got = {r[0] for r in rows}
        for p in picks:
            if p.id not in got:  # someone else's now
                self._busy.discard(p.chat_id)
                self._taken.discard(p.id)
        return [
            _Row(id_, chat, user, text, buttons, edit, subject, attempts, chat in blocked, kind)
            for id_, chat, user, text, buttons, edit, subject, attempts, kind in rows
        ]

    async def _deliver(self, row: _Row, pending: list[_Pending]) -> None:
        try:
            retry_in = await self._deliver_one(row)
            if retry_in is None:
                self._taken.discard(row.id)  # (a final row never reads "queued" again)
            else:  # back into the line, at its place, after the wait
                pending.append(_Pending(row.id, row.chat_id, time.monotonic() + retry_in))
                pending.sort(key=lambda x: x.id)
        except Exception:  # a broken row must not stop the pump
            log.exception("delivery #%s failed unexpectedly", row.id)
            self._hold[row.chat_id] = time.monotonic() + RETRY_CAP
        finally:
            self._busy.discard(row.chat_id)
            self.queue.wake.set()

    async def _deliver_one(self, row: _Row) -> float | None:
        """Send one row; the seconds to wait before the next attempt when it is retried."""
        try:
            if row.blocked:
                await self._unreachable(row, "the chat is marked unreachable", mark=False)
                return None
            buttons = load_buttons(row.buttons)
            await self._pacer.wait(row.chat_id)
        finally:
            self._waiting -= 1
        self._handled += 1
        if row.edit_message_id is not None:
            result = await self.sender.edit(row.chat_id, row.edit_message_id, row.text, buttons)
            if result.outcome == Outcome.SENT and result.message_id is None:
                result = SendResult(Outcome.SENT, row.edit_message_id)
        elif row.file_kind and isinstance(self.sender, FileSender):
            async with self.queue.db.session() as s:
                got = (
                    await s.execute(
                        select(Delivery.file_name, Delivery.file_data).where(Delivery.id == row.id)
                    )
                ).one()
            result = await self.sender.send_file(
                row.chat_id, row.text, row.file_kind, got[0] or "file", got[1] or b"", buttons
            )
        else:
            result = await self.sender.send(row.chat_id, row.text, buttons)
        return await self._settle(row, result)

    async def _settle(self, row: _Row, result: SendResult) -> float | None:
        if result.outcome == Outcome.SENT:
            self._store(row.id, DeliveryStatus.SENT, message_id=result.message_id, sent_at=utcnow())
            self.queue.resolve(row.id, result.message_id)
            return None
        if result.outcome in (Outcome.RETRY_AFTER, Outcome.TEMPORARY):
            if result.outcome == Outcome.RETRY_AFTER:
                delay = max(result.retry_after, 0.05)
            else:
                delay = backoff(row.attempts, RETRY_BASE, RETRY_CAP).total_seconds()
            log.warning(
                "delivery #%s to %s held back %.1f s: %s",
                row.id,
                row.chat_id,
                delay,
                result.error or result.outcome,
            )
            self._hold[row.chat_id] = time.monotonic() + delay
            self._store(
                row.id,
                DeliveryStatus.QUEUED,
                error=result.error,
                next_attempt_at=utcnow() + dt.timedelta(seconds=delay),
            )
            return delay
        if result.outcome == Outcome.UNREACHABLE:
            await self._unreachable(row, result.error, mark=True)
            return None
        log.warning("delivery #%s to %s refused: %s", row.id, row.chat_id, result.error)
        self._store(row.id, DeliveryStatus.FAILED, error=result.error)
        self.queue.resolve(row.id, None)
        return None

    async def _unreachable(self, row: _Row, reason: str, *, mark: bool) -> None:
        if mark:
            log.warning("chat %s is unreachable: %s", row.chat_id, reason)
        async with self.queue.db.transaction() as s:
            await s.execute(
                update(Delivery)
                .where(Delivery.id == row.id)
                .values(status=DeliveryStatus.UNREACHABLE, error=reason[:500], claimed_at=None)
            )
            if mark and await s.get(Unreachable, row.chat_id) is None:
                s.add(Unreachable(chat_id=row.chat_id, reason=reason[:200]))
            email = await s.scalar(select(User.email).where(User.tg_id == row.chat_id))
        self.queue.resolve(row.id, None)
        if row.edit_message_id is None and self.outbox is not None and email and is_email(email):
            await self.outbox.queue_email(
                to=email,
                subject=row.fallback_subject or self.mail_subject,
                text=plain(row.text),
                user_id=row.user_id,
            )

    def _store(
        self,
        delivery_id: int,
        status: DeliveryStatus,
        *,
        error: str | None = None,
        message_id: int | None = None,
        sent_at: dt.datetime | None = None,
        next_attempt_at: dt.datetime | None = None,
    ) -> None:
        """Outcomes are written in batches (a few per second), not one transaction each."""
        self._results.append(
            {
                "_id": delivery_id,
                "status": status,
                "error": error,
                "message_id": message_id,
                "sent_at": sent_at,
                "next_attempt_at": next_attempt_at,
            }
        )

    async def _flush(self) -> None:
        if self._results:
            async with self.queue.db.transaction() as s:
                await self._write_results(s)

    async def _write_results(self, s: AsyncSession) -> None:
        """All pending outcomes in one executemany: one round trip, not one per message."""
        results, self._results = self._results, []
        if not results:
            return
        stmt = (
            update(Delivery.__table__)  # type: ignore[arg-type]
            .where(
                Delivery.__table__.c.id == bindparam("_id"),
                Delivery.__table__.c.status == DeliveryStatus.SENDING,
            )
            .values(
                status=bindparam("_status"),
                error=bindparam("_error"),
                claimed_at=None,
                message_id=func.coalesce(
                    bindparam("_message_id", type_=BigInteger), Delivery.__table__.c.message_id
                ),
                sent_at=func.coalesce(
                    bindparam("_sent_at", type_=UTCDateTime), Delivery.__table__.c.sent_at
                ),
                next_attempt_at=func.coalesce(
                    bindparam("_next_attempt_at", type_=UTCDateTime),
                    Delivery.__table__.c.next_attempt_at,
                ),
            )
        )
        await s.execute(
            stmt,
            [
                {
                    "_id": r["_id"],
                    "_status": r["status"],
                    "_error": r["error"],
                    "_message_id": r["message_id"],
                    "_sent_at": r["sent_at"],
                    "_next_attempt_at": r["next_attempt_at"],
                }
                for r in results
            ],
        )
