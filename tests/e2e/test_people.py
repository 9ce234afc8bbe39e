"""People and roles through the bot: a role and its scope changed in place, a user switched
off and told so on their next message, the last owner kept (the manager's limits and role
copying/deletion are covered at the service level in tests/test_people.py)."""

from __future__ import annotations

import re
import sqlite3

from tests.e2e.conftest import World
from tests.e2e.test_numbers import SEED, db_path, open_menu, settle

STAMP = "2026-11-01 00:00:00"


def add_person(
    world: World,
    tg_id: int,
    name: str,
    role: str,
    *,
    department: str | None = None,
    msisdn: str | None = None,
) -> None:
    """Someone as an accepted invite would leave them: a role over the company, a
    department, or their own number."""
    with sqlite3.connect(db_path(world)) as conn:
        company = conn.execute("select min(id) from companies").fetchone()[0]
        role_id = conn.execute(
            "select id from roles where company_id = ? and code = ?", (company, role)
        ).fetchone()[0]
        cur = conn.execute(
            "insert into users (tg_id, full_name, language, company_id, active, created_at) "
            "values (?, ?, 'ru', ?, 1, ?)",
            (tg_id, name, company, STAMP),
        )
        dept = number = None
        scope = "company"
        if department is not None:
            scope = "department"
            dept = conn.execute(
                "select id from departments where company_id = ? and name = ?",
                (company, department),
            ).fetchone()[0]
        if msisdn is not None:
            scope = "own"
            number = conn.execute("select id from numbers where msisdn = ?", (msisdn,)).fetchone()[
                0
            ]
        conn.execute(
            "insert into grants (user_id, role_id, scope, department_id, number_id, created_at)"
            " values (?, ?, ?, ?, ?, ?)",
            (cur.lastrowid, role_id, scope, dept, number, STAMP),
        )


async def open_users(world: World, user) -> None:
    fake = world.fake
    await open_menu(world, user)
    menu = await fake.wait_text(user, "Виртуальный менеджер", include_old=True)
    await fake.click(user, menu, "👥 Пользователи и роли")
    await fake.wait_text(user, "Пригласите")


async def test_owner_changes_a_role_in_place_and_switches_a_user_off(world: World) -> None:
    fake, owner = world.fake, world.owner
    employee = world.user("Иван")
    add_person(world, employee.id, "Иван Сидоров", "employee", msisdn=SEED)
    await open_users(world, owner)
    await fake.click(owner, fake.last_message(owner), "👤 Пользователи")
    users = await fake.wait_text(owner, "Пользователи (")
    await fake.click(owner, users, "Иван Сидоров · сотрудник")
    card = await fake.wait_text(owner, "доступ включён")
    await fake.click(owner, card, "🎭 сотрудник")
    grant = await fake.wait_text(owner, "Роль: сотрудник")
    assert "Область: Свои номера" in grant.text
    await fake.click(owner, grant, "🎭 Сменить роль")
    roles = await fake.wait_text(owner, "Выберите новую роль")
    assert "владелец" not in roles.buttons  # owners come from the bot's settings only
    await fake.click(owner, roles, "аудитор")
    card = await fake.wait_message(owner, lambda m: "🎭 аудитор" in m.buttons)
    assert "аудитор — Свои номера" in card.text

    await fake.click(owner, card, "🎭 аудитор")
    await fake.click(owner, await fake.wait_text(owner, "Роль: аудитор"), "📍 Сменить область")
    scopes = await fake.wait_text(owner, "на что будет действовать роль")
    assert "🏢 Вся компания" in scopes.buttons
    await fake.click(owner, scopes, re.compile(r"Продажи Сибирь$"))
    card = await fake.wait_text(owner, "аудитор — Департамент или отдел: Продажи Сибирь")

    # the employee's menu follows at once, no new invite
    await open_menu(world, employee)
    menu = await fake.wait_text(employee, "Виртуальный менеджер")
    assert "аудитор" in menu.text

    await fake.click(owner, card, "🚫 Отключить доступ")
    await fake.wait_text(owner, "доступ отключён")
    await fake.send_message(employee, "Привет")
    refused = await fake.wait_text(employee, "Ваш доступ к боту отключён")
    assert "Ольга Владелец" in refused.text
    assert "Здравствуйте" not in refused.text  # not greeted as a stranger
    await fake.send_command(employee, "/start")
    await fake.wait_message(
        employee, lambda m: "доступ к боту отключён" in m.text and m.message_id > refused.message_id
    )
    # an old button of theirs is refused too
    qid = await fake.click(employee, menu, menu.buttons[0])
    answer = await fake.wait_callback_answer(qid)
    assert "доступ отключён" in answer["text"]
    await settle(world)


async def test_the_last_owner_is_neither_demoted_nor_switched_off(world: World) -> None:
    fake = world.fake
    await open_menu(world, world.owner)  # the owner's name is known from the first message
    admin = world.user("Анна")
    add_person(world, admin.id, "Анна Админова", "admin")
    await open_users(world, admin)
    await fake.click(admin, fake.last_message(admin), "👤 Пользователи")
    await fake.click(admin, await fake.wait_text(admin, "Пользователи ("), re.compile("^Ольга"))
    card = await fake.wait_text(admin, "Ольга Владелец")
    qid = await fake.click(admin, card, "🚫 Отключить доступ")
    assert "последний владелец" in (await fake.wait_callback_answer(qid))["text"]
    await fake.click(admin, card, "🎭 владелец")
    grant = await fake.wait_text(admin, "Роль: владелец")
    await fake.click(admin, grant, "🎭 Сменить роль")
    roles = await fake.wait_text(admin, "Выберите новую роль")
    qid = await fake.click(admin, roles, "аудитор")
    assert "последний владелец" in (await fake.wait_callback_answer(qid))["text"]
    await fake.click(admin, roles, "◀️ Назад")
    grant = await fake.wait_text(admin, "Роль: владелец")
    qid = await fake.click(admin, grant, "✖️ Снять роль")
    assert "последний владелец" in (await fake.wait_callback_answer(qid))["text"]
    await settle(world)
