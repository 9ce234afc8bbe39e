"""Scheduled reports: a monthly report on the 3rd at 09:00 in the company's zone, driven by a
controllable clock. It does not fire before its moment; on it the chat gets the summary,
the chart and the XLSX (through the delivery queue, in that order) and the e-mail arrives
at a real SMTP server with the workbook attached; the next run is the next month's 3rd.
An author who left makes the item fail with the reason."""

from __future__ import annotations

import datetime as dt
from email.message import Message

import pytest
from sqlalchemy import select, update

from services.events import EventBus
from services.formatting import zone
from services.notifications.delivery import DeliveryQueue, Outcome, SendResult
from services.notifications.mailer import MailSettings, MailWorker
from services.notifications.outbox import Outbox
from services.notifications.pump import DeliveryPump
from services.operations.executor import Executor
from services.operations.pipeline import Pipeline
from services.operator.simulator import Simulator
from services.periods import add_months
from services.planned import Freq, wall_to_utc
from services.ports import Keyboard
from services.reports import ReportCode, ReportService
from services.reports.scheduled import ScheduledReports, ScheduleError, company_zone
from services.scheduler import LocalLock, PlanRunner, Scheduler
from services.users import UserService
from storage.models import PlannedItem, PlanState, User, utcnow
from tests import sandbox
from tests.smtp_server import smtp_server


class FileRecorder:
    """A Telegram side that keeps what each chat got: ("text"|"photo"|"document", …)."""

    def __init__(self) -> None:
        self.got: list[tuple[int, str, str, bytes]] = []

    async def send(self, chat_id: int, text: str, buttons: Keyboard) -> SendResult:
        self.got.append((chat_id, "text", text, b""))
        return SendResult(Outcome.SENT, len(self.got))

    async def send_file(
        self, chat_id: int, caption: str, kind: str, name: str, data: bytes, buttons: Keyboard
    ) -> SendResult:
        self.got.append((chat_id, kind, name, data))
        return SendResult(Outcome.SENT, len(self.got))

    async def edit(self, chat_id: int, message_id: int, text: str, buttons: Keyboard) -> SendResult:
        return SendResult(Outcome.SENT, message_id)


@pytest.fixture
async def env(db):
    world = await sandbox.build(db, numbers=3)
    bus = EventBus()
    executor = Executor(db, Simulator(0), bus)
    users = UserService(db)
    queue, outbox = DeliveryQueue(db), Outbox(db)
    scheduled = ScheduledReports(db, ReportService(db), queue, outbox, users, bus)
    runner = PlanRunner(db, Pipeline(db, executor, bus=bus), users, scheduled)
    scheduler = Scheduler(db, runner, LocalLock())
    owner = await users.principal(world.owner_tg)
    assert owner is not None
    async with db.session() as s:
        tz = await company_zone(s, owner.company_id)
    yield world, scheduled, scheduler, queue, owner, tz
    await executor.close()


def attachment(msg: Message) -> tuple[str, bytes]:
    for part in msg.walk():
        if part.get_filename():
            data = part.get_payload(decode=True)
            assert isinstance(data, bytes)
            return part.get_filename() or "", data
    raise AssertionError("no attachment")


async def test_monthly_report_to_chat_and_mail_on_its_day(db, env):
    world, scheduled, scheduler, queue, owner, tz = env
    now = utcnow()
    item_id = await scheduled.create(
        owner, code=ReportCode.PAYMENTS, now=now, emails=["boss@corp.test", " boss@corp.test"]
    )
    local_today = now.astimezone(zone(tz)).date()
    third = local_today.replace(day=3)
    if wall_to_utc(third, dt.time(9), zone(tz)) <= now:
        third = add_months(third, 1)
    due = wall_to_utc(third, dt.time(9), zone(tz))
    async with db.session() as s:
        item = await s.get(PlannedItem, item_id)
        assert item is not None and item.next_run_at == due
        assert item.payload["emails"] == ["boss@corp.test"]

    report = await scheduler.sweep(due - dt.timedelta(seconds=1))
    assert report.ran == {}

    report = await scheduler.sweep(due)
    assert report.ran == {"report": 1} and report.failed == 0

    sender = FileRecorder()
    await DeliveryPump(queue, sender).pump(idle_seconds=0.2)
    kinds = [k for _c, k, _n, _d in sender.got]
    assert {c for c, _k, _n, _d in sender.got} == {world.owner_tg}
    assert kinds[0] == "text" and "photo" in kinds and kinds[-1] == "document"
    head = sender.got[0][2]
    assert "Регулярный отчёт" in head and "Начисления и платежи" in head
    _c, _k, name, book = sender.got[-1]
    assert name.endswith(".xlsx") and book[:2] == b"PK"
    photo = next(d for _c, k, _n, d in sender.got if k == "photo")
    assert photo[:8] == b"\x89PNG\r\n\x1a\n"

    with smtp_server() as (server, port):
        worker = MailWorker(db, MailSettings(host="127.0.0.1", port=port, sender="vm@corp.test"))
        assert await worker.run_once() == 1
    (msg,) = server.received
    assert msg["To"] == "boss@corp.test"
    filename, data = attachment(msg)
    assert filename == name and data == book

    async with db.session() as s:
        item = await s.get(PlannedItem, item_id)
        assert item is not None
        assert item.state == PlanState.PENDING and item.runs == 1
        nxt = add_months(third, 1)
        assert item.next_run_at == wall_to_utc(nxt, dt.time(9), zone(tz))
        assert item.next_run_at.astimezone(zone(tz)).day == 3


async def test_report_of_an_author_who_left_fails_with_reason(db, env):
    _world, scheduled, scheduler, _queue, owner, _tz = env
    now = utcnow()
    item_id = await scheduled.create(
        owner, code=ReportCode.PAYMENTS, now=now, freq=Freq.WEEKLY, day=0
    )
    async with db.transaction() as s:
        await s.execute(update(User).where(User.id == owner.user_id).values(active=False))
        item = await s.get(PlannedItem, item_id)
        assert item is not None
        due = item.next_run_at
    report = await scheduler.sweep(due)
    assert report.failed == 1 and report.ran == {}
    async with db.session() as s:
        item = await s.get(PlannedItem, item_id)
        assert item is not None and item.state == PlanState.FAILED
        assert item.error == "author-inactive"


async def test_bad_email_is_refused_and_named(db, env):
    _world, scheduled, _scheduler, _queue, owner, _tz = env
    with pytest.raises(ScheduleError) as err:
        await scheduled.create(
            owner, code=ReportCode.PAYMENTS, now=utcnow(), emails=["ok@corp.test", "boss@corp"]
        )
    assert err.value.code == "email" and err.value.arg == "boss@corp"
    async with db.session() as s:
        assert (await s.scalars(select(PlannedItem.id))).first() is None
