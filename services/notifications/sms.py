"""The SMS worker: queued SMS go to the operator's gateway (services.ports.SmsGateway),
and its delivery reports come back into the outbox.

A batch is claimed with one conditional update (queued → sending) before it is handed
over, so two workers never submit one message twice; the gateway also takes our row id as
its idempotency key, for a worker that died between handing over and storing. A gateway
that is down puts the batch back with a capped backoff. Each report sets the row to
delivered or failed (with the reason). When the last SMS of an operation has its report,
the operation gets one history entry with the figures, each failure its own entry on its
number, and the author hears about failures in the chat (`SmsUndelivered`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Sequence

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services import history
from services.events import EventBus, OperationFinished, SmsUndelivered
from services.notifications.backoff import backoff
from services.notifications.queries import STALE_CLAIM
from services.ports import SmsGateway, SmsGatewayDown, SmsMessage, SmsReport
from storage.db import Database
from storage.models import Outbox, OutboxChannel, OutboxStatus, utcnow

log = logging.getLogger(__name__)
BATCH = 200
PENDING = (OutboxStatus.QUEUED, OutboxStatus.SENDING, OutboxStatus.SENT)
INLINE_FAILURES = 10  # failures listed in the author's message; the rest are counted


class SmsWorker:
    def __init__(self, db: Database, gateway: SmsGateway, bus: EventBus | None = None) -> None:
        self.db = db
        self.gateway = gateway
        self.bus = bus
        self._reports = asyncio.Lock()  # one report batch at a time: one summary per operation
        self._task: asyncio.Task[int] | None = None
        gateway.on_report(self.on_reports)

    async def on_operation_finished(self, _event: OperationFinished) -> None:
        """An operation's SMS were queued in its transaction: hand them over now rather
        than at the next tick (in the background: the operation does not wait for it)."""
        self.kick()

    def kick(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._guarded())

    async def _guarded(self) -> int:
        try:
            return await self.run_once()
        except Exception as exc:  # the next tick tries again
            log.warning("SMS worker stopped: %s", exc)
            return 0

    async def close(self) -> None:
        """Let a running hand-over finish and the reports on their way arrive."""
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)
        await self.gateway.close()

    async def run_once(self, now: dt.datetime | None = None) -> int:
        """Hand what is due to the gateway; how many it took or refused for good."""
        now = now or utcnow()
        await self.gateway.redeliver_reports()
        handled = 0
        while True:
            rows = await self._claim(now)
            if not rows:
                return handled
            handled += await self._submit(rows, now)
            if len(rows) < BATCH:
                return handled

    async def _claim(self, now: dt.datetime) -> list[Outbox]:
        due = or_(
            (Outbox.status == OutboxStatus.QUEUED)
            & (or_(Outbox.next_attempt_at.is_(None), Outbox.next_attempt_at <= now)),
            (Outbox.status == OutboxStatus.SENDING) & (Outbox.claimed_at < now - STALE_CLAIM),
        )
        async with self.db.transaction() as s:
            ids = list(
                await s.scalars(
                    select(Outbox.id)
                    .where(Outbox.channel == OutboxChannel.SMS, due)
                    .order_by(Outbox.id)
                    .limit(BATCH)
                )
            )
            if not ids:
                return []
            claimed = list(
                await s.scalars(
                    update(Outbox)
                    .where(Outbox.id.in_(ids), due)
                    .values(
                        status=OutboxStatus.SENDING,
                        claimed_at=now,
                        attempts=Outbox.attempts + 1,
                    )
                    .returning(Outbox.id)
                )
            )
            if not claimed:
                return []
            return list(
                await s.scalars(
                    select(Outbox)
                    .where(Outbox.id.in_(claimed))
                    .order_by(Outbox.id)
                    .execution_options(populate_existing=True)
                )
            )

    async def _submit(self, rows: list[Outbox], now: dt.datetime) -> int:
        messages = [SmsMessage(r.id, r.recipient, r.body) for r in rows]
        try:
            answers = await self.gateway.submit(messages)
        except SmsGatewayDown as exc:
            log.warning("SMS gateway unavailable, %d SMS wait: %s", len(rows), exc)
            async with self.db.transaction() as s:
                for r in rows:
                    await s.execute(
                        update(Outbox)
                        .where(Outbox.id == r.id, Outbox.status == OutboxStatus.SENDING)
                        .values(
                            status=OutboxStatus.QUEUED,
                            claimed_at=None,
                            error=str(exc)[:1000] or "gateway unavailable",
                            next_attempt_at=utcnow() + backoff(r.attempts),
                        )
                    )
            return 0
        refused = [SmsReport(ref, False, reason) for ref, reason in answers.items() if reason]
        async with self.db.transaction() as s:
            # Guarded: a report that came back already must not be overwritten by "sent".
            await s.execute(
                update(Outbox)
                .where(
                    Outbox.id.in_([r.id for r in rows if answers.get(r.id, "") is None]),
                    Outbox.status == OutboxStatus.SENDING,
                )
                .values(status=OutboxStatus.SENT, claimed_at=None, error=None, sent_at=utcnow())
            )
        if refused:
            await self.on_reports(refused)
        return len(answers)

    async def on_reports(self, reports: Sequence[SmsReport]) -> None:
        """The gateway's delivery reports: stored on their rows, summed up per operation."""
        async with self._reports:
            undelivered: list[SmsUndelivered] = []
            async with self.db.transaction() as s:
                rows = {
                    r.id: r
                    for r in await s.scalars(
                        select(Outbox).where(
                            Outbox.id.in_([rep.ref for rep in reports]),
                            Outbox.channel == OutboxChannel.SMS,
                            Outbox.status.in_(PENDING),
                        )
                    )
                }
                operations: set[int] = set()
                for rep in reports:
                    row = rows.get(rep.ref)
                    if row is None:  # unknown, or its report was stored already
                        continue
                    row.status = OutboxStatus.DELIVERED if rep.delivered else OutboxStatus.FAILED
                    row.error = None if rep.delivered else (rep.reason or "undelivered")
                    row.claimed_at = None
                    if row.operation_id is not None:
                        operations.add(row.operation_id)
                    if not rep.delivered:
                        log.info("SMS #%s to %s undelivered: %s", row.id, row.recipient, rep.reason)
                        history.record(
                            s,
                            company_id=row.company_id,
                            user_id=row.user_id,
                            action="sms.undelivered",
                            status="failed",
                            operation_id=row.operation_id,
                            number_id=row.number_id,
                            to=row.recipient,
                            reason=row.error,
                        )
                await s.flush()
                for operation_id in sorted(operations):
                    event = await self._summary(s, operation_id)
                    if event is not None:
                        undelivered.append(event)
            if self.bus is not None:
                for event in undelivered:
                    await self.bus.publish(event)

    async def _summary(self, s: AsyncSession, operation_id: int) -> SmsUndelivered | None:
        """Once every SMS of the operation has its fate: one history entry with the
        figures; the event for the author when some were not delivered."""
        counts = dict(
            (
                await s.execute(
                    select(Outbox.status, func.count(Outbox.id))
                    .where(
                        Outbox.operation_id == operation_id,
                        Outbox.channel == OutboxChannel.SMS,
                    )
                    .group_by(Outbox.status)
                )
            ).all()
        )
        if any(counts.get(status) for status in PENDING):
            return None
        delivered = int(counts.get(OutboxStatus.DELIVERED, 0))
        failed = int(counts.get(OutboxStatus.FAILED, 0))
        first = (
            await s.execute(
                select(Outbox.company_id, Outbox.user_id)
                .where(Outbox.operation_id == operation_id, Outbox.channel == OutboxChannel.SMS)
                .limit(1)
            )
        ).one()
        history.record(
            s,
            company_id=first[0],
            user_id=first[1],
            action="sms.report",
            status="done" if not failed else ("partial" if delivered else "failed"),
            operation_id=operation_id,
            delivered=delivered,
            failed=failed,
        )
        if not failed or first[1] is None:
            return None
        failures = (
            await s.execute(
                select(Outbox.recipient, Outbox.error)
                .where(
                    Outbox.operation_id == operation_id,
                    Outbox.channel == OutboxChannel.SMS,
                    Outbox.status == OutboxStatus.FAILED,
                )
                .order_by(Outbox.id)
                .limit(INLINE_FAILURES)
            )
        ).all()
        return SmsUndelivered(
            operation_id=operation_id,
            user_id=first[1],
            delivered=delivered,
            failed=failed,
            failures=tuple((to, error or "") for to, error in failures),
        )
