"""Approvals end to end: `python -m bot` against the fake Bot API, three roles at work.

employee (own number) asks for a service through the operations wizard → both department
managers get a card → one approves → the other card says who decided, the service is
connected, the employee is told; reject with a reason; withdrawal; late and forged presses;
then escalation, expiry and two managers approving at once (tariff changes) in a bot with a
short TTL."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from storage.db import Database
from storage.migrate import upgrade
from storage.models import (
    ApprovalRequest,
    Department,
    Grant,
    History,
    Number,
    NumberService,
    OperationItem,
    Role,
    ScopeKind,
    User,
)
from tests import sandbox
from tests.e2e.harness import BotProcess, assert_no_api_errors
from tests.fakeapi import BotMessage, FakeTelegram
from tests.fakeapi import User as TgUser

FORGED_ON = 10**6  # a message the bot cannot see: what a hand-made callback arrives on


@dataclass
class Cast:
    fake: FakeTelegram
    db: Database
    employee: TgUser
    manager: TgUser
    manager2: TgUser
    admin: TgUser
    storekeeper: TgUser
    outsider: TgUser  # manages another department
    numbers: list[int]
    tariffs: dict[str, int]
    services: dict[str, int]


async def populate(db: Database, cast: dict[str, TgUser]) -> tuple[list[int], sandbox.World]:
    """The sandbox company of the operations tests, plus departments and their people."""
    await upgrade(db.engine)
    world = await sandbox.build(
        db, numbers=110, owner_tg=cast["admin"].id, employee_tg=cast["employee"].id
    )
    async with db.transaction() as s:
        depts = {}
        for key, name in (("sales", "Отдел продаж"), ("it", "ИТ"), ("store", "Склад")):
            d = Department(company_id=world.company_id, name=name)
            s.add(d)
            await s.flush()
            d.path = f"/{d.id}/"
            depts[key] = d.id
        await s.execute(
            update(Number)
            .where(Number.company_id == world.company_id)
            .values(department_id=depts["sales"])
        )
        await s.execute(
            update(Number).where(Number.id == world.numbers[1]).values(department_id=depts["store"])
        )
        roles = {
            r.code: r.id
            for r in await s.scalars(select(Role).where(Role.company_id == world.company_id))
        }
        people = (
            ("manager", "manager", ScopeKind.DEPARTMENT, depts["sales"], None),
            ("manager2", "manager", ScopeKind.DEPARTMENT, depts["sales"], None),
            ("outsider", "manager", ScopeKind.DEPARTMENT, depts["it"], None),
            ("storekeeper", "employee", ScopeKind.OWN, None, world.numbers[1]),
        )
        for key, role, scope, dept, number in people:
            u = User(
                tg_id=cast[key].id, full_name=cast[key].first_name, company_id=world.company_id
            )
            s.add(u)
            await s.flush()
            s.add(
                Grant(
                    user_id=u.id,
                    role_id=roles[role],
                    scope=scope,
                    department_id=dept,
                    number_id=number,
                )
            )
        await s.execute(
            update(User).where(User.tg_id == cast["employee"].id).values(full_name="Иванов Иван")
        )
        await s.execute(
            update(User).where(User.tg_id == cast["admin"].id).values(full_name="Админ")
        )
    return world.numbers, world


@pytest.fixture
async def cast(tmp_path: Path, request: pytest.FixtureRequest) -> AsyncIterator[Cast]:
    ttl = getattr(request, "param", 3600)
    async with FakeTelegram() as fake:
        users = {
            k: fake.new_user(name, language_code="ru")
            for k, name in (
                ("employee", "Иван"),
                ("manager", "Пётр"),
                ("manager2", "Мария"),
                ("admin", "Админ"),
                ("storekeeper", "Кладовщик"),
                ("outsider", "Ольга"),
            )
        }
        db = Database(f"sqlite+aiosqlite:///{tmp_path}/bot.sqlite3")
        numbers, world = await populate(db, users)
        bot = BotProcess(
            fake,
            tmp_path,
            env={"APPROVAL_TTL_SECONDS": str(ttl), "SCHEDULER_INTERVAL_SECONDS": "0.5"},
        )
        await bot.start()
        try:
            for user in users.values():  # each opens the chat, as real users do
                await fake.send_command(user, "/start")
                await fake.wait_text(user, FRONT)
            yield Cast(
                fake, db, numbers=numbers, tariffs=world.tariffs, services=world.services, **users
            )
        finally:
            await bot.stop()
            await db.close()
        assert_no_api_errors(fake)
        bot.assert_no_tracebacks()


SERVICES = "Подключение услуг"
# The front page: the workplaces, or an employee's own number.
FRONT = re.compile("Виртуальный менеджер|Расходы в этом месяце")
# On an employee's home an operation is a button of its own.
HOME_ACTIONS = {"Смена тарифного плана": "Сменить тариф", SERVICES: "Подключить услугу"}
# Buttons the wizard may show on the way to "submit for approval", in order of preference.
RECEIPT = re.compile(r"Запрос №\d+ на согласование")
WALK = (
    "✅ Выбрать",
    "Сейчас",
    "Пропустить",
    "Далее",
    "Я понимаю",
    "Отправить на согласование",
    "📨 Запросить",
    "Выполнить",
)


async def request_op(
    c: Cast, user: TgUser, number: str, option: str, operation: str = "Смена тарифного плана"
) -> BotMessage:
    """Through the operations wizard, as a user would; returns the requester's receipt."""
    fake = c.fake
    before = {m.message_id for m in fake.messages(user)}
    await fake.send_command(user, "/menu")
    menu = await fake.wait_message(
        user, lambda m: any("Операции" in b or "Расходы" in m.text for b in fake.buttons(m))
    )
    if "Расходы в этом месяце" in menu.text:  # an employee's home: their number's actions
        await fake.click(user, menu, HOME_ACTIONS[operation])
    else:
        await fake.click(user, menu, "Операции")
        ops = await fake.wait_text(user, "Номера не выбраны")
        await fake.send_message(user, number)
        ops = await fake.wait_message(user, lambda m: operation in fake.buttons(m))
        await fake.click(user, ops, operation)
    step = await fake.wait_message(user, lambda m: any(option in b for b in fake.buttons(m)))
    version = step.version
    await fake.click(user, step, re.compile(re.escape(option)))
    await fake.wait_until(lambda: step.version != version)
    for _ in range(12):
        msg = await fake.wait_message(
            user,
            lambda m: (
                any(w in b for b in fake.buttons(m) for w in WALK)
                or (RECEIPT.search(m.content) is not None and m.message_id not in before)
            ),
            include_old=True,
        )
        if RECEIPT.search(msg.content) and msg.message_id not in before:
            return msg
        button = next(b for w in WALK for b in fake.buttons(msg) if w in b)
        version, count = msg.version, len(fake.messages(user))
        query = await fake.click(user, msg, button)
        # The next window: the message edited or a new one, and the press answered.
        await fake.wait_until(
            lambda m=msg, v=version, n=count, q=query: (
                (m.version != v or len(fake.messages(user)) != n)
                and fake.callback_answer(q) is not None
            )
        )
        if "Отправить на согласование" in button or "Выполнить" in button:
            return await fake.wait_message(
                user, lambda m: RECEIPT.search(m.content) is not None and m.message_id not in before
            )
    raise AssertionError("the wizard did not reach the approval step")


