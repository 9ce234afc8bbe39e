"""Users and roles through the bot: roles are data an admin edits with a tap."""

from __future__ import annotations

import re

from tests.e2e.conftest import World
from tests.fakeapi.models import BotMessage

PAGER = re.compile(r"^\d+/\d+$")


async def page_to(world: World, msg: BotMessage, label: str) -> BotMessage:
    """Turn a paged list forward until the button is on the screen."""
    for _ in range(8):
        if label in msg.buttons:
            return msg
        page = next(b for b in msg.buttons if PAGER.match(b))
        await world.fake.click(world.owner, msg, "▶️")
        msg = await world.fake.wait_message(
            world.owner,
            lambda m, page=page: page not in m.buttons and any(PAGER.match(b) for b in m.buttons),
        )
    raise AssertionError(f"{label!r} on no page")


async def test_admin_edits_a_role_and_sees_users(world: World) -> None:
    fake, owner = world.fake, world.owner
    await fake.send_command(owner, "/start")
    menu = await fake.wait_text(owner, "Виртуальный менеджер")
    await fake.click(owner, menu, "👥 Пользователи и роли")
    await fake.click(owner, await fake.wait_text(owner, "Пригласите"), "🎭 Роли")
    await fake.click(owner, await fake.wait_text(owner, "Роль — это набор прав"), "сотрудник · 0")
    card = await page_to(
        world, await fake.wait_text(owner, "Роль: сотрудник"), "📝 Смена тарифного плана"
    )
    await fake.click(owner, card, "📝 Смена тарифного плана")
    await fake.wait_message(owner, lambda m: "✅ Смена тарифного плана" in m.buttons)

    await fake.click(owner, card, "◀️ Назад")
    await fake.click(owner, await fake.wait_text(owner, "Роль — это набор прав"), "◀️ Назад")
    await fake.click(owner, await fake.wait_text(owner, "Пригласите"), "👤 Пользователи")
    users = await fake.wait_text(owner, "Пользователи")
    await fake.click(owner, users, "Ольга Владелец · владелец")
    mine = await fake.wait_text(owner, "доступ включён")
    qid = await fake.click(owner, mine, "🚫 Отключить доступ")
    answer = await fake.wait_callback_answer(qid)
    assert "Свой собственный доступ" in answer["text"]
