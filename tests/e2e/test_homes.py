"""Each user's front page through the real bot: an employee lands on their own number with
their actions on it, and the commonest jobs fit their action budgets."""

from __future__ import annotations

import re

from services.users.invite_qr import invite_qr_png
from tests.e2e.actions import Counting
from tests.e2e.conftest import World
from tests.e2e.test_numbers import SEED, query, settle

# What an employee's home must not offer: it is one number, not a cabinet.
CABINET = ("Выборк", "Контракт", "Структура", "Загрузить", "Лицевые счета")


async def employee_home(world: World):
    """An employee joins by sharing their contact and lands on their number's card."""
    fake = world.fake
    employee = world.user("Иван", phone_number=SEED)
    await fake.send_command(employee, "/start")
    await fake.wait_text(employee, "Поделиться номером")
    await fake.press(employee, "Поделиться номером")
    return employee, await home_of(world, employee)


async def home_of(world: World, employee):
    """The live home card (an older one loses its buttons when a new one is sent)."""
    return await world.fake.wait_message(
        employee, lambda m: "Расходы в этом месяце" in m.text and bool(m.buttons)
    )


async def test_employee_home_is_their_number_with_their_actions(world: World) -> None:
    fake = world.fake
    await fake.send_command(world.owner, "/start")  # the approver has a chat with the bot
    await fake.wait_text(world.owner, "Виртуальный менеджер")
    employee, home = await employee_home(world)
    assert "+7 (913) 947-95-80" in home.text and "Баланс" in home.text
    assert "Тариф" in home.text and "Услуги" in home.text
    for action in ("💳 Обещанный платёж", "➕ Подключить услугу", "🔒 Заблокировать при утере"):
        assert action in home.buttons, home.buttons
    assert not [b for b in home.buttons if any(w in b for w in CABINET)], home.buttons
    assert not any(w in home.text for w in CABINET), home.text
    # /menu comes back to the same card.
    buttons = list(home.buttons)
    await fake.send_command(employee, "/menu")
    again = await home_of(world, employee)
    assert again.buttons == buttons

    # The promised payment: the button, the amount, the confirm button.
    user = Counting(fake, employee)
    await user.click(again, "💳 Обещанный платёж", "сумму обещанного платежа")
    confirm = await user.type("500", "срок: 7 дней")
    await user.click(confirm, "📨 Отправить на согласование", "отправлен на согласование")
    user.within(4)
    ((status, code),) = query(world, "select status, code from operations")
    assert (status, code) == ("awaiting_approval", "promised_payment")
    await fake.wait_text(world.owner, "Запрос на согласование")
    await settle(world)


async def test_employee_blocks_a_lost_phone_in_two_presses(world: World) -> None:
    fake = world.fake
    employee, home = await employee_home(world)
    user = Counting(fake, employee)
    confirm = await user.click(home, "🔒 Заблокировать при утере", "Утеря")
    # Back before anything was asked returns home, not to a list of operations.
    await fake.click(employee, confirm, "◀️ Назад")
    home = await home_of(world, employee)
    user = Counting(fake, employee)
    confirm = await user.click(home, "🔒 Заблокировать при утере", "Утеря")
    await user.click(confirm, "▶️ Выполнить", "Выполнено: 1 из 1")
    user.within(2)
    ((kind,),) = query(
        world,
        "select b.kind from blocks b join numbers n on n.id = b.number_id "
        "where n.msisdn = ? and b.active",
        SEED,
    )
    assert kind == "lost"
    await fake.send_command(employee, "/menu")
    home = await home_of(world, employee)
    assert "🔓 Снять блокировку" in home.buttons
    assert "🔒 Заблокировать при утере" not in home.buttons
    await settle(world)


