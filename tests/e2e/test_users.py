"""Users and roles through the bot: roles are data an admin edits with a tap."""

from __future__ import annotations

from tests.e2e.conftest import World


async def test_admin_edits_a_role_and_sees_users(world: World) -> None:
    fake, owner = world.fake, world.owner
    await fake.send_command(owner, "/start")
    menu = await fake.wait_text(owner, "Виртуальный менеджер")
    await fake.click(owner, menu, "👥 Пользователи и роли")
    await fake.click(owner, await fake.wait_text(owner, "Пригласите"), "🎭 Роли")
    await fake.click(owner, await fake.wait_text(owner, "Роль — это набор прав"), "сотрудник · 0")
    card = await fake.wait_text(owner, "Роль: сотрудник")
    assert "📝 Смена тарифного плана" in card.buttons
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
