"""Each user's front page through the real bot: an employee lands on their own number with
their actions on it, and the commonest jobs fit their action budgets."""

from __future__ import annotations

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
