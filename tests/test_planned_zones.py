"""Times in the contracts' time zones in the operation wizard: a time is asked in the
numbers' zone and said both ways; a selection over two zones runs at the same local time in
each (one operation and one scheduled item per zone) or at one moment, as the user chooses."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram_dialog.test_tools import BotClient, MockMessageManager
from aiogram_dialog.test_tools.keyboard import InlineButtonTextLocator
from sqlalchemy import select, update

from bot.container import build
from bot.factory import make_dispatcher
from bot.settings import load_settings
from storage.models import Contract, Number, Operation, PlannedItem, Selection, SelectionItem
from tests import sandbox
from tests.test_operations_dialog import RecordingBot, _detach, click


@pytest.fixture
async def two_zones(sqlite_db):
    db = sqlite_db
    world = await sandbox.build(db, numbers=6)
    async with db.transaction() as s:
        await s.execute(
            update(Contract)
            .where(Contract.id == world.contracts[1])
            .values(timezone="Europe/Moscow", region="Москва")
        )
        await s.execute(
            update(Number)
            .where(Number.id.in_(world.numbers[4:]))
            .values(contract_id=world.contracts[1], account_id=world.accounts[2])
        )
    bot = RecordingBot()
    messages = MockMessageManager()
    container = build(load_settings(operator_delay_ms=0), db, bot)
    dp = make_dispatcher(container, storage=MemoryStorage(), message_manager=messages)
    client = BotClient(dp, user_id=world.owner_tg, chat_id=world.owner_tg, bot=bot)
    owner = await container.services.users.principal(world.owner_tg)
    async with db.transaction() as s:
        sel = Selection(user_id=owner.user_id, company_id=world.company_id, is_current=True)
        s.add(sel)
        await s.flush()
        s.add_all([SelectionItem(selection_id=sel.id, number_id=i) for i in world.numbers])
    yield db, client, messages
    await container.services.executor.close()
    _detach(dp.sub_routers[0])


async def _to_time(client, messages) -> str:
    await client.send("/start")
    await click(client, messages, "Операции")
    await click(client, messages, "Установка блокировки")
    await click(client, messages, "Добровольная")
    await click(client, messages, "Изменить")
    await client.click(messages.last_message(), InlineButtonTextLocator(r".* >>"))
    await client.click(messages.last_message(), InlineButtonTextLocator("15"))
    return messages.last_message().text


async def _items(db) -> list[tuple[str, dt.datetime, int]]:
    async with db.session() as s:
        rows = await s.execute(
            select(PlannedItem.timezone, PlannedItem.next_run_at, Operation.total)
            .join(Operation, Operation.id == PlannedItem.operation_id)
            .order_by(PlannedItem.timezone)
        )
        return [tuple(r) for r in rows]


async def test_same_local_time_in_each_region(two_zones):
    db, client, messages = two_zones
    text = await _to_time(client, messages)
    assert "2 часовых поясах" in text
    assert "Москва" not in text and "МСК" in text and "Новосибирск (UTC+7)" in text
    assert "• 🌍 В одно местное время" in str(messages.last_message().reply_markup)
    text = await click(client, messages, "09:00")
    text = await click(client, messages, "Пропустить")
    assert re.search(r"по местному времени: .*09:00 МСК", text), text
    assert re.search(r"09:00 Новосибирск \(UTC\+7\) = 05:00 МСК", text), text
    text = await click(client, messages, "Выполнить")
    assert "в каждом регионе по местному времени" in text
    assert "2 номера" in text and "4 номера" in text
    items = await _items(db)
    assert [(tz, at.hour, n) for tz, at, n in items] == [
        ("Asia/Novosibirsk", 2, 4),
        ("Europe/Moscow", 6, 2),
    ]
    assert items[0][1].date() == items[1][1].date() and items[0][1].day == 15


async def test_one_moment_for_every_region(two_zones):
    db, client, messages = two_zones
    await _to_time(client, messages)
    text = await click(client, messages, "В один момент")
    assert "Выберите время (МСК)" in text
    await click(client, messages, "09:00")
    text = await click(client, messages, "Пропустить")
    assert "09:00 МСК, одновременно в 2 регионах" in text
    text = await click(client, messages, "Выполнить")
    assert "запланирована на" in text
    items = await _items(db)
    assert [(at.hour, n) for _tz, at, n in items] == [(6, 6)]


async def test_a_time_already_past_in_one_zone_is_refused(two_zones):
    """Today 00:00 local: already past in every zone, whichever is first."""
    db, client, messages = two_zones
    await client.send("/start")
    await click(client, messages, "Операции")
    await click(client, messages, "Установка блокировки")
    await click(client, messages, "Добровольная")
    await click(client, messages, "Изменить")
    today = dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=7))).day
    await client.click(messages.last_message(), InlineButtonTextLocator(rf"^\D*{today}\D*$"))
    await client.send("00:00")
    assert "прошл" in messages.last_message().text
    assert await _items(db) == []
