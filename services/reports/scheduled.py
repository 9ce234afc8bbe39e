"""Scheduled reports: any report of the catalogue on a rule («3-го числа в 09:00»), to its
author's chat (summary, charts, XLSX) and to e-mail addresses (the XLSX attached).

The report is built at run time as its author sees it then: their scope and rights of
that day, the period preset ("last month") read in the item's time zone. An author who
left or lost the report permission ends the item as failed, with the reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NoReturn

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from locales import translator
from services.access import Principal
from services.events import EventBus, PlanChanged
from services.formatting import DEFAULT_TZ, zone
from services.notifications.delivery import DeliveryQueue, plain
from services.notifications.outbox import Attachment, Outbox, is_email
from services.notifications.service import menu_button
from services.periods import Period, PeriodKind
from services.planned import store
from services.planned.rules import Freq, Rule, RuleError
from services.reports import REPORTS, Grouping, ReportCode, ReportRequest, ReportService
from services.users import UserService
from storage.db import Database
from storage.models import Contract, PlanKind, PlannedItem, PlanState, User

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LAST_7 = "last_7"  # the seven days before the run's day (not a month preset)
PRESETS = (
    PeriodKind.LAST_MONTH.value,
    PeriodKind.THIS_MONTH.value,
    PeriodKind.LAST_3_MONTHS.value,
    LAST_7,
)
MAX_EMAILS = 5


class ScheduleError(ValueError):
    """A request that cannot be scheduled: ``code`` names the reason for the locale
    (srep-err-<code>), ``arg`` the offending value."""

    def __init__(self, code: str, arg: str = "") -> None:
        super().__init__(f"{code}: {arg}" if arg else code)
        self.code = code
        self.arg = arg


class ReportRunFailed(RuntimeError):
    """The item can no longer run (its author left or lost the right): it ended as failed."""


def period_of(preset: str, today: dt.date) -> Period:
    if preset == LAST_7:
        return Period.custom(today - dt.timedelta(days=7), today - dt.timedelta(days=1))
    return Period.preset(PeriodKind(preset), today)


def clean_emails(raw: Sequence[str]) -> list[str]:
    """Addresses in order, once each; ScheduleError("email") names the first bad one."""
    out: list[str] = []
    for value in raw:
        value = value.strip()
        if not value:
            continue
        if not is_email(value):
            raise ScheduleError("email", value)
        if value.lower() not in (e.lower() for e in out):
            out.append(value)
    if len(out) > MAX_EMAILS:
        raise ScheduleError("emails-many", str(MAX_EMAILS))
    return out


async def company_zone(s: AsyncSession, company_id: int) -> str:
    """The company's time zone: that of its first contract (the head office's), else Moscow."""
    tz = await s.scalar(
        select(Contract.timezone)
        .where(Contract.company_id == company_id)
        .order_by(Contract.id)
        .limit(1)
    )
    return tz or DEFAULT_TZ


class ScheduledReports:
    def __init__(
        self,
        db: Database,
        reports: ReportService,
        delivery: DeliveryQueue,
        outbox: Outbox,
        users: UserService | None = None,
        bus: EventBus | None = None,
    ) -> None:
        self.db = db
        self.reports = reports
        self.delivery = delivery
        self.outbox = outbox
        self.users = users or UserService(db)
        self.bus = bus or EventBus()

    async def zone_of(self, principal: Principal) -> str:
        """The zone a schedule's times mean for this user's company."""
        async with self.db.session() as s:
            return await company_zone(s, principal.company_id)

    async def default_emails(self, user_id: int) -> list[str]:
        async with self.db.session() as s:
            email = await s.scalar(select(User.email).where(User.id == user_id))
        return [email] if email and is_email(email) else []

    async def create(
        self,
        principal: Principal,
        *,
        code: ReportCode,
        now: dt.datetime,
        freq: Freq = Freq.MONTHLY,
        day: int = 3,
        time: dt.time = dt.time(9, 0),
        period: str = PeriodKind.LAST_MONTH.value,
        grouping: Grouping | None = None,
        emails: Sequence[str] = (),
        to_chat: bool = True,
    ) -> int:
        """A recurring report item in the company's time zone; its id. `day` is the day of
        the month (monthly) or the weekday, Monday=0 (weekly)."""
        if not self.reports.allowed(principal):
            raise ScheduleError("forbidden")
        if period not in PRESETS:
            raise ScheduleError("period", period)
        spec = REPORTS[code]
        group = grouping if grouping in spec.groupings else spec.groupings[0]
        addresses = clean_emails(emails)
        if not addresses and not to_chat:
            raise ScheduleError("nowhere")
        try:
            rule = Rule.load(
                {"freq": freq.value, "slots": [{"day": day, "time": time.strftime("%H:%M")}]}
            )
        except RuleError as exc:
            raise ScheduleError("rule", str(exc)) from None
        async with self.db.transaction() as s:
            tz = await company_zone(s, principal.company_id)
            at, _step = rule.next_after(zone(tz), now)
            item_id = await store.add_item(
                s,
                company_id=principal.company_id,
                kind=PlanKind.REPORT,
                when=at,
                timezone=tz,
                created_by=principal.user_id,
                payload={
                    "code": code.value,
                    "grouping": group.value,
                    "period": period,
                    "emails": addresses,
                    "chat": to_chat,
                },
                rule=rule.dump(),
            )
        await self.bus.publish(PlanChanged(item_id, principal.company_id))
        return item_id

    async def run(self, item_id: int, at: dt.datetime) -> None:
        """One occurrence at `at`: build as the author today, queue to chat and mail."""
        async with self.db.session() as s:
            item = await s.get(PlannedItem, item_id)
            if item is None:
                return
            author, tz, payload = item.created_by, item.timezone, dict(item.payload)
            company_id = item.company_id
        principal = await self.users.principal_by_id(author) if author else None
        if principal is None or principal.company_id != company_id:
            await self._fail(item_id, "author-inactive")
        if not self.reports.allowed(principal):
            await self._fail(item_id, "no-permission")
        code = ReportCode(str(payload["code"]))
        today = at.astimezone(zone(tz)).date()
        req = ReportRequest(
            code,
            period_of(str(payload.get("period") or PeriodKind.LAST_MONTH.value), today),
            Grouping(str(payload.get("grouping") or REPORTS[code].groupings[0].value)),
            False,
            today,
        )
        data = await self.reports.build(principal, req)
        files = await self.reports.render(principal, data, False)
        book = await self.reports.workbook(principal, data, False)
        name = self.reports.filename(data)
        i18n = translator(principal.language)
        title = i18n.plain(f"rep-title-{code.value}")
        if payload.get("chat", True):
            chat = principal.tg_id
            head = i18n("srep-head")
            await self.delivery.enqueue(chat, f"{head}\n\n{files.summary}", user_id=author)
            for n, chart in enumerate(files.charts, 1):
                await self.delivery.enqueue_file(
                    chat, "", "photo", f"chart-{n}.png", chart, user_id=author
                )
            await self.delivery.enqueue_file(
                chat,
                i18n("srep-file"),
                "document",
                name,
                book,
                menu_button(principal.language),
                user_id=author,
            )
        for address in payload.get("emails") or ():
            await self.outbox.queue_email(
                to=str(address),
                subject=i18n.plain("srep-mail-subject", title=title),
                text=plain(files.summary) + "\n\n" + i18n.plain("srep-mail-footer"),
                attachments=[Attachment(name, book, XLSX_MIME)],
                company_id=company_id,
                user_id=author,
            )
        await self.reports.record(principal, req, table=True)

    async def _fail(self, item_id: int, reason: str) -> NoReturn:
        """End the item for good (a recurring one too) and say why; the scheduler's own
        bookkeeping then finds it no longer running and leaves it as it is."""
        async with self.db.transaction() as s:
            await s.execute(
                update(PlannedItem)
                .where(PlannedItem.id == item_id, PlannedItem.state == PlanState.RUNNING)
                .values(state=PlanState.FAILED, error=reason, claimed_at=None)
            )
        raise ReportRunFailed(reason)