def request_id(receipt: BotMessage) -> int:
    return int(re.search(r"Запрос №(\d+)", receipt.content).group(1))


async def card_of(c: Cast, user: TgUser, rid: int) -> BotMessage:
    return await c.fake.wait_text(
        user, re.compile(rf"Запрос на согласование №{rid}\n"), include_old=True
    )


async def db_request(c: Cast, rid: int) -> ApprovalRequest:
    async with c.db.session() as s:
        return await s.get(ApprovalRequest, rid)


async def answer_text(c: Cast, query_id: str) -> str:
    return (await c.fake.wait_callback_answer(query_id)).get("text") or ""


async def service_status(c: Cast, number_id: int, service_id: int) -> str | None:
    async with c.db.session() as s:
        return await s.scalar(
            select(NumberService.status).where(
                NumberService.number_id == number_id, NumberService.service_id == service_id
            )
        )


async def tariff_of(c: Cast, number_id: int) -> int:
    async with c.db.session() as s:
        return (await s.get(Number, number_id)).tariff_id


async def test_request_approve_reject_withdraw(cast: Cast) -> None:
    c, fake = cast, cast.fake
    receipt = await request_op(c, c.employee, "913 947-95-80", "Apple Music", SERVICES)
    rid = request_id(receipt)
    assert "2 согласующим" in receipt.content
    card = await card_of(c, c.manager, rid)
    other = await card_of(c, c.manager2, rid)
    assert "От: Иван" in card.content and "Услуга: Apple Music" in card.content

    # Someone outside the department, and the requester, with forged data: refused.
    q = await fake.click_data(c.outsider, FORGED_ON, f"apr1:ok:{rid}")
    assert "нет прав" in await answer_text(c, q)
    q = await fake.click_data(c.employee, receipt.message_id, f"apr1:ok:{rid}")
    assert "Свой запрос" in await answer_text(c, q)
    assert (await db_request(c, rid)).status == "pending"

    q = await fake.click(c.manager, card, "Согласовать")
    assert "Согласовано" in await answer_text(c, q)
    await fake.wait_text(c.employee, "согласован: Пётр")
    await fake.wait_text(c.employee, "Выполнено: 1 из 1")
    if "Согласовано:" not in other.content:
        await fake.wait_changed(other)
    assert "Согласовано: Пётр" in other.content and not fake.buttons(other)
    assert await service_status(c, c.numbers[0], c.services["music"]) == "active"
    # The other manager's stale card: a late press answers with the state.
    q = await fake.click_data(c.manager2, other.message_id, f"apr1:ok:{rid}")
    assert "уже закрыт" in await answer_text(c, q)

    # Reject with a reason.
    receipt = await request_op(c, c.employee, "913 947-95-80", "100 SMS", SERVICES)
    rid = request_id(receipt)
    card = await card_of(c, c.manager2, rid)
    await fake.click(c.manager2, card, "Отклонить")
    await fake.wait_text(c.manager2, "причину отказа")
    await fake.send_message(c.manager2, "Нет бюджета")
    told = await fake.wait_text(c.employee, "отклонён")
    assert "Мария" in told.content and "Нет бюджета" in told.content
    assert (await db_request(c, rid)).decision_reason == "Нет бюджета"
    assert await service_status(c, c.numbers[0], c.services["sms100"]) is None

    # Withdrawal by the requester, from the receipt.
    receipt = await request_op(c, c.employee, "913 947-95-80", "Бизнес общение")
    rid = request_id(receipt)
    card = await card_of(c, c.manager, rid)
    q = await fake.click(c.employee, receipt, "Отозвать")
    assert "отозван" in (await answer_text(c, q)).lower()
    if "Отозван" not in card.content:
        await fake.wait_changed(card)
    assert "Отозван" in card.content and not fake.buttons(card)
    q = await fake.click_data(c.manager, card.message_id, f"apr1:ok:{rid}")
    assert "уже закрыт" in await answer_text(c, q)

    async with c.db.session() as s:
        actions = set(
            await s.scalars(select(History.action).where(History.action.like("approval.%")))
        )
    assert {
        "approval.request",
        "approval.approved",
        "approval.rejected",
        "approval.withdrawn",
    } <= actions


