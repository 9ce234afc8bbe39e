"""Editing the company structure through the bot: add, rename, refuse to delete a non-empty
department, move, delete an empty one."""

from __future__ import annotations

import re

from tests.e2e.conftest import World
from tests.e2e.test_numbers import open_menu


async def test_owner_edits_the_structure(world: World) -> None:
    fake, owner = world.fake, world.owner
    await open_menu(world, owner)
    menu = await fake.wait_text(owner, "Виртуальный менеджер", include_old=True)
    await fake.click(owner, menu, "📱 Номера")
    await fake.wait_text(owner, "Введите фамилию")
    await fake.click(owner, menu, "🏢 Структура компании")
    await fake.wait_text(owner, "Выберите департамент")
    await fake.click(owner, menu, "📁 Дирекция")
    await fake.wait_text(owner, "С вложенными отделами")
    await fake.click(owner, menu, "📁 Отдел продаж")
    await fake.wait_text(owner, "Отдел продаж")
    await fake.click(owner, menu, "✏️ Изменить структуру")
    card = await fake.wait_text(owner, "вложенных отделов")

    # a non-empty department stays, and the reason is said
    await fake.click(owner, card, "🗑 Удалить")
    await fake.click(
        owner, await fake.wait_text(owner, "Удалить отдел «Отдел продаж»"), "🗑 Да, удалить"
    )
    refused = await fake.wait_text(owner, "Отдел не пуст")
    assert re.search(r"вложенных отделов [1-9]", refused.text)

    await fake.click(owner, refused, "➕ Новый отдел")
    await fake.wait_text(owner, "название нового отдела")
    await fake.send_message(owner, "Продажи <b>Юг</b> & Co")
    created = await fake.wait_text(owner, "✅ Готово.")
    assert "вложенных отделов" in created.text

    # back in the tree the new department is there, with its name as typed
    await fake.click(owner, created, "◀️ Назад")
    tree = await fake.wait_message(owner, lambda m: "▫️ Продажи <b>Юг</b> & Co" in m.buttons)
    await fake.click(owner, tree, "▫️ Продажи <b>Юг</b> & Co")
    await fake.wait_text(owner, "Продажи <b>Юг</b> & Co")
    await fake.click(owner, tree, "✏️ Изменить структуру")
    card = await fake.wait_text(owner, "Номеров в отделе: 0")
    await fake.click(owner, card, "✏️ Переименовать")
    await fake.wait_text(owner, "новое название")
    await fake.send_message(owner, "Продажи Запад-2")
    card = await fake.wait_text(owner, "✅ Готово.")
    await fake.click(owner, card, "↪️ Переместить")
    await fake.click(owner, await fake.wait_text(owner, "Куда переместить"), "⬆️ На верхний уровень")
    card = await fake.wait_text(owner, "✅ Готово.")
    await fake.click(owner, card, "🗑 Удалить")
    await fake.click(
        owner, await fake.wait_text(owner, "Удалить отдел «Продажи Запад-2»"), "🗑 Да, удалить"
    )
    # gone from the tree: the top level (where it was moved) lists it no more
    top = await fake.wait_message(owner, lambda m: "📁 Дирекция" in m.buttons)
    assert not any("Запад-2" in b for b in top.buttons)
