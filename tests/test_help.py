"""Help in every workplace, through the dispatcher: ❓ on a workplace's screen and /help
inside it open that workplace's page (Back returns to the screen); /help outside lists only
what the user's role opens; every page is short, in both languages, with an example."""

from __future__ import annotations

import re

import pytest
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram_dialog.test_tools import BotClient, MockMessageManager
from aiogram_dialog.test_tools.keyboard import InlineButtonTextLocator

from bot.container import build
from bot.factory import make_dispatcher
from bot.settings import load_settings
from handlers.menu.dialog import visible
from handlers.workplaces import WORKPLACES
from locales import translator
from services.access import Principal
from services.users import UserService
from storage.db import Database
from tests import sandbox
from tests.test_operations_dialog import RecordingBot, _detach

PAGES = [w for w in WORKPLACES if w.key != "help"]


@pytest.fixture
async def bot_for(sqlite_db):
    world = await sandbox.build(sqlite_db, numbers=3)
    messages = MockMessageManager()
    container = build(load_settings(operator_delay_ms=0), sqlite_db, RecordingBot())
    dp = make_dispatcher(container, storage=MemoryStorage(), message_manager=messages)

    def client(tg_id: int) -> BotClient:
        return BotClient(dp, user_id=tg_id, chat_id=tg_id, bot=RecordingBot())

    yield world, client, messages, sqlite_db
    await container.services.executor.close()
    _detach(dp.sub_routers[0])


async def world_principal(db: Database, world: sandbox.World) -> Principal:
    principal = await UserService(db).principal(world.employee_tg)
    assert principal is not None
    return principal


def last(messages: MockMessageManager) -> tuple[str, list[str]]:
    msg = messages.last_message()
    markup = msg.reply_markup
    buttons = [b.text for row in markup.inline_keyboard for b in row] if markup else []
    return msg.text or "", buttons


async def press(client: BotClient, messages: MockMessageManager, label: str) -> str:
    await client.click(messages.last_message(), InlineButtonTextLocator(re.escape(label)))
    return last(messages)[0]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_workplace_has_a_short_page_with_an_example(lang: str) -> None:
    i18n = translator(lang)
    for w in PAGES:
        assert i18n.has(w.help_key), w.key
        page = i18n(w.help_key)
        assert len(page.splitlines()) <= 8 and ("Пример" in page or "Example" in page)
        assert "Отмена" not in page and "Cancel" not in page  # no promise of it everywhere
    assert len(i18n.plain("btn-help")) <= 30


async def test_the_help_button_opens_the_page_of_the_workplace_it_is_on(bot_for) -> None:
    world, client_of, messages, _db = bot_for
    owner = client_of(world.owner_tg)
    i18n = translator("ru")
    await owner.send("/start")
    _text, menu = last(messages)
    opened = 0
    for w in PAGES:
        title = i18n.plain(w.title_key)
        if title not in menu:
            continue
        await owner.send("/menu")
        screen = await press(owner, messages, title)
        assert i18n.plain("btn-help") in last(messages)[1], f"no ❓ on {w.key}"
        page = await press(owner, messages, i18n.plain("btn-help"))
        assert page == i18n(w.help_key), w.key
        _text, buttons = last(messages)
        assert "🏠 Меню" in buttons
        back = await press(owner, messages, "◀️ Назад")
        assert back == screen, f"Back from {w.key}'s help does not return to its screen"
        # /help inside the workplace: the same page
        await owner.send("/help")
        assert last(messages)[0] == i18n(w.help_key)
        opened += 1
    assert opened >= 8


async def test_help_outside_lists_only_what_the_role_opens(bot_for) -> None:
    world, client_of, messages, db = bot_for
    employee = client_of(world.employee_tg)
    await employee.send("/start")
    await employee.send("/help")
    overview, buttons = last(messages)
    assert "Вам открыты разделы" in overview and "◀️ Назад" in buttons
    principal = await world_principal(db, world)
    i18n = translator("ru")
    for w in PAGES:
        listed = i18n.plain(w.title_key) in overview
        assert listed == (w.key in visible(principal)), w.key
    assert "Пользователи и роли" not in overview and "История" not in overview
    assert "Операции" in overview
    assert len(overview.splitlines()) <= 25
    # Back leads to their front page, whatever it is
    await press(employee, messages, "◀️ Назад")
    assert "Вам открыты разделы" not in last(messages)[0]
