"""Alerts with a controllable clock: each kind fires once at its moment and not again."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from services.events import OperationFinished
from services.notifications import DeliveryQueue, Outbox
from services.notifications.alerts import AlertService
from storage.models import (
    Account,
    AlertKind,
    ApprovalMessage,
    ApprovalRequest,
    Block,
    Charge,
    Delivery,
    Number,
    NumberLimit,
    NumberStatus,
    Operation,
    OperationItem,
    PromisedPayment,
    User,
)
from tests.approvals_world import World, build

NOW = dt.datetime(2026, 11, 10, 9, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
async def env(sqlite_db) -> tuple[World, AlertService, Clock]:
    world = await build(sqlite_db)
    clock = Clock()
    alerts = AlertService(
        sqlite_db, world.users, DeliveryQueue(sqlite_db), Outbox(sqlite_db), clock
    )
    return world, alerts, clock


async def inbox(world: World, name: str) -> list[str]:
    async with world.db.session() as s:
        return list(
            await s.scalars(
                select(Delivery.text)
                .where(Delivery.chat_id == world.tg[name])
                .order_by(Delivery.id)
            )
        )


async def test_balance_below_threshold_once_a_day(env) -> None:
    world, alerts, clock = env
    accountant, employee = await world.who("accountant"), await world.who("employee")
    assert not await alerts.set_threshold(employee, world._account, 100_000)  # not theirs to set
    assert await alerts.set_threshold(accountant, world._account, 100_000)
    views = await alerts.thresholds(accountant)
    assert [v.threshold for v in views if v.account_id == world._account] == [100_000]
    async with world.db.transaction() as s:
        (await s.get(Account, world._account)).balance = 50_000
    await alerts.check(clock.now)
    for name in ("accountant", "admin"):
        assert any("ниже порога" in t and "500,00" in t for t in await inbox(world, name)), name
    assert await inbox(world, "employee") == []  # balances are not theirs to watch
    assert await inbox(world, "stranger_admin") == []
    await alerts.check(clock.now + dt.timedelta(hours=3))
    assert len(await inbox(world, "accountant")) == 1  # once a day
    await alerts.check(clock.now + dt.timedelta(days=1))
    assert len(await inbox(world, "accountant")) == 2


async def test_limit_80_then_100_blocks_the_number(env) -> None:
    world, alerts, clock = env
    emp = world.numbers["emp"]
    async with world.db.transaction() as s:
        number = await s.get(Number, emp)
        s.add(NumberLimit(number_id=emp, amount=100_000, action="block"))
        s.add(
            Charge(
                number_id=emp,
                account_id=number.account_id,
                date=NOW.date(),
                category="calls",
                amount=85_000,
            )
        )
    await alerts.check(clock.now)
    told = await inbox(world, "employee")
    assert len(told) == 1 and "80 %" in told[0]
    assert any("80 %" in t for t in await inbox(world, "manager"))  # sales is theirs
    assert await inbox(world, "it_manager") == []  # not theirs
    await alerts.check(clock.now + dt.timedelta(minutes=5))
    assert len(await inbox(world, "employee")) == 1  # not again
    async with world.db.transaction() as s:
        s.add(
            Charge(
                number_id=emp,
                account_id=number.account_id,
                date=NOW.date(),
                category="calls",
                amount=20_000,
            )
        )
    await alerts.check(clock.now + dt.timedelta(minutes=10))
    told = await inbox(world, "employee")
    assert len(told) == 2 and "заблокирован" in told[1]
    async with world.db.session() as s:
        assert (await s.get(Number, emp)).status == NumberStatus.BLOCKED
        blocks = list(
            await s.scalars(select(Block.kind).where(Block.number_id == emp, Block.active))
        )
    assert blocks == ["financial"]
    await alerts.check(clock.now + dt.timedelta(hours=1))
    assert len(await inbox(world, "employee")) == 2


async def test_promised_payment_due_tomorrow_then_repaid_or_overdue(env) -> None:
    world, alerts, clock = env
    async with world.db.transaction() as s:
        acc = await s.get(Account, world._account)
        acc.balance = 30_000  # includes the promised 50 000? no: it will fall short
        s.add(
            PromisedPayment(
                account_id=acc.id,
                number_id=world.numbers["emp"],
                amount=50_000,
                created_at=NOW - dt.timedelta(days=2),
                due_at=NOW + dt.timedelta(hours=20),
            )
        )
    await alerts.check(clock.now)
    assert any("Завтра" in t for t in await inbox(world, "employee"))
    await alerts.check(clock.now + dt.timedelta(hours=1))
    assert len(await inbox(world, "employee")) == 1
    await alerts.check(clock.now + dt.timedelta(hours=21))
    told = await inbox(world, "employee")
    assert len(told) == 2 and "просрочен" in told[1]
    async with world.db.session() as s:
        pp = await s.scalar(select(PromisedPayment))
        assert pp.status == "overdue"
        assert (await s.get(Account, world._account)).balance == 30_000 - 50_000
    # a second one on an account that covers it is repaid
    async with world.db.transaction() as s:
        (await s.get(Account, world._account)).balance = 100_000
        s.add(
            PromisedPayment(
                account_id=world._account,
                number_id=world.numbers["emp"],
                amount=40_000,
                created_at=NOW,
                due_at=NOW + dt.timedelta(days=2),
            )
        )
    await alerts.check(clock.now + dt.timedelta(days=2, minutes=1))
    assert "погашен" in (await inbox(world, "employee"))[-1]
    await alerts.check(clock.now + dt.timedelta(days=3))
    assert len(await inbox(world, "employee")) == 3


async def test_request_waiting_more_than_a_day(env) -> None:
    world, alerts, clock = env
    op_id = await world.operation("employee", "tariff", ["emp"])
    manager = await world.who("manager")
    async with world.db.transaction() as s:
        req = ApprovalRequest(
            company_id=world.company,
            operation_id=op_id,
            requester_id=(await world.who("employee")).user_id,
            created_at=NOW,
            expires_at=NOW + dt.timedelta(days=3),
        )
        s.add(req)
        await s.flush()
        s.add(
            ApprovalMessage(
                request_id=req.id, user_id=manager.user_id, chat_id=manager.tg_id, message_id=1
            )
        )
    await alerts.check(clock.now + dt.timedelta(hours=23))
    assert await inbox(world, "manager") == []
    await alerts.check(clock.now + dt.timedelta(hours=25))
    await alerts.check(clock.now + dt.timedelta(hours=30))
    told = await inbox(world, "manager")
    assert len(told) == 1 and "больше суток" in told[0]


async def test_deferred_operation_outcome_and_subscriber_opt_in(env) -> None:
    world, alerts, _clock = env
    employee = await world.who("employee")
    # subscriber notifications are opt-in: the manager switches tariff changes on
    manager = await world.who("manager")
    pref = await alerts.cycle(manager.user_id, AlertKind.TARIFF_CHANGED)
    assert pref.telegram and not pref.email
    op_id = await world.operation("manager", "tariff", ["emp"], status="done")
    async with world.db.transaction() as s:
        op = await s.get(Operation, op_id)
        op.run_at, op.done = NOW, 1
        item = await s.scalar(select(OperationItem).where(OperationItem.operation_id == op_id))
        item.status = "done"
    event = OperationFinished(op_id, world.company, manager.user_id, "done")
    await alerts.on_operation_finished(event)
    await alerts.on_operation_finished(event)  # once
    told = await inbox(world, "manager")
    assert len(told) == 2
    assert any("Отложенная операция" in t and "выполнена" in t for t in told)
    assert any("сменён тариф" in t for t in told)
    assert not any("сменён тариф" in t for t in await inbox(world, "employee"))
    assert employee.user_id != manager.user_id


async def test_many_at_once_become_one_digest_and_choices_are_kept(env) -> None:
    world, alerts, clock = env
    ids = await world.many_numbers(8)
    admin = await world.who("admin")
    async with world.db.transaction() as s:
        acc = world._account
        for number_id in ids:
            s.add(NumberLimit(number_id=number_id, amount=10_000, action="notify"))
            s.add(
                Charge(
                    number_id=number_id,
                    account_id=acc,
                    date=NOW.date(),
                    category="calls",
                    amount=9_000,
                )
            )
    # the admin turns 80 % alerts to e-mail only: no Telegram message for them
    async with world.db.transaction() as s:
        (await s.get(User, admin.user_id)).email = "admin@corp.test"
    await alerts.cycle(admin.user_id, AlertKind.LIMIT_80)  # telegram → off? cycle order
    prefs = {p.kind: p for p in await alerts.prefs(admin.user_id)}
    while not (prefs[AlertKind.LIMIT_80].email and not prefs[AlertKind.LIMIT_80].telegram):
        await alerts.cycle(admin.user_id, AlertKind.LIMIT_80)
        prefs = {p.kind: p for p in await alerts.prefs(admin.user_id)}
    await alerts.check(clock.now)
    told = await inbox(world, "manager")
    assert len(told) == 1 and "8 оповещений" in told[0]
    assert await inbox(world, "admin") == []
    from storage.models import Outbox as OutboxRow

    async with world.db.session() as s:
        mails = list(await s.scalars(select(OutboxRow.recipient)))
    assert mails == ["admin@corp.test"]


async def test_a_connection_deferred_at_the_operator_comes_on_at_its_start(env) -> None:
    """«Отложить подключение до»: the service waits, then is on, once, with a history line."""
    from storage.models import History, NumberService, Service, ServiceStatus

    world, alerts, clock = env
    async with world.db.transaction() as s:
        service = Service(code="roaming_pack", name="Роуминг", price=0)
        s.add(service)
        await s.flush()
        row = NumberService(
            number_id=world.numbers["emp"],
            service_id=service.id,
            status=ServiceStatus.PENDING,
            start_at=NOW + dt.timedelta(hours=2),
        )
        s.add(row)
    await alerts.check()
    async with world.db.session() as s:
        assert (await s.get(NumberService, row.id)).status == ServiceStatus.PENDING
    clock.now = NOW + dt.timedelta(hours=3)
    await alerts.check()
    await alerts.check()
    async with world.db.session() as s:
        on = await s.get(NumberService, row.id)
        assert on.status == ServiceStatus.ACTIVE and on.connected_at == NOW + dt.timedelta(hours=2)
        started = await s.scalars(select(History).where(History.action == "service.started"))
        assert [h.number_id for h in started] == [world.numbers["emp"]]
