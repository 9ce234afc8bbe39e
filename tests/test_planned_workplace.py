"""«🗓 Запланированное» through the dispatcher, with the scheduler driven by a controllable
clock (`sweep(at)`): a service deferred to 10:00 Novosibirsk starts at 03:00 UTC and not
before; cancelling it leaves the number unchanged; moving it moves it; run now runs it; the
list pages show each item once; another company's item id is refused with a sentence."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from aiogram.methods import AnswerCallbackQuery
from aiogram_dialog.test_tools.keyboard import InlineButtonTextLocator
from sqlalchemy import func, select

from services.planned import store, wall_to_utc
from storage.models import Company, NumberService, Operation, PlanKind, PlannedItem, PlanState
from tests.owner_app import owner_app
from tests.test_operations_dialog import click

NSK = ZoneInfo("Asia/Novosibirsk")


@pytest.fixture
async def app(sqlite_db):
    async with owner_app(sqlite_db, numbers=4) as (world, services, client, messages, bot):
        yield sqlite_db, world, services, client, messages, bot


def tomorrow_at_ten() -> dt.datetime:
    day = dt.datetime.now(NSK).date() + dt.timedelta(days=1)
    return wall_to_utc(day, dt.time(10), NSK)


async def defer_music(services, world) -> int:
    owner = await services.users.principal(world.owner_tg)
    sub = await services.pipeline.submit(
        owner,
        "services_on",
        {"number_ids": [world.numbers[0]]},
        {"service_id": world.services["music"], "start_at": tomorrow_at_ten().isoformat()},
    )
    assert sub.status == "scheduled"
    return sub.operation_id


async def music_on(db, world) -> bool:
    async with db.session() as s:
        n = await s.scalar(
            select(func.count(NumberService.id)).where(
                NumberService.number_id == world.numbers[0],
                NumberService.service_id == world.services["music"],
                NumberService.status == "active",
            )
        )
    return bool(n)


async def open_item(client, messages) -> str:
    await client.send("/start")
    await click(client, messages, "Запланированное")
    text = await click(client, messages, "1. ")
    assert "Подключение услуг №" in text
    assert re.search(r"10:00 Новосибирск \(UTC\+7\) = 06:00 МСК", text), text
    assert "+7 (913) 947-95-80" in text
    return text


async def test_deferred_to_ten_novosibirsk_starts_at_three_utc_not_before(app):
    db, world, services, _client, _messages, _bot = app
    await defer_music(services, world)
    at = tomorrow_at_ten()
    assert (at.hour, at.minute) == (3, 0)
    report = await services.scheduler.sweep(at - dt.timedelta(seconds=1))
    assert report.operations_started == 0 and not await music_on(db, world)
    report = await services.scheduler.sweep(at)
    assert report.operations_started == 1
    await services.executor.wait()
    assert await music_on(db, world)


async def test_cancel_leaves_the_number_unchanged(app):
    db, world, services, client, messages, _bot = app
    await defer_music(services, world)
    text = await open_item(client, messages)
    assert "отложенная операция" in text
    text = await click(client, messages, "Отменить")
    assert "Номера останутся как есть" in text
    text = await click(client, messages, "Да, отменить")
    assert "Отменено" in text and "Ничего не запланировано" in text
    await services.scheduler.sweep(tomorrow_at_ten() + dt.timedelta(minutes=1))
    await services.executor.wait()
    assert not await music_on(db, world)
    async with db.session() as s:
        assert await s.scalar(select(Operation.status)) == "cancelled"


async def test_move_moves_it(app):
    db, world, services, client, messages, _bot = app
    await defer_music(services, world)
    await open_item(client, messages)
    text = await click(client, messages, "Перенести")
    assert "Новосибирск (UTC+7)" in text
    await client.click(messages.last_message(), InlineButtonTextLocator(r".* >>"))
    await client.click(messages.last_message(), InlineButtonTextLocator("^15$"))
    text = await click(client, messages, "09:00")
    assert "Перенесено" in text and "09:00 Новосибирск (UTC+7) = 05:00 МСК" in text
    async with db.session() as s:
        new = await s.scalar(select(PlannedItem.next_run_at))
    assert new.astimezone(NSK).day == 15 and new.astimezone(NSK).hour == 9
    await services.scheduler.sweep(tomorrow_at_ten() + dt.timedelta(minutes=1))
    assert not await music_on(db, world)  # not at the old time
    assert (await services.scheduler.sweep(new)).operations_started == 1
    await services.executor.wait()
    assert await music_on(db, world)


async def test_run_now(app):
    db, world, services, client, messages, _bot = app
    await defer_music(services, world)
    await open_item(client, messages)
    text = await click(client, messages, "Выполнить сейчас")
    assert "Запущено" in text
    assert (await services.scheduler.sweep()).operations_started == 1
    await services.executor.wait()
    assert await music_on(db, world)


async def test_pages_show_each_item_once(app):
    db, world, _services, client, messages, _bot = app
    start = tomorrow_at_ten()
    async with db.transaction() as s:
        ids = [
            await store.add_item(
                s,
                company_id=world.company_id,
                kind=PlanKind.SERVICE_OFF,
                when=start + dt.timedelta(hours=i % 3),  # ties: the id orders them
                timezone="Asia/Novosibirsk",
                payload={"service_id": world.services["music"]},
                number_ids=[world.numbers[i % 4]],
            )
            for i in range(14)
        ]
    await client.send("/start")
    text = await click(client, messages, "Запланированное")
    assert "Впереди: 14" in text
    seen: list[int] = []
    for page in range(3):
        msg = messages.last_message()
        assert len(msg.text.splitlines()) <= 25
        seen += [
            int(b.callback_data.rsplit(":", 1)[-1])
            for row in msg.reply_markup.inline_keyboard
            for b in row
            if re.match(r"^\d+\. ", b.text)
        ]
        if page < 2:
            await click(client, messages, "▶️")
    assert sorted(seen) == sorted(ids)


class Forged(InlineButtonTextLocator):
    """A real item button with another id in its callback data (a forged client)."""

    def __init__(self, text: str, item_id: int) -> None:
        super().__init__(text)
        self.item_id = item_id

    def find_button(self, message):
        button = super().find_button(message)
        data = button.callback_data.rsplit(":", 1)[0] + f":{self.item_id}"
        return button.model_copy(update={"callback_data": data})


async def test_another_companys_item_is_refused(app):
    db, world, services, client, messages, bot = app
    await defer_music(services, world)
    async with db.transaction() as s:
        other = Company(name="Бета")
        s.add(other)
        await s.flush()
        foreign = await store.add_item(
            s,
            company_id=other.id,
            kind=PlanKind.REPORT,
            when=tomorrow_at_ten(),
            timezone="Europe/Moscow",
            payload={"code": "payments"},
        )
    await client.send("/start")
    await click(client, messages, "Запланированное")
    before = len(bot.calls)
    await client.click(messages.last_message(), Forged(r"1\. .*", foreign))
    assert "Отчёт" not in messages.last_message().text
    alerts = [c.text or "" for c in bot.calls[before:] if isinstance(c, AnswerCallbackQuery)]
    assert any("недоступна" in a for a in alerts), alerts
    # and the service refuses the id whatever the screen does
    owner = await services.users.principal(world.owner_tg)
    now = dt.datetime.now(dt.UTC)
    assert await services.planned.get(owner, foreign) is None
    assert (await services.planned.cancel(owner, foreign)).value == "not_found"
    assert (await services.planned.run_now(owner, foreign, now)).value == "not_found"
    later = now + dt.timedelta(days=2)
    assert (await services.planned.move(owner, foreign, later, now)).value == "not_found"
    async with db.session() as s:
        row = await s.get(PlannedItem, foreign)
    assert row.state == PlanState.PENDING and row.next_run_at == tomorrow_at_ten()
