"""Operations on the demo holding: started from a number's card in the Numbers workplace, and
an employee's request that goes to approval instead of running."""

from __future__ import annotations

import re

from tests.e2e.conftest import World
from tests.e2e.test_numbers import SEED, open_menu, query, search, settle


async def test_block_from_the_number_card(world: World) -> None:
    fake, owner = world.fake, world.owner
    await open_menu(world, owner)
    msg = await search(world, owner, "9139479580", "Иванов И. О.")
    await fake.click(owner, msg, re.compile(r"947-95-80"))
    card = await fake.wait_text(owner, "Лицевой счёт: 254396728931")
    await fake.click(owner, card, "⚙️ Операции")
    ops = await fake.wait_text(owner, "Выбрано: 1 номер, 1 ЛС, 1 контракт")
    for step, expect in (
        ("Установка блокировки", "вид блокировки"),
        ("Утеря / кража", "⚙️ сейчас, без срока"),
    ):
        await fake.click(owner, ops, step)
        await fake.wait_text(owner, expect)
    await fake.click(owner, ops, "▶️ Выполнить")
    done = await fake.wait_text(owner, "выполнение завершено")
    assert "Выполнено: 1 из 1" in done.text
    ((kind, status),) = query(
        world,
        "select b.kind, n.status from blocks b join numbers n "
        "on n.id = b.number_id where n.msisdn = ? and b.active",
        SEED,
    )
    assert (kind, status) == ("lost", "blocked")
    await settle(world)


async def test_employee_requests_a_tariff_change(world: World) -> None:
    fake = world.fake
    await open_menu(world, world.owner)  # the approver has a chat with the bot
    employee = world.user("Иван", phone_number=SEED)
    await fake.send_command(employee, "/start")
    await fake.wait_text(employee, "Поделиться номером")
    await fake.press(employee, "Поделиться номером")
    home = await fake.wait_text(employee, "Расходы в этом месяце")
    await fake.click(employee, home, "📶 Сменить тариф")
    ops = await fake.wait_text(employee, "Выберите тарифный план")
    ((current,),) = query(
        world,
        "select t.name from numbers n join tariffs t on t.id = n.tariff_id where n.msisdn = ?",
        SEED,
    )
    other = next(b for b in ops.buttons if "₽/мес" in b and not b.startswith(("•", current)))
    await fake.click(employee, ops, other)
    confirm = await fake.wait_text(employee, "только запросить")
    await fake.click(employee, confirm, "📨 Отправить на согласование")
    await fake.wait_text(employee, "отправлен на согласование")
    await fake.wait_text(world.owner, "Запрос на согласование")
    ((status,),) = query(world, "select status from operations where code = 'tariff'")
    assert status == "awaiting_approval"
    await settle(world)