async def test_no_dead_ends_and_decisions_in_one_press(world: World) -> None:
    fake, owner = world.fake, world.owner
    await fake.send_command(owner, "/start")
    await fake.wait_text(owner, "Виртуальный менеджер")
    employee, home = await employee_home(world)

    # What the bot does not take gets a sentence and the Menu button, not a silent redraw.
    await fake.send_photo(employee, invite_qr_png("https://t.me/vm_test_bot"))
    said = await fake.wait_text(employee, "Фото, стикеры")
    assert said.buttons == ["🏠 Меню"]
    await fake.send_command(employee, "/weather")
    said = await fake.wait_text(employee, "Команда /weather мне незнакома")
    assert said.buttons == ["🏠 Меню"]
    await fake.send_message(employee, "Иванов")
    said = await fake.wait_text(employee, "выберите действие на карточке")
    assert said.buttons == ["🏠 Меню"]
    await fake.send_contact(employee, SEED)
    said = await fake.wait_text(employee, "Вы уже подключены")
    assert said.buttons == ["🏠 Меню"]
    await fake.click(employee, said, "🏠 Меню")
    home = await home_of(world, employee)

    # A request; the approver decides it from the card with one press.
    await fake.click(employee, home, "💳 Обещанный платёж")
    await fake.wait_text(employee, "сумму обещанного платежа")
    await fake.send_message(employee, "300")
    confirm = await fake.wait_text(employee, "срок: 7 дней")
    await fake.click(employee, confirm, "📨 Отправить на согласование")
    receipt = await fake.wait_message(employee, lambda m: "↩️ Отозвать запрос" in m.buttons)
    card = await fake.wait_text(owner, "Запрос на согласование")
    # The details carry the decision too, and Back.
    await fake.click(owner, card, "ℹ️ Подробнее")
    details = await fake.wait_message(owner, lambda m: "◀️ Назад" in m.buttons)
    assert {"✅ Согласовать", "❌ Отклонить", "🏠 Меню"} <= set(details.buttons)
    await fake.click(owner, details, "◀️ Назад")
    await fake.wait_until(lambda: details.deleted)
    # The approver's menu leads with what waits for them, a press from the request.
    await fake.send_command(owner, "/menu")
    menu = await fake.wait_message(owner, lambda m: "📨 К первому запросу" in m.buttons)
    assert "Ждут вашего решения: 1" in menu.text
    await fake.click(owner, menu, "📨 К первому запросу")
    await fake.wait_text(owner, "Обещанный платёж")
    approver = Counting(fake, owner)
    await approver.click(card, "✅ Согласовать", "согласован")
    approver.within(1)
    await fake.wait_text(employee, "Выполнено: 1 из 1")
    await fake.wait_until(lambda: not receipt.buttons)  # nothing left to withdraw

    # A rejection: the reason, a sentence with the Menu button, no menu nobody asked for.
    await fake.send_command(employee, "/menu")
    home = await home_of(world, employee)
    await fake.click(employee, home, "📶 Сменить тариф")
    step = await fake.wait_text(employee, "Выберите тарифный план")
    other = next(b for b in step.buttons if "₽/мес" in b and not b.startswith("•"))
    await fake.click(employee, step, other)
    confirm = await fake.wait_text(employee, "только запросить")
    await fake.click(employee, confirm, "📨 Отправить на согласование")
    card = await fake.wait_text(owner, "Смена тарифного плана")
    await fake.click(owner, card, "❌ Отклонить")
    await fake.wait_text(owner, "причину")
    before = len(fake.messages(owner))
    await fake.send_message(owner, "Тариф уже оптимальный")
    answer = await fake.wait_message(owner, lambda m: "🏠 Меню" in m.buttons)
    await fake.wait_text(employee, "отклонён")
    assert [m.message_id for m in fake.messages(owner)[before:]] == [answer.message_id], [
        m.text for m in fake.messages(owner)[before:]
    ]
    await settle(world)


async def test_an_english_client_reads_english_from_the_first_message(world: World) -> None:
    fake = world.fake
    owner = fake.add_user(
        type(world.owner)(id=world.owner.id, first_name="Olga", language_code="en-GB")
    )
    await fake.send_command(owner, "/start")
    menu = await fake.wait_text(owner, "Virtual Manager")
    assert "👥 Users and roles" in menu.buttons
    stranger = fake.new_user(first_name="Stranger", language_code="en")
    await fake.send_command(stranger, "/start")
    await fake.wait_text(stranger, "invite link")
    await settle(world)


async def test_connecting_a_paid_service_from_the_menu_fits_six_actions(world: World) -> None:
    fake, owner = world.fake, world.owner
    await fake.send_command(owner, "/start")
    menu = await fake.wait_text(owner, "Виртуальный менеджер")
    user = Counting(fake, owner)
    await user.click(menu, "⚙️ Операции", "Номера не выбраны")
    ops = await user.type("8 913 947-95-80", "Выбрано: 1 номер")
    step = await user.click(ops, "Подключение услуг", "Выберите услугу")
    paid = next(b for b in step.buttons if "₽" in b and not b.startswith("•"))
    confirm = await user.click(step, paid, "Нажимая кнопку с ценой")
    await user.click(confirm, "▶️ Подключить за", "Выполнено: 1 из 1")
    user.within(6)
    await settle(world)


async def test_group_tariff_change_on_a_loaded_file_fits_six_actions(world: World) -> None:
    fake, owner = world.fake, world.owner
    await fake.send_command(owner, "/start")
    await fake.wait_text(owner, "Виртуальный менеджер")
    user = Counting(fake, owner)
    user.count += 1  # sending the file is the first action
    await fake.send_document(owner, b"+79139479580\n+79139479689\n", "list.csv", "text/csv")
    confirm = await fake.wait_text(owner, "Файл «list.csv»")
    report = await user.click(confirm, "🔄 Заменить", "Файл прочитан")
    ops = await user.click(report, "⚙️ Операции", "Выбрано: 2 номера")
    step = await user.click(ops, "Смена тарифного плана", "Выберите тарифный план")
    other = next(b for b in step.buttons if "₽/мес" in b and not b.startswith("•"))
    confirm = await user.click(step, other, "Смена тарифного плана")
    await user.click(confirm, re.compile("^▶️"), "выполнение завершено")
    user.within(6)
    await settle(world)
