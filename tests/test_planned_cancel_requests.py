"""Cancelling through a request where the policy says so, through the dispatcher: a role
whose «Запланированное» permission is "request" asks to cancel instead of cancelling; the
item stays, the admins hear of it, and the asker hears the answer — cancelled, or kept.
Such a role gets no move or run now, and its forged presses of those change nothing."""

from __future__ import annotations

import pytest
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.methods import AnswerCallbackQuery
from aiogram_dialog.test_tools import BotClient, MockMessageManager
from sqlalchemy import select

from bot.container import build
from bot.factory import make_dispatcher
from bot.settings import load_settings
from storage.models import Delivery, Grant, Operation, PlannedItem, Role, ScopeKind, User
from tests import sandbox
from tests.test_operations_dialog import RecordingBot, _detach, buttons, click
from tests.test_planned_deadlines import Hidden
from tests.test_planned_workplace import defer_music

PLANNER_TG = 1003


@pytest.fixture
async def app(sqlite_db):
    db = sqlite_db
    world = await sandbox.build(db, numbers=3)
    async with db.transaction() as s:
        role = Role(
            company_id=world.company_id,
            code="planner",
            name="Planner",
            permissions={"numbers": "perform", "scheduled": "request", "op.*": "perform"},
        )
        planner = User(tg_id=PLANNER_TG, full_name="Planner", company_id=world.company_id)
        s.add_all([role, planner])
        await s.flush()
        s.add(Grant(user_id=planner.id, role_id=role.id, scope=ScopeKind.COMPANY))
    bot = RecordingBot()
    container = build(load_settings(operator_delay_ms=0), db, bot)
    # one dispatcher (the routers are the process's); the screens each one last saw follow
    # one another, and each person reopens theirs before pressing on it
    messages = MockMessageManager()
    dp = make_dispatcher(container, storage=MemoryStorage(), message_manager=messages)
    people = {
        tg: (BotClient(dp, user_id=tg, chat_id=tg, bot=bot), messages, dp)
        for tg in (world.owner_tg, PLANNER_TG)
    }
    yield db, world, container.services, people, bot
    await container.services.executor.close()
    _detach(dp.sub_routers[0])


async def told(db, tg: int) -> list[str]:
    async with db.session() as s:
        return list(await s.scalars(select(Delivery.text).where(Delivery.chat_id == tg)))


async def open_item(client, messages) -> str:
    await client.send("/start")
    await click(client, messages, "Запланированное")
    return await click(client, messages, "1. ")


async def item_row(db) -> PlannedItem:
    async with db.session() as s:
        return await s.scalar(select(PlannedItem))


async def test_asked_then_kept_then_asked_and_cancelled(app):
    db, world, services, people, bot = app
    await defer_music(services, world)
    before = (await item_row(db)).next_run_at
    client, messages, _dp = people[PLANNER_TG]
    await open_item(client, messages)
    labels = buttons(messages)
    assert "✖️ Попросить отменить" in labels and "🏠 Меню" in labels
    assert not any(w in b for b in labels for w in ("Перенести", "Выполнить сейчас"))
    for widget in ("run", "refuse"):  # what the role is not offered, forged
        calls = len(bot.calls)
        await client.click(messages.last_message(), Hidden(".*Назад", widget))
        alerts = [c.text or "" for c in bot.calls[calls:] if isinstance(c, AnswerCallbackQuery)]
        assert any("Изменить это может" in a for a in alerts), (widget, alerts)

    text = await click(client, messages, "Попросить отменить")
    assert "попросить администратора или автора" in text
    text = await click(client, messages, "Да, попросить")
    async with db.session() as s:  # the name the bot knows them by (from Telegram)
        name = await s.scalar(select(User.full_name).where(User.tg_id == PLANNER_TG))
    assert "Запрос на отмену отправлен" in text and f"Отмену просит: {name}" in text
    row = await item_row(db)
    assert row.state == "pending" and row.next_run_at == before
    (ask,) = await told(db, world.owner_tg)
    assert f"{name} просит отменить" in ask
    calls = len(bot.calls)
    await click(client, messages, "Попросить отменить")
    await click(client, messages, "Да, попросить")
    alerts = [c.text or "" for c in bot.calls[calls:] if isinstance(c, AnswerCallbackQuery)]
    assert any("уже запрошена" in a for a in alerts), alerts

    owner, owner_msgs, _dp = people[world.owner_tg]
    text = await open_item(owner, owner_msgs)
    assert f"Отмену просит: {name}" in text
    text = await click(owner, owner_msgs, "Оставить, отказать")
    assert "Оставлено как есть" in text and "Отмену просит" not in text
    assert any("запрос на отмену отклонён" in t for t in await told(db, PLANNER_TG))
    assert (await item_row(db)).state == "pending"

    await open_item(client, messages)
    await click(client, messages, "Попросить отменить")
    await click(client, messages, "Да, попросить")
    await open_item(owner, owner_msgs)
    await click(owner, owner_msgs, "✖️ Отменить")
    text = await click(owner, owner_msgs, "Да, отменить")
    assert "Отменено" in text
    assert any("отменено по вашему запросу" in t for t in await told(db, PLANNER_TG))
    assert (await item_row(db)).state == "cancelled"
    async with db.session() as s:
        assert await s.scalar(select(Operation.status)) == "cancelled"


async def test_the_service_refuses_a_role_without_even_a_request(app):
    db, world, services, _people, _bot = app
    await defer_music(services, world)
    async with db.transaction() as s:  # the planner's role loses «request» too
        role = await s.scalar(select(Role).where(Role.code == "planner"))
        role.permissions = {"numbers": "perform", "scheduled": "", "op.*": "perform"}
    planner = await services.users.principal(PLANNER_TG)
    item = await item_row(db)
    assert (await services.planned.cancel(planner, item.id)).value == "not_found"
    assert (await item_row(db)).payload.get("cancel_request") is None
