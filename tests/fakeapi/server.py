"""A fake Telegram Bot API server for end-to-end tests.

The real bot runs as a subprocess pointed at ``FakeTelegram.url``; the test drives it through
the test-side API (``send_message``, ``click``, ``next_message``, ``wait_text`` ...). Everything
lives in the test's event loop, so waiting helpers simply yield to the HTTP handlers.

Bot messages are kept as live ``BotMessage`` objects: edits and deletions update the same
object, so a message obtained earlier always shows what the user would see now.

    async with FakeTelegram() as fake:
        bot = start_bot_process(env={"TELEGRAM_API_URL": fake.url, ...})
        await fake.wait_bot_ready()
        user = fake.new_user("Anna", language_code="ru", phone_number="+79001234567")
        await fake.send_command(user, "/start")
        menu = await fake.next_message(user)
        query_id = await fake.click(user, menu, "Numbers")
        card = await fake.wait_text(user, "+7 900")
        assert (await fake.wait_callback_answer(query_id))["show_alert"] is False
        fake.assert_no_errors()
"""

from __future__ import annotations

from .delivery import Delivery
from .methods import ApiMethods
from .models import (
    BOT_ID,
    BotMessage,
    CallbackQuery,
    Request,
    ScenarioError,
    StoredFile,
    Upload,
    User,
    WaitTimeout,
)
from .observe import ChatReader
from .scenario import UserActions

__all__ = [
    "BOT_ID",
    "BotMessage",
    "CallbackQuery",
    "FakeTelegram",
    "Request",
    "ScenarioError",
    "StoredFile",
    "Upload",
    "User",
    "WaitTimeout",
]


class FakeTelegram(Delivery, ApiMethods, UserActions, ChatReader):
    """Fake Bot API on loopback. Use ``async with FakeTelegram() as fake`` or start()/stop().

    The parts: state.py (chats, counters, pending updates), files.py (uploads and file ids),
    delivery.py (HTTP server, getUpdates, webhooks), methods.py (Bot API methods),
    validate.py/html.py (Telegram's checks), scenario.py and observe.py (the test-side API).
    """
