"""SMS through the operator's gateway: taken, billed, reported back, summed up for the
author; never sent twice; a gateway that is down is waited out with a warning."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

import pytest
from sqlalchemy import func, select, update

from services.events import EventBus, SmsUndelivered
from services.notifications import DeliveryQueue, Notifications, Outbox
from services.notifications.sms import SmsWorker
from services.operations.executor import Executor
from services.operations.pipeline import Pipeline
from services.operator.simulator import Simulator
from services.operator.sms_gateway import SimulatedSmsGateway
from services.ports import SmsGatewayDown, SmsMessage, SmsReport
from services.users import UserService
from storage.models import (
    Charge,
    Delivery,
    GatewaySms,
    History,
    Number,
    NumberStatus,
    OutboxChannel,
    OutboxStatus,
    utcnow,
)
from storage.models import Outbox as OutboxRow
from tests import sandbox


@pytest.fixture
async def env(db):
    world = await sandbox.build(db, numbers=4)
    executor = Executor(db, Simulator(0))
    owner = await UserService(db).principal(world.owner_tg)
    yield world, Pipeline(db, executor), executor, owner
    await executor.close()


async def _sms_rows(db) -> list[OutboxRow]:
    async with db.session() as s:
        return list(
            await s.scalars(
                select(OutboxRow)
                .where(OutboxRow.channel == OutboxChannel.SMS)
                .order_by(OutboxRow.id)
            )
        )


async def test_sms_operation_is_delivered_and_failures_reach_the_author(db, env) -> None:
    w, pipeline, executor, owner = env
    sub = await pipeline.submit(owner, "sms", {"number_ids": w.numbers[:3]}, {"text": "Привет"})
    await executor.wait()
    async with db.session() as s:  # billed when the operation ran, as before
        charged = await s.scalar(
            select(func.count(Charge.id)).where(Charge.number_id.in_(w.numbers[:3]))
        )
    assert charged == 3
    rows = await _sms_rows(db)
    assert [r.status for r in rows] == [OutboxStatus.QUEUED] * 3
    assert {r.operation_id for r in rows} == {sub.operation_id}
    # While the SMS wait, one number gets blocked and one is closed.
    async with db.transaction() as s:
        await s.execute(
            update(Number).where(Number.id == w.numbers[1]).values(status=NumberStatus.BLOCKED)
        )
        await s.execute(
            update(Number).where(Number.id == w.numbers[2]).values(status=NumberStatus.CLOSED)
        )

    bus = EventBus()
    queue = DeliveryQueue(db)
    notifications = Notifications(db, queue, Outbox(db), mail_configured=False)
    heard: list[SmsUndelivered] = []

    async def hear(event: SmsUndelivered) -> None:
        heard.append(event)

    bus.subscribe(SmsUndelivered, hear)
    bus.subscribe(SmsUndelivered, notifications.on_sms_undelivered)
    gateway = SimulatedSmsGateway(db, report_delay=0)
    worker = SmsWorker(db, gateway, bus)
    assert await worker.run_once() == 3
    assert await worker.run_once() == 0
    # Taken, not yet reported: the rows read "sent" until the gateway says more.
    await worker.close()  # the reports on their way arrive

    rows = await _sms_rows(db)
    assert [(r.status, r.error) for r in rows] == [
        (OutboxStatus.DELIVERED, None),
        (OutboxStatus.FAILED, "number_blocked"),
        (OutboxStatus.FAILED, "unknown_number"),
    ]
    assert gateway.submitted == 3
    async with db.session() as s:
        entries = (
            await s.execute(
                select(History.action, History.status, History.number_id, History.details)
                .where(History.action.startswith("sms."))
                .order_by(History.id)
            )
        ).all()
        texts = list(await s.scalars(select(Delivery.text)))
    assert [(a, st, n) for a, st, n, _ in entries] == [
        ("sms.undelivered", "failed", w.numbers[1]),
        ("sms.undelivered", "failed", w.numbers[2]),
        ("sms.report", "partial", None),
    ]
    assert entries[2][3] == {"delivered": 1, "failed": 2}
    assert len(heard) == 1 and heard[0].failed == 2 and heard[0].user_id == owner.user_id
    # The author is told, in words, which numbers did not get it and why.
    assert len(texts) == 1
    assert "не доставлено 2 из 3" in texts[0]
    assert "номер заблокирован" in texts[0] and "номер не обслуживается" in texts[0]


async def test_all_delivered_tells_nobody_and_history_has_the_figures(db, env) -> None:
    w, pipeline, executor, owner = env
    await pipeline.submit(owner, "sms", {"number_ids": w.numbers[:2]}, {"text": "Тест"})
    await executor.wait()
    bus = EventBus()
    heard: list[SmsUndelivered] = []

    async def hear(event: SmsUndelivered) -> None:
        heard.append(event)

    bus.subscribe(SmsUndelivered, hear)
    worker = SmsWorker(db, SimulatedSmsGateway(db, report_delay=0), bus)
    await worker.run_once()
    await worker.close()
    assert [r.status for r in await _sms_rows(db)] == [OutboxStatus.DELIVERED] * 2
    assert heard == []
    async with db.session() as s:
        statuses = list(
            await s.scalars(select(History.status).where(History.action == "sms.report"))
        )
    assert statuses == ["done"]


async def test_a_free_pool_number_and_garbage_fail_with_their_reasons(db, env) -> None:
    outbox = Outbox(db)
    ids = [
        await outbox.queue_sms(to="+79130000001", text="x"),  # in the operator's free pool
        await outbox.queue_sms(to="not a phone", text="x"),
        await outbox.queue_sms(to="+4915112345678", text="x"),  # another network
    ]
    worker = SmsWorker(db, SimulatedSmsGateway(db, report_delay=0))
    await worker.run_once()
    await worker.close()
    rows = {r.id: r for r in await _sms_rows(db)}
    assert [(rows[i].status, rows[i].error) for i in ids] == [
        (OutboxStatus.FAILED, "unknown_number"),
        (OutboxStatus.FAILED, "not_a_number"),
        (OutboxStatus.DELIVERED, None),
    ]


async def test_a_resubmitted_message_is_not_sent_twice(db, env) -> None:
    outbox = Outbox(db)
    sms_id = await outbox.queue_sms(to="+79139479580", text="once")
    gateway = SimulatedSmsGateway(db, report_delay=60)  # the report is late
    worker = SmsWorker(db, gateway)
    await worker.run_once()
    for task in gateway._tasks:  # the process dies with the report on its way
        task.cancel()
    # It died between handing over and storing: the row is claimed again long after, by
    # a new process whose gateway client remembers nothing.
    async with db.transaction() as s:
        await s.execute(
            update(OutboxRow)
            .where(OutboxRow.id == sms_id)
            .values(status=OutboxStatus.SENDING, claimed_at=utcnow() - dt.timedelta(hours=1))
        )
    restarted = SimulatedSmsGateway(db, report_delay=60)
    worker = SmsWorker(db, restarted)
    assert await worker.run_once() == 1
    assert gateway.submitted == 1 and restarted.submitted == 0
    await worker.on_reports([SmsReport(sms_id, True)])
    await worker.on_reports([SmsReport(sms_id, False, "number_blocked")])  # a late duplicate
    assert [r.status for r in await _sms_rows(db)] == [OutboxStatus.DELIVERED]


async def test_a_report_lost_in_a_restart_arrives_after_it(db, env) -> None:
    """The bot stops while a delivery report is on its way: the SMS does not stay "sent"
    for ever; the gateway sends the report again and the author's figures are right."""
    sms_id = await Outbox(db).queue_sms(to="+79139479580", text="before the restart")
    gateway = SimulatedSmsGateway(db, report_delay=60)
    await SmsWorker(db, gateway).run_once()
    for task in gateway._tasks:  # killed: the report never left
        task.cancel()
    assert [r.status for r in await _sms_rows(db)] == [OutboxStatus.SENT]
    worker = SmsWorker(db, SimulatedSmsGateway(db, report_delay=60))
    await worker.run_once()
    assert [r.status for r in await _sms_rows(db)] == [OutboxStatus.SENT]  # not yet due
    async with db.transaction() as s:  # time passes
        await s.execute(update(GatewaySms).values(taken_at=utcnow() - dt.timedelta(minutes=5)))
    await worker.run_once()
    assert [r.status for r in await _sms_rows(db)] == [OutboxStatus.DELIVERED]
    async with db.session() as s:
        assert (await s.get(GatewaySms, sms_id)).reported_at is not None  # not sent again
    assert await worker.gateway.redeliver_reports() == 0


class DownGateway:
    def __init__(self) -> None:
        self.calls = 0

    def on_report(self, sink) -> None:
        pass

    async def redeliver_reports(self) -> int:
        return 0

    async def submit(self, messages: Sequence[SmsMessage]) -> dict[int, str | None]:
        self.calls += 1
        raise SmsGatewayDown("502 Bad Gateway")

    async def close(self) -> None:
        pass


async def test_a_gateway_that_is_down_is_waited_out_with_a_warning(db, env, caplog) -> None:
    sms_id = await Outbox(db).queue_sms(to="+79139479580", text="later")
    gateway = DownGateway()
    worker = SmsWorker(db, gateway)
    with caplog.at_level(logging.WARNING):
        assert await worker.run_once() == 0
    assert gateway.calls == 1
    (row,) = await _sms_rows(db)
    assert row.id == sms_id and row.status == OutboxStatus.QUEUED and "502" in (row.error or "")
    assert row.next_attempt_at is not None
    assert row.next_attempt_at - utcnow() < dt.timedelta(minutes=2)
    assert await worker.run_once() == 0 and gateway.calls == 1  # not due yet
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings and all(r.exc_info is None for r in warnings)
    assert "502" in warnings[0].getMessage()
