"""A report on a schedule, made from the report's own screen through the dispatcher: the
usual choice is pre-selected (the 3rd of each month, last month), addresses are typed as
messages (a bad one is named), and the item appears in «🗓 Запланированное». Forged presses
(a value no button offers) change nothing, and a user who lost the report right is refused
on the server with nothing scheduled."""

from __future__ import annotations

import pytest
from aiogram.methods import AnswerCallbackQuery
from aiogram_dialog.test_tools.keyboard import InlineButtonTextLocator
from sqlalchemy import func, select, update

from storage.models import PlannedItem, Role, User
from tests.owner_app import owner_app
from tests.test_operations_dialog import buttons, click


class Forged(InlineButtonTextLocator):
    """A real choice button of widget `wid` carrying a value no button offers."""

    def __init__(self, text: str, wid: str, value: str) -> None:
        super().__init__(text)
        self.wid, self.value = wid, value

    def find_button(self, message):
        button = super().find_button(message)
        head = button.callback_data.partition(f"{self.wid}:")[0]
        return button.model_copy(update={"callback_data": f"{head}{self.wid}:{self.value}"})


@pytest.fixture
async def app(sqlite_db):
    async with owner_app(sqlite_db, numbers=3) as (world, _services, client, messages, bot):
        yield sqlite_db, world, client, messages, bot


def phone_lines(message) -> int:
    """As a phone shows it (the screen walker's measure): text lines wrapped at 35
    characters, plus one line per keyboard row."""
    text = sum(max(1, -(-len(line) // 35)) for line in (message.text or "").split("\n"))
    rows = message.reply_markup.inline_keyboard if message.reply_markup else []
    return text + len(rows)


async def open_form(client, messages) -> str:
    await client.send("/start")
    await click(client, messages, "Отчёты")
    await click(client, messages, "Начисления и платежи")
    text = await click(client, messages, "По расписанию")
    assert "Отчёт по расписанию" in text
    assert phone_lines(messages.last_message()) <= 25, phone_lines(messages.last_message())
    return text


async def items(db) -> list[PlannedItem]:
    async with db.session() as s:
        return list(await s.scalars(select(PlannedItem).order_by(PlannedItem.id)))


async def test_a_weekly_report_to_chat_and_typed_addresses(app):
    db, _world, client, messages, _bot = app
    text = await open_form(client, messages)
    assert "ежемесячно, 3-го числа в 09:00" in text and "Прошлый месяц" in text
    assert "🔘 3" in buttons(messages) and "🔘 Прошлый месяц" in buttons(messages)
    assert "🏠 Меню" in buttons(messages)
    assert len(text.splitlines()) <= 25 and all(len(b) <= 30 for b in buttons(messages))

    await client.send("boss@corp")
    assert "Это не адрес электронной почты: boss@corp" in messages.last_message().text
    await client.send("boss@corp.test, cfo@corp.test")
    assert "boss@corp.test, cfo@corp.test" in messages.last_message().text
    assert phone_lines(messages.last_message()) <= 25, phone_lines(messages.last_message())

    text = await click(client, messages, "Еженедельно")
    assert "еженедельно: Пн в 09:00" in text and "Прошлые 7 дней" in text
    await click(client, messages, "Ср")
    await click(client, messages, "07:00")
    text = await click(client, messages, "Запланировать")
    assert "Отчёт запланирован: еженедельно: Ср в 07:00" in text
    (item,) = await items(db)
    assert item.kind == "report" and item.payload["code"] == "payments"
    assert item.payload["emails"] == ["boss@corp.test", "cfo@corp.test"]
    assert item.payload["chat"] is True and item.payload["period"] == "last_7"
    assert item.rule == {"freq": "weekly", "slots": [{"day": 2, "time": "07:00", "step": ""}]}

    text = await click(client, messages, "Запланированное")
    assert "Впереди: 1" in text
    assert any(b.startswith("1. 📊 Начисления") for b in buttons(messages)), buttons(messages)


async def test_nowhere_to_send_is_one_sentence(app):
    db, world, client, messages, _bot = app
    async with db.transaction() as s:
        await s.execute(
            update(User).where(User.tg_id == world.owner_tg).values(email="owner@corp.test")
        )
    text = await open_form(client, messages)
    assert "На почту: owner@corp.test" in text  # the user's own address, pre-filled
    await click(client, messages, "Убрать адреса")
    await click(client, messages, "В чат")
    text = await click(client, messages, "Запланировать")
    assert "Укажите, куда присылать отчёт" in text and "🏠 Меню" in buttons(messages)
    assert await items(db) == []


async def test_forged_values_change_nothing(app):
    db, _world, client, messages, _bot = app
    await open_form(client, messages)
    await client.click(messages.last_message(), Forged("🔘 3", "sday", "99"))
    await client.click(messages.last_message(), Forged("🔘 09:00", "stime", "25:00"))
    await client.click(messages.last_message(), Forged(".*Прошлый месяц", "speriod", "custom"))
    await client.click(messages.last_message(), Forged(".*Ежемесячно", "sfreq", "daily"))
    text = messages.last_message().text
    assert "ежемесячно, 3-го числа в 09:00" in text and "Прошлый месяц" in text
    await click(client, messages, "Запланировать")
    (item,) = await items(db)
    assert item.rule["slots"][0]["day"] == 3 and item.rule["slots"][0]["time"] == "09:00"


async def test_a_user_who_lost_the_right_is_refused(app):
    db, _world, client, messages, bot = app
    await open_form(client, messages)
    async with db.transaction() as s:  # the owner's role loses reports mid-form
        await s.execute(
            update(Role)
            .where(Role.code == "owner")
            .values(permissions={"*": "perform", "reports": ""})
        )
    before = len(bot.calls)
    await client.click(messages.last_message(), InlineButtonTextLocator(".*Запланировать"))
    alerts = [c.text or "" for c in bot.calls[before:] if isinstance(c, AnswerCallbackQuery)]
    assert any("недоступно" in a for a in alerts), alerts
    async with db.session() as s:
        assert await s.scalar(select(func.count(PlannedItem.id))) == 0
