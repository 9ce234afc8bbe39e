"""The operator's SMS gateway, simulated on the application database.

It takes SMS the way a real gateway does: a message to something that is not a phone
number is refused at once; everything else is accepted and its fate is reported a little
later (a delivery report), from what the operator knows about the number: a blocked number
gets nothing, a closed one or one still in the operator's free pool does not exist, any
other valid number (ours or another network's) receives it. Billing stays where it was:
the SMS operation charges the account when it runs (services/operator/simulator.py).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Sequence

from sqlalchemy import select, update

from services.numbers.phones import normalize
from services.ports import ReportSink, SmsMessage, SmsReport
from storage.chunks import chunks
from storage.db import Database
from storage.models import FreeNumber, GatewaySms, Number, NumberStatus, utcnow

log = logging.getLogger(__name__)

REPORT_DELAY = 2.0  # seconds from taking a message to its delivery report
# A report not acknowledged within this is sent again (our report hook failed, or the
# bot restarted while the report was on its way).
REPORT_RETRY = dt.timedelta(seconds=30)
RESEND_BATCH = 500  # reports sent again per tick


class SimulatedSmsGateway:
    """Implements services.ports.SmsGateway. What it took is kept in `gateway_sms`, like a
    real SMS centre's log, so neither idempotency nor a pending report dies with the
    process."""

    def __init__(self, db: Database, report_delay: float = REPORT_DELAY) -> None:
        self.db = db
        self.report_delay = report_delay
        self._sinks: list[ReportSink] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self.submitted = 0  # messages actually taken (a resubmission is not counted)

    def on_report(self, sink: ReportSink) -> None:
        self._sinks.append(sink)

    async def submit(self, messages: Sequence[SmsMessage]) -> dict[int, str | None]:
        answers: dict[int, str | None] = {}
        known = await self._known([m.ref for m in messages])
        fresh: list[tuple[SmsMessage, str]] = []
        for m in messages:
            if m.ref in known:
                answers[m.ref] = None
                continue
            phone = normalize(m.to)
            if phone is None:
                answers[m.ref] = "not_a_number"
            else:
                answers[m.ref] = None
                fresh.append((m, phone))
        if not fresh:
            return answers
        fates = await self._fates({phone for _m, phone in fresh})
        reports = []
        async with self.db.transaction() as s:
            for m, phone in fresh:
                reason = fates.get(phone)
                reports.append(SmsReport(m.ref, reason is None, reason))
                s.add(GatewaySms(ref=m.ref, msisdn=phone, delivered=reason is None, reason=reason))
        self.submitted += len(reports)
        self._later(reports)
        return answers

    async def redeliver_reports(self) -> int:
        """Reports taken long ago and never acknowledged go out again; how many."""
        async with self.db.session() as s:
            rows = (
                await s.execute(
                    select(GatewaySms.ref, GatewaySms.delivered, GatewaySms.reason)
                    .where(
                        GatewaySms.reported_at.is_(None),
                        GatewaySms.taken_at < utcnow() - REPORT_RETRY,
                    )
                    .order_by(GatewaySms.ref)
                    .limit(RESEND_BATCH)
                )
            ).all()
        if rows:
            log.warning("SMS gateway: %d delivery reports sent again", len(rows))
            await self._report([SmsReport(ref, ok, reason) for ref, ok, reason in rows])
        return len(rows)

    async def _known(self, refs: list[int]) -> set[int]:
        async with self.db.session() as s:
            known: set[int] = set()
            for part in chunks(refs):
                known.update(
                    await s.scalars(select(GatewaySms.ref).where(GatewaySms.ref.in_(part)))
                )
        return known

    async def _fates(self, phones: set[str]) -> dict[str, str]:
        """Why a phone cannot receive SMS, for the phones that cannot."""
        async with self.db.session() as s:
            statuses = dict(
                (
                    await s.execute(
                        select(Number.msisdn, Number.status).where(Number.msisdn.in_(phones))
                    )
                ).all()
            )
            free = set(
                await s.scalars(select(FreeNumber.msisdn).where(FreeNumber.msisdn.in_(phones)))
            )
        fates: dict[str, str] = {}
        for phone in phones:
            status = statuses.get(phone)
            if status == NumberStatus.BLOCKED:
                fates[phone] = "number_blocked"
            elif status == NumberStatus.CLOSED or phone in free:
                fates[phone] = "unknown_number"
        return fates

    def _later(self, reports: list[SmsReport]) -> None:
        task = asyncio.create_task(self._report_later(reports))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _report_later(self, reports: list[SmsReport]) -> None:
        await asyncio.sleep(self.report_delay)
        await self._report(reports)

    async def _report(self, reports: list[SmsReport]) -> None:
        """To every sink; acknowledged (not to be sent again) once all have taken them."""
        for sink in self._sinks:
            try:
                await sink(reports)
            except Exception as exc:  # a real gateway retries its webhook later: so do we
                log.warning("SMS delivery reports not taken: %s", exc)
                return
        async with self.db.transaction() as s:
            for part in chunks([r.ref for r in reports]):
                await s.execute(
                    update(GatewaySms)
                    .where(GatewaySms.ref.in_(part), GatewaySms.reported_at.is_(None))
                    .values(reported_at=utcnow())
                )

    async def close(self) -> None:
        """Deliver the reports still on their way (a graceful stop loses none)."""
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
