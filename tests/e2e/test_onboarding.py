"""Onboarding through the real bot process: owner, invite, contact, stranger, language,
restart in the middle of a dialog."""

from __future__ import annotations

import re

from services.users.invite_qr import invite_qr_png
from tests.e2e.conftest import World

SEED_PHONE = "+79139479580"


async def test_owner_first_start_shows_menu(world: World) -> None:
    fake, owner = world.fake, world.owner
    await fake.send_command(owner, "/start")
    menu = await fake.wait_text(owner, "Виртуальный менеджер")
    assert "Ольга Владелец · владелец" in menu.text
    assert "👥 Пользователи и роли" in menu.buttons
    assert "❓ Помощь" in menu.buttons
    menus = {lang: [c["command"] for c in cmds] for (_scope, lang), cmds in fake.commands.items()}
    assert menus["ru"] == menus["en"] == ["start", "menu", "help", "cancel", "language"]


async def test_stranger_sees_nothing_of_the_company(world: World) -> None:
    fake = world.fake
    stranger = world.user("Случайный")
    await fake.send_command(stranger, "/start")
    msg = await fake.wait_text(stranger, "ссылку-приглашение")
    assert fake.reply_keyboard(stranger) is not None
    await fake.send_message(stranger, "Иванов")
    reply = await fake.wait_text(stranger, "Доступ выдаёт администратор")
    assert "Иванов" not in reply.text
    # A forged button press from a stranger gets an answer, never company data.
    qid = await fake.click_data(stranger, msg.message_id, "aiogd:0:wp:numbers")
    answer = await fake.wait_callback_answer(qid)
    assert answer is not None
    assert all("Ромашка" not in m.text for m in fake.messages(stranger))


async def test_invite_link_lets_a_manager_in_once(world: World) -> None:
    fake, owner = world.fake, world.owner
    await fake.send_command(owner, "/start")
    menu = await fake.wait_text(owner, "Виртуальный менеджер")
    await fake.click(owner, menu, "👥 Пользователи и роли")
    await fake.click(owner, await fake.wait_text(owner, "Пригласите"), "➕ Пригласить пользователя")
    await fake.wait_text(owner, "Выберите роль")
    await fake.click(owner, menu, "руководитель")
    await fake.wait_text(owner, "Какие номера")
    await fake.click(owner, menu, "Департамент или отдел")
    await fake.wait_text(owner, "Выберите департамент")
    await fake.click(owner, menu, re.compile(r"Отдел продаж$"))
    await fake.wait_text(owner, "Сколько действует")
    await fake.click(owner, menu, "7 дней")
    done = await fake.wait_text(owner, "Ссылка-приглашение готова")
    link = re.search(r"https://t\.me/\S+start=[\w-]+", done.text).group(0)
    code = link.split("start=")[1]
    # The same link as a QR code for a screen or paper: the picture encodes exactly it.
    await fake.click(owner, done, "📷 QR-код")
    qr = await fake.wait_message(owner, lambda m: m.kind == "photo")
    assert fake.file_bytes(qr) == invite_qr_png(link)
    assert "Одноразовое" in (qr.caption or "")
    again = await fake.wait_message(owner, lambda m: "Ссылка-приглашение готова" in (m.text or ""))
    assert "📷 QR-код" in again.buttons

    manager = world.user("Пётр", last_name="Руководитель")
    await fake.send_command(manager, "/start", args=code)
    await fake.wait_text(manager, "Приглашение принято")
    await fake.wait_text(manager, "руководитель", include_old=True)

    late = world.user("Опоздавший")
    await fake.send_command(late, "/start", args=code)
    await fake.wait_text(late, "уже использовано")
    await fake.send_command(late, "/start", args="no-such-code")
    await fake.wait_text(late, "не найдено")


async def test_contact_onboarding_match_and_no_match(world: World) -> None:
    fake = world.fake
    employee = world.user("Иван", phone_number=SEED_PHONE)
    await fake.send_command(employee, "/start")
    await fake.wait_text(employee, "Поделиться номером")
    await fake.press(employee, "Поделиться номером")
    await fake.wait_text(employee, "номер подтверждён")
    home = await fake.wait_text(employee, "Расходы в этом месяце")
    assert "+7 (913) 947-95-80" in home.text

    # Somebody else's contact does not count, even with a corporate number.
    other = world.user("Хитрец")
    await fake.send_contact(other, SEED_PHONE, contact_user_id=employee.id)
    await fake.wait_text(other, "свой собственный контакт")

    nobody = world.user("Чужой", phone_number="+79990001122")
    await fake.send_command(nobody, "/start")
    await fake.wait_text(nobody, "Поделиться номером")
    await fake.press(nobody, "Поделиться номером")
    await fake.wait_text(nobody, "не найден среди корпоративных номеров")


async def test_language_switch(world: World) -> None:
    fake, owner = world.fake, world.owner
    await fake.send_command(owner, "/start")
    menu = await fake.wait_text(owner, "Виртуальный менеджер")
    await fake.click(owner, menu, "🌐 English")
    await fake.wait_text(owner, "Virtual Manager")
    assert "👥 Users and roles" in menu.buttons
    await fake.send_command(owner, "/help")
    await fake.wait_text(owner, 'This bot is the "Virtual Manager" in Telegram')
    await fake.send_command(owner, "/language")
    chooser = await fake.wait_text(owner, "Choose a language")
    await fake.click(owner, chooser, "Русский")
    await fake.wait_text(owner, "Язык: русский")


async def test_restart_in_the_middle_of_a_dialog_keeps_it(world: World) -> None:
    fake, owner = world.fake, world.owner
    await fake.send_command(owner, "/start")
    menu = await fake.wait_text(owner, "Виртуальный менеджер")
    await fake.click(owner, menu, "👥 Пользователи и роли")
    await fake.click(owner, await fake.wait_text(owner, "Пригласите"), "➕ Пригласить пользователя")
    await fake.click(owner, await fake.wait_text(owner, "Выберите роль"), "бухгалтер")
    await fake.wait_text(owner, "Какие номера")

    await world.bot.restart()

    await fake.click(owner, menu, "Вся компания")
    await fake.wait_text(owner, "Сколько действует")
    await fake.click(owner, menu, "◀️ Назад")
    await fake.wait_text(owner, "Какие номера")
    await fake.click(owner, menu, "Вся компания")
    await fake.click(owner, await fake.wait_text(owner, "Сколько действует"), "1 день")
    await fake.wait_text(owner, "бухгалтер")


async def test_cancel_and_stale_buttons(world: World) -> None:
    fake, owner = world.fake, world.owner
    await fake.send_command(owner, "/start")
    menu = await fake.wait_text(owner, "Виртуальный менеджер")
    await fake.click(owner, menu, "👥 Пользователи и роли")
    await fake.click(owner, await fake.wait_text(owner, "Пригласите"), "➕ Пригласить пользователя")
    await fake.wait_text(owner, "Выберите роль")
    old_button = menu.inline_markup["inline_keyboard"][0][0]["callback_data"]
    await fake.send_command(owner, "/cancel")
    await fake.wait_text(owner, "Действие отменено")
    await fake.wait_text(owner, "Виртуальный менеджер")
    # The invite dialog is gone: its old buttons explain themselves instead of failing.
    qid = await fake.click_data(owner, menu.message_id, old_button)
    answer = await fake.wait_callback_answer(qid)
    assert "устарела" in (answer["text"] or "")
