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
import logging
from collections.abc import Sequence

from sqlalchemy import select

from services.numbers.phones import normalize
from services.ports import ReportSink, SmsMessage, SmsReport
from storage.db import Database
from storage.models import FreeNumber, Number, NumberStatus

log = logging.getLogger(__name__)

REPORT_DELAY = 2.0  # seconds from taking a message to its delivery report
REMEMBER = 100_000  # refs kept for idempotency (a resubmitted ref is not sent twice)


class SimulatedSmsGateway:
    """Implements services.ports.SmsGateway."""

    def __init__(self, db: Database, report_delay: float = REPORT_DELAY) -> None:
        self.db = db
        self.report_delay = report_delay
        self._sinks: list[ReportSink] = []
        self._taken: dict[int, SmsReport] = {}  # ref -> its report, once taken
        self._tasks: set[asyncio.Task[None]] = set()
        self.submitted = 0  # messages actually taken (a resubmission is not counted)

    def on_report(self, sink: ReportSink) -> None:
        self._sinks.append(sink)

    async def submit(self, messages: Sequence[SmsMessage]) -> dict[int, str | None]:
        answers: dict[int, str | None] = {}
        fresh: list[tuple[SmsMessage, str]] = []
        for m in messages:
            if m.ref in self._taken:
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
        for m, phone in fresh:
            reason = fates.get(phone)
            report = SmsReport(m.ref, reason is None, reason)
            self._taken[m.ref] = report
            reports.append(report)
        self.submitted += len(reports)
        while len(self._taken) > REMEMBER:
            self._taken.pop(next(iter(self._taken)))
        task = asyncio.create_task(self._report_later(reports))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return answers

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

    async def _report_later(self, reports: list[SmsReport]) -> None:
        await asyncio.sleep(self.report_delay)
        for sink in self._sinks:
            try:
                await sink(reports)
            except Exception as exc:  # a real gateway would retry its webhook later
                log.warning("SMS delivery reports not taken: %s", exc)

    async def close(self) -> None:
        """Deliver the reports still on their way (a graceful stop loses none)."""
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
