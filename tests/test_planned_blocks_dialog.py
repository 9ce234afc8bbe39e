"""«➕ Блокировка по расписанию» in «🗓 Запланированное», through the dispatcher: the form
comes with the usual choice (Saturday 00:00 to Monday 08:00, for ever) for the current
selection, a day and time are changed by a tap or a typed time, an end date comes from the
calendar, and the schedule made there blocks the numbers on its Saturday. A role that may
not block gets no button, and its forged presses are refused on the server."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from aiogram.methods import AnswerCallbackQuery
from aiogram_dialog.test_tools.keyboard import InlineButtonTextLocator
from sqlalchemy import func, select, update

from services.planned import store
from storage.models import Number, PlannedItem, Role
from tests.owner_app import owner_app
from tests.test_operations_dialog import buttons, click
from tests.test_scheduled_reports_dialog import Forged, phone_lines


@pytest.fixture
async def app(sqlite_db):
    async with owner_app(sqlite_db, numbers=3) as (world, services, client, messages, bot):
        yield sqlite_db, world, services, client, messages, bot


async def select_numbers(services, world, ids) -> None:
    owner = await services.users.principal(world.owner_tg)
    await services.selections.add(owner, ids)


async def open_form(client, messages) -> str:
    await client.send("/start")
    await click(client, messages, "Запланированное")
    text = await click(client, messages, "Блокировка по расписанию")
    assert "🏠 Меню" in buttons(messages)
    assert phone_lines(messages.last_message()) <= 25, phone_lines(messages.last_message())
    assert all(len(b) <= 30 for b in buttons(messages))
    return text


async def items(db) -> list[PlannedItem]:
    async with db.session() as s:
        return list(await s.scalars(select(PlannedItem).order_by(PlannedItem.id)))


async def test_weekend_block_from_the_screen(app):
    db, world, services, client, messages, _bot = app
    await select_numbers(services, world, world.numbers[:2])
    text = await open_form(client, messages)
    assert "Из выборки: 2 номера" in text and "Добровольная" in text
    assert "Блокировать: Сб 00:00" in text and "Снимать: Пн 08:00" in text
    assert "До: бессрочно" in text and "Новосибирск (UTC+7)" in text

    text = await click(client, messages, "🔓 Пн 08:00")
    assert "Когда снимать блокировку: Пн 08:00" in text
    assert phone_lines(messages.last_message()) <= 25, phone_lines(messages.last_message())
    await client.send("7:30")
    assert "Пн 07:30" in messages.last_message().text
    await click(client, messages, "Готово")
    text = await click(client, messages, "До даты")
    await client.click(messages.last_message(), InlineButtonTextLocator(r".* >>"))
    text = await click(client, messages, "15")
    assert re.search(r"До: 15\.\d\d\.\d{4}", text) and "Снимать: Пн 07:30" in text

    text = await click(client, messages, "Запланировать")
    assert "Запланировано" in text
    (item,) = await items(db)
    assert item.kind == "block_schedule" and item.payload == {"kind": "voluntary"}
    assert item.rule["slots"] == [
        {"day": 5, "time": "00:00", "step": "on"},
        {"day": 0, "time": "07:30", "step": "off"},
    ]
    assert item.until_at is not None
    async with db.session() as s:
        assert list(await store.numbers_of(s, item.id)) == sorted(world.numbers[:2])

    text = await click(client, messages, "К списку")
    assert "Впереди: 1" in text

    for _ in range(2):  # today may fall between a block and its lift: that lift comes first
        async with db.session() as s:
            row = await s.get(PlannedItem, item.id)
        await services.scheduler.sweep(row.next_run_at)
        await services.executor.wait()
        if row.next_step == "on":
            break
    async with db.session() as s:
        got = list(await s.scalars(select(Number.status).where(Number.id.in_(world.numbers))))
    assert sorted(got) == ["active", "blocked", "blocked"]


async def test_an_empty_selection_says_where_to_get_numbers(app):
    db, _world, _services, client, messages, _bot = app
    text = await open_form(client, messages)
    assert "Текущая выборка пуста" in text
    assert not any("Запланировать" in b for b in buttons(messages))
    assert await items(db) == []


async def test_forged_presses_change_nothing(app):
    db, world, services, client, messages, bot = app
    await select_numbers(services, world, world.numbers[:1])
    await open_form(client, messages)
    await client.click(messages.last_message(), Forged("🔘 Добровольная", "bkind", "hacked"))
    assert "Вид: Добровольная" in messages.last_message().text
    await click(client, messages, "🔒 Сб 00:00")
    await client.click(messages.last_message(), Forged("🔘 Сб", "bday", "9"))
    await client.click(messages.last_message(), Forged("🔘 00:00", "btime", "25:00"))
    assert "Когда блокировать: Сб 00:00" in messages.last_message().text
    await click(client, messages, "Готово")

    # the role loses the right to block while the form is open
    async with db.transaction() as s:
        await s.execute(
            update(Role)
            .where(Role.code == "owner")
            .values(permissions={"*": "perform", "op.block_on": "request"})
        )
    before = len(bot.calls)
    await client.click(messages.last_message(), InlineButtonTextLocator(".*Запланировать"))
    alerts = [c.text or "" for c in bot.calls[before:] if isinstance(c, AnswerCallbackQuery)]
    assert any("недоступно" in a for a in alerts), alerts
    async with db.session() as s:
        assert await s.scalar(select(func.count(PlannedItem.id))) == 0

    # and the list offers no «➕» to such a role, nor does its forged press open the form
    await client.send("/start")
    await click(client, messages, "Запланированное")
    assert not any("Блокировка по расписанию" in b for b in buttons(messages))
    owner = await services.users.principal(world.owner_tg)
    now = dt.datetime.now(dt.UTC)
    made = await services.planned.schedule_blocks(
        owner, world.numbers, "voluntary", (5, dt.time(0)), (0, dt.time(8)), now
    )
    assert made == []


async def test_from_the_block_operations_time_step(app):
    db, world, services, client, messages, _bot = app
    await select_numbers(services, world, world.numbers[1:3])
    await client.send("/start")
    await click(client, messages, "Операции")
    await click(client, messages, "Установка блокировки")
    await click(client, messages, "Финансовая")
    text = await click(client, messages, "Изменить")
    assert "Установить блокировку с" in text
    text = await click(client, messages, "Каждую неделю")
    assert "Номера операции: 2" in text and "Вид: Финансовая (по лимиту)" in text
    assert "🏠 Меню" in buttons(messages)
    await click(client, messages, "Запланировать")
    (item,) = await items(db)
    assert item.payload == {"kind": "financial"} and item.kind == "block_schedule"
    async with db.session() as s:
        assert list(await store.numbers_of(s, item.id)) == sorted(world.numbers[1:3])
