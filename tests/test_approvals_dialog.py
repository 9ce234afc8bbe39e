"""Approval cards and the workplace through aiogram's dispatcher: the production routers and
middlewares, a recording bot instead of Telegram."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendMessage
from aiogram.types import Chat, Message, User
from aiogram_dialog.test_tools import BotClient, MockMessageManager
from aiogram_dialog.test_tools.bot_client import FakeBot
from aiogram_dialog.test_tools.keyboard import InlineButtonTextLocator
from sqlalchemy import select

from bot.container import build
from bot.factory import make_dispatcher
from bot.settings import load_settings
from handlers.approvals.callbacks import ApprovalCb
from services.approvals import Status
from storage.models import ApprovalRequest, NumberService
from tests.test_approvals_pipeline import MANAGER_TG
from tests.test_approvals_pipeline import env as pipeline_env  # noqa: F401


class RecordingBot(FakeBot):
    def __init__(self) -> None:
        self.calls: list[Any] = []
        self._next = 5000

    async def __call__(self, method: Any, request_timeout: int | None = None) -> Any:
        self.calls.append(method)
        if isinstance(method, SendMessage):
            self._next += 1
            return Message(
                message_id=self._next,
                date=dt.datetime.now(),
                chat=Chat(id=method.chat_id, type="private"),
                text=method.text,
            )
        if isinstance(method, EditMessageText):
            return True
        return await super().__call__(method, request_timeout)

    def sent_to(self, chat_id: int) -> list[Message]:
        """What the bot sent to a chat, as messages a user could press buttons on."""
        out = []
        for i, c in enumerate(self.calls):
            if isinstance(c, SendMessage) and c.chat_id == chat_id:
                out.append(
                    Message(
                        message_id=i + 1,
                        date=dt.datetime.now(),
                        chat=Chat(id=chat_id, type="private"),
                        text=c.text,
                        reply_markup=c.reply_markup,
                        from_user=User(id=1, is_bot=True, first_name="bot"),
                    )
                )
        return out

    def answers(self) -> list[str]:
        return [c.text or "" for c in self.calls if isinstance(c, AnswerCallbackQuery)]


@pytest.fixture
async def app(pipeline_env):  # noqa: F811
    world, _pipeline, _approvals, _notifier, users = pipeline_env
    db = _pipeline.db
    bot = RecordingBot()
    messages = MockMessageManager()
    container = build(load_settings(operator_delay_ms=0), db, bot)
    dp = make_dispatcher(container, storage=MemoryStorage(), message_manager=messages)
    approvals, pipeline = container.services.approvals, container.services.pipeline
    executor = container.services.executor
    root = dp.sub_routers[0]

    def client(tg: int) -> BotClient:
        return BotClient(dp, user_id=tg, chat_id=tg, bot=bot)

    yield world, db, bot, approvals, pipeline, users, client, messages
    await approvals.wait_idle()
    await executor.close()
    _detach(root)  # routers are module singletons: the next test attaches them again


def _detach(router) -> None:
    for sub in router.sub_routers:
        _detach(sub)
        sub._parent_router = None
    router.sub_routers.clear()


async def request_service(world, pipeline, users) -> int:
    employee = await users.principal(world.employee_tg)
    sub = await pipeline.submit(
        employee,
        "services_on",
        {"number_ids": [world.numbers[0]]},
        {"service_id": world.services["music"]},
    )
    return sub.operation_id


async def request_of(db, operation_id: int) -> ApprovalRequest:
    async with db.session() as s:
        return await s.scalar(
            select(ApprovalRequest).where(ApprovalRequest.operation_id == operation_id)
        )


async def test_approve_on_the_card_then_a_late_press(app):
    world, db, bot, approvals, pipeline, users, client, _ = app
    op_id = await request_service(world, pipeline, users)
    card = bot.sent_to(MANAGER_TG)[-1]
    assert "Запрос на согласование" in card.text
    manager = client(MANAGER_TG)
    await manager.send("/start")  # an open menu must not swallow the card's buttons
    await manager.click(card, InlineButtonTextLocator("✅ Согласовать"))
    await approvals.wait_idle()
    req = await request_of(db, op_id)
    assert req.status == Status.APPROVED
    assert bot.answers()[-1].startswith("Согласовано")
    edits = [c for c in bot.calls if isinstance(c, EditMessageText) and c.chat_id == MANAGER_TG]
    assert edits and edits[-1].reply_markup is None and "Согласовано:" in edits[-1].text
    async with db.session() as s:
        assert (
            await s.scalar(
                select(NumberService.status).where(NumberService.number_id == world.numbers[0])
            )
            == "active"
        )
    await manager.click(card, InlineButtonTextLocator("✅ Согласовать"))
    assert "уже закрыт" in bot.answers()[-1]


async def test_reject_asks_a_reason(app):
    world, db, bot, _approvals, pipeline, users, client, messages = app
    op_id = await request_service(world, pipeline, users)
    card = bot.sent_to(MANAGER_TG)[-1]
    manager = client(MANAGER_TG)
    await manager.click(card, InlineButtonTextLocator("❌ Отклонить"))
    assert "причину отказа" in messages.last_message().text
    await manager.send("Нет бюджета на роуминг")
    req = await request_of(db, op_id)
    assert req.status == Status.REJECTED and req.decision_reason == "Нет бюджета на роуминг"
    told = bot.sent_to(world.employee_tg)[-1].text
    assert "отклонён" in told and "Нет бюджета" in told


async def test_forged_callback_from_the_requester_changes_nothing(app):
    world, db, bot, _approvals, pipeline, users, client, _ = app
    op_id = await request_service(world, pipeline, users)
    req = await request_of(db, op_id)
    receipt = bot.sent_to(world.employee_tg)[-1]
    forged = receipt.model_copy(
        update={
            "reply_markup": receipt.reply_markup.model_copy(
                update={
                    "inline_keyboard": [
                        [
                            receipt.reply_markup.inline_keyboard[0][0].model_copy(
                                update={
                                    "text": "forged",
                                    "callback_data": ApprovalCb(act="ok", id=req.id).pack(),
                                }
                            )
                        ]
                    ]
                }
            )
        }
    )
    await client(world.employee_tg).click(forged, InlineButtonTextLocator("forged"))
    assert bot.answers()[-1] == "Свой запрос согласовать нельзя."
    assert (await request_of(db, op_id)).status == Status.PENDING


async def test_details_and_the_workplace(app):
    world, _db, bot, approvals, pipeline, users, client, messages = app
    await request_service(world, pipeline, users)
    card = bot.sent_to(MANAGER_TG)[-1]
    manager = client(MANAGER_TG)
    await manager.click(card, InlineButtonTextLocator("ℹ️ Подробнее"))
    details = bot.sent_to(MANAGER_TG)[-1].text
    assert "Номера" in details and "+7 (913) 947-95-80" in details
    await manager.send("/start")
    await manager.click(messages.last_message(), InlineButtonTextLocator("✅ Согласования"))
    text = messages.last_message().text
    assert "Ждут вашего решения" in text
    await manager.click(messages.last_message(), InlineButtonTextLocator(r"⏳ №\d+.*"))
    assert "Запрос на согласование" in messages.last_message().text
    await manager.click(messages.last_message(), InlineButtonTextLocator("✅ Согласовать"))
    await approvals.wait_idle()
    assert "Согласовано:" in messages.last_message().text
    employee = client(world.employee_tg)
    await employee.send("/start")
    await employee.click(messages.last_message(), InlineButtonTextLocator("📨 Мои запросы"))
    assert "Мои запросы" in messages.last_message().text
    assert "✅ №" in str(messages.last_message().reply_markup)


async def test_admin_edits_the_rules(app):
    world, _db, bot, approvals, _pipeline, users, client, messages = app
    owner = client(world.owner_tg)
    await owner.send("/start")
    await owner.click(messages.last_message(), InlineButtonTextLocator("✅ Согласования"))
    await owner.click(messages.last_message(), InlineButtonTextLocator(".*Правила согласования"))
    text = messages.last_message().text
    assert "Обещанный платёж: дороже 500 ₽ → руководитель" in text
    await owner.click(messages.last_message(), InlineButtonTextLocator(".*Добавить правило"))
    await owner.click(messages.last_message(), InlineButtonTextLocator("Смена тарифного плана"))
    await owner.send("много")
    assert bot.sent_to(world.owner_tg)[-1].text.startswith("Нужно целое число")
    await owner.click(messages.last_message(), InlineButtonTextLocator("Пропустить"))
    await owner.send("1 000")
    await owner.click(messages.last_message(), InlineButtonTextLocator("администратор"))
    text = messages.last_message().text
    assert "Смена тарифного плана: дороже 1\u00a0000 ₽ → администратор" in text
    manager = await users.principal(MANAGER_TG)
    rules = await approvals.policy.rules(manager.company_id)
    assert [(r.operation, r.min_cost, r.approver) for r in rules][-1] == (
        "tariff",
        1000_00,
        "admin",
    )
    await owner.click(messages.last_message(), InlineButtonTextLocator("🗑 4"))
    assert len(await approvals.policy.rules(manager.company_id)) == 3
    # A manager sees no rules button and cannot reach them.
    mgr = client(MANAGER_TG)
    await mgr.send("/start")
    await mgr.click(messages.last_message(), InlineButtonTextLocator("✅ Согласования"))
    assert "Правила" not in str(messages.last_message().reply_markup)