@pytest.mark.parametrize("cast", [4], indirect=True)
async def test_expiry_escalation_and_concurrent_approval(cast: Cast) -> None:
    c, fake = cast, cast.fake
    # Nobody manages the store: the request goes up to the admin, and the requester hears so.
    receipt = await request_op(c, c.storekeeper, "913 947-95-81", "Бизнес общение")
    assert "передан администратору" in receipt.content
    rid = request_id(receipt)
    card = await card_of(c, c.admin, rid)
    # Nobody decides in time: both sides are told, and a late press changes nothing.
    await fake.wait_text(c.storekeeper, "истёк", timeout=20)
    if "истёк" not in card.content:
        await fake.wait_changed(card)
    assert "истёк" in card.content and not fake.buttons(card)
    q = await fake.click_data(c.admin, card.message_id, f"apr1:ok:{rid}")
    assert "уже закрыт" in await answer_text(c, q)
    assert await tariff_of(c, c.numbers[1]) == c.tariffs["team"]

    # Two managers press at the same moment: one decision, one execution.
    receipt = await request_op(c, c.employee, "913 947-95-80", "Бизнес общение")
    rid = request_id(receipt)
    one, two = await card_of(c, c.manager, rid), await card_of(c, c.manager2, rid)
    q1, q2 = await asyncio.gather(
        fake.click(c.manager, one, "Согласовать"), fake.click(c.manager2, two, "Согласовать")
    )
    answers = [await answer_text(c, q1), await answer_text(c, q2)]
    assert sum("Согласовано" in a for a in answers) == 1
    assert sum("уже закрыт" in a for a in answers) == 1
    await fake.wait_text(c.employee, "Выполнено: 1 из 1")
    async with c.db.session() as s:
        approved = list(
            await s.scalars(select(History).where(History.action == "approval.approved"))
        )
        executed = await s.scalar(
            select(func.count(OperationItem.id)).where(
                OperationItem.operation_id == (await s.get(ApprovalRequest, rid)).operation_id,
                OperationItem.status == "done",
            )
        )
    assert len(approved) == 1 and executed == 1
    assert await tariff_of(c, c.numbers[0]) == c.tariffs["basic"]

    # Past the threshold: a manager's group operation over 100 numbers needs an admin,
    # even though the manager may change tariffs in the department.
    group = "\n".join(f"+7913{9479580 + i:07d}" for i in range(2, 103))
    receipt = await request_op(c, c.manager, group, "Бизнес общение")
    rid = request_id(receipt)
    assert "1 согласующему" in receipt.content
    card = await card_of(c, c.admin, rid)
    assert "101 номер" in card.content
    assert not [m for m in fake.messages(c.manager2) if f"согласование №{rid}\n" in m.content]
    await fake.click(c.admin, card, "Согласовать")
    await fake.wait_text(c.manager, "согласован: Админ")
    await fake.wait_text(c.manager, "Выполнено: 101 из 101")
    assert await tariff_of(c, c.numbers[102]) == c.tariffs["basic"]
