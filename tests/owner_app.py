"""The production dispatcher driven in-process as the sandbox company's owner: the set-up
of the Dispatcher-level tests of the scheduled items, their forms and scheduled reports."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from aiogram.fsm.storage.memory import MemoryStorage
from aiogram_dialog.test_tools import BotClient, MockMessageManager

from bot.container import build
from bot.factory import make_dispatcher
from bot.settings import load_settings
from storage.db import Database
from tests import sandbox
from tests.test_operations_dialog import RecordingBot, _detach


@asynccontextmanager
async def owner_app(db: Database, numbers: int = 3) -> AsyncIterator[tuple[Any, ...]]:
    """(world, services, client, messages, bot) over a fresh sandbox of `numbers`."""
    world = await sandbox.build(db, numbers=numbers)
    bot = RecordingBot()
    messages = MockMessageManager()
    container = build(load_settings(operator_delay_ms=0), db, bot)
    dp = make_dispatcher(container, storage=MemoryStorage(), message_manager=messages)
    client = BotClient(dp, user_id=world.owner_tg, chat_id=world.owner_tg, bot=bot)
    try:
        yield world, container.services, client, messages, bot
    finally:
        await container.services.executor.close()
        _detach(dp.sub_routers[0])
