"""«💰 Бюджет» through the bot: a manager sets limits inside their department only (a
forged department and a number from elsewhere get a sentence); the owner makes 100 %
block outgoing calls; as the operator bills, the number over its limit has its outgoing
calls barred (it stays active, its card says so), its holder and the manager are told, and
raising the limit lifts the bar."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3

import pytest

from tests.e2e.conftest import World
from tests.e2e.test_numbers import add_employee, add_manager, db_path, open_menu, query

DEPT = "Продажи Сибирь"


# The operator bills every few seconds instead of every minute: the last step need not wait
# a minute for the first bill after the limit.
@pytest.mark.bot_env(ACCRUAL_INTERVAL_SECONDS=5)
async def test_budget_limits_scope_and_the_100_percent_block(world: World) -> None:
    fake, owner = world.fake, world.owner
    path = query(world, "select path from departments where name = ?", DEPT)[0][0]
    inside = query(
        world,
        "select n.msisdn from numbers n join departments d on d.id = n.department_id "
        "where d.path like ? and n.status = 'active' order by n.id limit 1",
        path + "%",
    )[0][0]
    outside = query(
        world,
        "select n.msisdn from numbers n join departments d on d.id = n.department_id "
        "where d.path not like ? order by n.id limit 1",
        path + "%",
    )[0][0]
    other_dept = query(
        world, "select id from departments where path not like ? order by id limit 1", path + "%"
    )[0][0]
    manager, holder = world.user("Пётр"), world.user("Иван")
    add_manager(world, manager.id, DEPT)
    add_employee(world, holder.id, inside)

    await fake.send_command(holder, "/start")  # the holder's chat with the bot
    await fake.wait_message(holder, lambda m: bool(m.text))

    # The owner: 100 % of a limit blocks outgoing calls.
    await open_menu(world, owner)
    menu = await fake.wait_text(owner, "Виртуальный менеджер", include_old=True)
    await fake.click(owner, menu, "💰 Бюджет")
    main = await fake.wait_text(owner, "Бюджет на")
    assert "Компания" in main.text
    await fake.click(owner, main, "⚖️ Правила списания")
    rules = await fake.wait_text(owner, "Правила списания")
    await fake.click(owner, rules, "▫️ 100 %: блок исходящих")
    await fake.wait_message(owner, lambda m: "✅ 100 %: блок исходящих" in m.buttons)

    # The manager: their department only.
    await open_menu(world, manager)
    menu = await fake.wait_text(manager, "Виртуальный менеджер", include_old=True)
    await fake.click(manager, menu, "💰 Бюджет")
    main = await fake.wait_text(manager, "Бюджет на")
    assert "Компания" not in main.text and "⚖️ Правила списания" not in main.buttons
    await fake.click(manager, main, "🗂 Лимиты отделов")
    depts = await fake.wait_text(manager, "Лимиты отделов")
    button = next(b for b in depts.inline_buttons if b["text"].startswith(DEPT))
    forged = re.sub(r"\d+$", str(other_dept), button["callback_data"])
    answer = await fake.wait_callback_answer(await fake.click_data(manager, depts, forged))
    assert "вне вашей зоны" in answer["text"] and answer["show_alert"]

    await fake.click(manager, depts, "◀️ Назад")
    main = await fake.wait_text(manager, "Бюджет на")
    await fake.click(manager, main, "📱 Лимит номера")
    await fake.wait_text(manager, "Отправьте номер телефона")
    await fake.send_message(manager, outside)
    await fake.wait_text(manager, "Такого номера среди доступных вам нет")
    await fake.send_message(manager, inside)
    await fake.wait_text(manager, "Отправьте месячный лимит")
    await fake.send_message(manager, "сто")
    await fake.wait_text(manager, "Сумма — это число рублей")
    await fake.send_message(manager, "1")  # 1 ₽: this month's bill is far above it
    saved = await fake.wait_text(manager, "Лимит сохранён")
    assert "🏠 Меню" in saved.buttons

    # The operator bills (every few seconds here), the budget acts: blocked, both told.
    for who in (holder, manager):
        told = await fake.wait_text(who, "исчерпал бюджет месяца", timeout=150)
        assert "исходящие вызовы заблокированы" in told.text.lower()
        assert "☰ Меню" in told.buttons
    # Outgoing calls are barred, not the number: it stays active, and its card says so.
    status = query(world, "select status from numbers where msisdn = ?", inside)[0][0]
    assert status == "active"
    assert bars(world, inside) == [("budget",)]
    await fake.send_command(holder, "/menu")
    home = await fake.wait_message(
        holder, lambda m: "📵 исходящие вызовы (бюджет)" in m.text and bool(m.buttons)
    )
    assert "активен" in home.text
    assert "🔓 Снять блокировку" not in home.buttons  # the budget lifts it, not its holder

    # The manager raises the limit: the bar goes at once.
    await fake.click(manager, saved, "🏠 Меню")
    menu = await fake.wait_text(manager, "Виртуальный менеджер")
    await fake.click(manager, menu, "💰 Бюджет")
    await fake.click(manager, await fake.wait_text(manager, "Бюджет на"), "📱 Лимит номера")
    await fake.wait_text(manager, "Отправьте номер телефона")
    await fake.send_message(manager, inside)
    await fake.wait_text(manager, "Отправьте месячный лимит")
    await fake.send_message(manager, "100000")
    await fake.wait_text(manager, "Лимит сохранён")
    assert bars(world, inside) == []
    await fake.send_command(holder, "/menu")
    home = await fake.wait_message(
        holder, lambda m: "Расходы в этом месяце" in m.text and m.message_id > home.message_id
    )
    assert "исходящие вызовы" not in home.text

    # What the company does not pay is the employee's: they see it on their home.
    month = dt.datetime.now(dt.UTC).date().replace(day=1)
    with sqlite3.connect(db_path(world)) as conn:
        conn.execute(
            "insert into employee_charges (company_id, number_id, month, amount) "
            "select company_id, id, ?, 12345 from numbers where msisdn = ?",
            (month.isoformat(), inside),
        )
    await fake.send_command(holder, "/menu")
    home = await fake.wait_message(
        holder, lambda m: "Расходы в этом месяце" in m.text and m.message_id > home.message_id
    )
    assert "за ваш счёт: 123,45 ₽" in home.text


def bars(world: World, msisdn: str) -> list[tuple[str]]:
    return query(
        world,
        "select kind from blocks b join numbers n on n.id = b.number_id "
        "where n.msisdn = ? and b.active",
        msisdn,
    )
