"""One layer for every Telegram call: faults are retried, answers included; an unexpected
error gets one sentence with an incident id, the log the traceback under the same id."""

from __future__ import annotations

import asyncio
import logging
import re
from pathlib import Path

import pytest
from aiogram import F
from aiogram.types import CallbackQuery, Message

from bot.factory import make_bot
from bot.settings import Settings
from bot.telegram import Telegram
from tests.fakeapi import FakeTelegram
from tests.hostile import TOKEN, add_people, build_template, running


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("calls") / "template.sqlite3"
    asyncio.run(build_template(path, numbers=12))
    return path


async def test_faults_are_retried_and_refusals_that_mean_done_are_success() -> None:
    async with FakeTelegram() as fake:
        bot = make_bot(Settings(bot_token=TOKEN, telegram_api_url=fake.url))
        try:
            user = fake.new_user("Анна")
            await fake.send_message(user, "/start")  # the chat exists
            fake.fail_next("sendMessage", 502)
            fake.fail_next("sendMessage", 429, retry_after=1)
            fake.fail_next("sendMessage", 500)
            msg = await bot.send_message(user.id, "Выполнено 19 из 20")
            fake.fail_next("editMessageText", 502)
            assert await Telegram(bot).edit(user.id, msg.message_id, "Выполнено 20 из 20")
            assert fake.last_message(user).content == "Выполнено 20 из 20"
            # An edit that changes nothing is done; a gone query is answered.
            assert await Telegram(bot).edit(user.id, msg.message_id, "Выполнено 20 из 20")
            fake.fail_next(
                "answerCallbackQuery",
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
            assert await bot.answer_callback_query("12345") is True
            # A user who blocked the bot: logged and skipped, nothing raised.
            fake.fail_next("sendMessage", 403)
            assert await Telegram(bot).send(user.id, "hi") is None
        finally:
            await bot.session.close()


async def test_ten_searches_under_flood_limits_all_get_their_reply(
    tmp_path: Path, template: Path
) -> None:
    async with running(tmp_path, template) as driver:
        people = await add_people(driver.app)
        who = people["owner"].tg
        await driver.send(who, "/menu")
        before = len(driver.fake.messages(who))
        for i in range(10):
            if i % 3 == 0:
                driver.fake.fail_next("sendMessage", 429, retry_after=1)
            if i % 3 == 1:
                driver.fake.fail_next("sendMessage", 502)
            await driver.send(who, f"9{i:03d}")
        replies = [m for m in driver.fake.messages(who)[before:] if "🔎" in m.content]
        assert len(replies) == 10


async def test_an_unexpected_error_gets_an_incident_id_and_a_way_on(
    tmp_path: Path, template: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR)
    async with running(tmp_path, template) as driver:
        people = await add_people(driver.app)
        who = people["employee"].tg

        async def boom_message(message: Message) -> None:
            raise RuntimeError("disk on fire")

        async def boom_press(cb: CallbackQuery) -> None:
            await cb.answer("Готовлю…", show_alert=True)  # answered before the fault
            raise RuntimeError("zip on fire")

        driver.app.dp.message.register(boom_message, F.text == "boom")
        driver.app.dp.callback_query.register(boom_press, F.data == "boom")

        await driver.send(who, "/menu")
        await driver.send(who, "boom")
        apology = driver.fake.last_message(who)
        found = re.search(r"Номер случая: ([0-9A-F]{6})", apology.content)
        assert found, apology.content
        logged = [r for r in caplog.records if found.group(1) in r.getMessage()]
        assert logged and logged[0].exc_info and "disk on fire" in caplog.text

        menu = driver.last_with_buttons(who)
        qid = await driver.click(who, menu, "boom")
        assert driver.fake.callback_answer(qid)["text"] == "Готовлю…"
        second = driver.fake.last_message(who)
        assert second.message_id != apology.message_id and "Номер случая" in second.content
        assert "zip on fire" in caplog.text
        await driver.click(who, second, second.inline_buttons[0]["callback_data"])
        # The employee's menu is their own number's card.
        assert "Расходы в этом месяце" in driver.fake.last_message(who).content
        assert not driver.fake.unanswered_callbacks()
