"""People and roles through the bot, the refusals: a department manager's forged buttons
for the role editor, for people of another department and for roles and scopes above
theirs; a role copied, and a role somebody holds (or a starting one) not deleted."""

from __future__ import annotations

import re

from tests.e2e.conftest import World
from tests.e2e.test_numbers import OTHER, SEED, add_manager, query, settle
from tests.e2e.test_people import add_person, open_users
from tests.fakeapi.models import BotMessage

DEPT = "Продажи Сибирь"


def forge(msg: BotMessage, like: str, item: str) -> str:
    """The callback data of the message's button `like`, its item replaced."""
    data = next(b["callback_data"] for b in msg.inline_buttons if b["text"].startswith(like))
    return re.sub(r"[^:]+$", item, data)


def one(world: World, sql: str, *args: object) -> object:
    return query(world, sql, *args)[0][0]


async def refused_with(world: World, user, msg: BotMessage, data: str, words: str) -> None:
    answer = await world.fake.wait_callback_answer(await world.fake.click_data(user, msg, data))
    assert words in (answer["text"] or "") and answer["show_alert"], (data, answer)


async def test_a_manager_cannot_edit_roles_or_reach_beyond_their_department(
    world: World,
) -> None:
    fake = world.fake
    manager, inside, outside = world.user("Пётр"), world.user("Иван"), world.user("Олег")
    add_manager(world, manager.id, DEPT)
    add_person(world, inside.id, "Иван Сидоров", "employee", msisdn=SEED)
    add_person(world, outside.id, "Олег Чужой", "employee", msisdn=OTHER)
    await open_menu_of(world, world.owner)  # the owner is a user the manager must not reach
    outside_id = one(world, "select id from users where tg_id = ?", outside.id)
    owner_id = one(world, "select id from users where tg_id = ?", world.owner.id)
    admin_role = one(world, "select id from roles where code = 'admin'")
    other_dept = one(
        world,
        "select id from departments where path not like "
        "(select path from departments where name = ?) || '%' order by id limit 1",
        DEPT,
    )

    await open_users(world, manager)
    main = fake.last_message(manager)
    assert "🎭 Роли" not in main.buttons  # roles are the company's: owners and admins only
    await fake.click(manager, main, "👤 Пользователи")
    users = await fake.wait_text(manager, "Пользователи (")
    assert "Иван Сидоров · сотрудник" in users.buttons
    assert not [b for b in users.buttons if "Олег" in b or "Ольга" in b], users.buttons
    for someone in (outside_id, owner_id):
        await refused_with(world, manager, users, forge(users, "Иван", str(someone)), "не найдены")

    await fake.click(manager, users, "Иван Сидоров · сотрудник")
    card = await fake.wait_text(manager, "доступ включён")
    await fake.click(manager, card, "🎭 сотрудник")
    grant = await fake.wait_text(manager, "Роль: сотрудник")
    await fake.click(manager, grant, "🎭 Сменить роль")
    roles = await fake.wait_text(manager, "Выберите новую роль")
    assert "администратор" not in roles.buttons and "владелец" not in roles.buttons
    forged = forge(roles, "аудитор", str(admin_role))
    await refused_with(world, manager, roles, forged, "вне ваших полномочий")
    await fake.click(manager, roles, "◀️ Назад")
    grant = await fake.wait_text(manager, "Роль: сотрудник")
    await fake.click(manager, grant, "📍 Сменить область")
    scopes = await fake.wait_text(manager, "на что будет действовать")
    assert not [b for b in scopes.buttons if "Вся компания" in b], scopes.buttons
    like = next(b for b in scopes.buttons if b.endswith(DEPT))
    for item in ("company", f"d{other_dept}"):
        await refused_with(world, manager, scopes, forge(scopes, like, item), "вне ваших")
    # Nothing changed: the same role over the same number.
    assert query(
        world,
        "select r.code, g.scope from grants g join roles r on r.id = g.role_id "
        "join users u on u.id = g.user_id where u.tg_id = ?",
        inside.id,
    ) == [("employee", "own")]

    # A forged switch to the role editor is refused, and the menu comes back.
    await fake.click(manager, scopes, "🏠 Меню")
    menu = await fake.wait_message(manager, lambda m: "👥 Пользователи и роли" in m.buttons)
    await fake.click(manager, menu, "👥 Пользователи и роли")
    main = await fake.wait_message(manager, lambda m: "👤 Пользователи" in m.buttons)
    data = main.inline_buttons[0]["callback_data"].split("\x1d")[0] + "\x1dto_roles"
    await refused_with(world, manager, main, data, "недоступно")
    await fake.wait_text(manager, "Виртуальный менеджер")
    await settle(world)


async def open_menu_of(world: World, user) -> None:
    await world.fake.send_command(user, "/start")
    await world.fake.wait_text(user, "Виртуальный менеджер")


async def test_a_role_is_copied_and_a_held_or_starting_role_is_not_deleted(
    world: World,
) -> None:
    fake, owner = world.fake, world.owner
    employee = world.user("Иван")
    add_person(world, employee.id, "Иван Сидоров", "employee", msisdn=SEED)
    await open_users(world, owner)
    await fake.click(owner, fake.last_message(owner), "🎭 Роли")
    roles = await fake.wait_text(owner, "Роль — это набор прав")
    await fake.click(owner, roles, re.compile(r"^руководитель · "))
    card = await fake.wait_text(owner, "Роль: руководитель")
    await fake.click(owner, card, "📄 Копировать")
    await fake.wait_text(owner, "Напишите название копии роли «руководитель»")
    await fake.send_message(owner, "Старший продавец")
    await fake.wait_text(owner, "Роль: Старший продавец")
    perms = dict(query(world, "select name, permissions from roles"))
    assert perms["Старший продавец"] == perms["manager"]

    # A starting role is not deleted.
    await fake.click(owner, fake.last_message(owner), "◀️ Назад")
    roles = await fake.wait_text(owner, "Роль — это набор прав")
    await fake.click(owner, roles, re.compile(r"^сотрудник · "))
    card = await fake.wait_text(owner, "Роль: сотрудник")
    qid = await fake.click(owner, card, "🗑 Удалить")
    assert "Встроенную роль удалить нельзя" in (await fake.wait_callback_answer(qid))["text"]

    # The copy given to Иван in place of his role: while he holds it, it stays.
    await fake.click(owner, card, "◀️ Назад")
    await fake.click(owner, await fake.wait_text(owner, "Роль — это набор прав"), "◀️ Назад")
    await fake.click(owner, await fake.wait_text(owner, "Пригласите"), "👤 Пользователи")
    users = await fake.wait_text(owner, "Пользователи (")
    await fake.click(owner, users, "Иван Сидоров · сотрудник")
    await fake.click(owner, await fake.wait_text(owner, "доступ включён"), "🎭 сотрудник")
    await fake.click(owner, await fake.wait_text(owner, "Роль: сотрудник"), "🎭 Сменить роль")
    await fake.click(owner, await fake.wait_text(owner, "Выберите новую роль"), "Старший продавец")
    await fake.wait_message(owner, lambda m: "🎭 Старший продавец" in m.buttons)
    await fake.click(owner, fake.last_message(owner), "◀️ Назад")
    await fake.click(owner, await fake.wait_text(owner, "Пользователи ("), "◀️ Назад")
    await fake.click(owner, await fake.wait_text(owner, "Пригласите"), "🎭 Роли")
    roles = await fake.wait_text(owner, "Роль — это набор прав")
    await fake.click(owner, roles, "Старший продавец · 1")
    card = await fake.wait_text(owner, "Роль: Старший продавец")
    qid = await fake.click(owner, card, "🗑 Удалить")
    answer = (await fake.wait_callback_answer(qid))["text"]
    assert "Роль не удалена: её носят 1 пользователь" in answer
    assert one(world, "select count(*) from roles where name = 'Старший продавец'") == 1

    # Иван back on his old role, nobody holds the copy: it goes.
    await fake.click(owner, card, "◀️ Назад")
    await fake.click(owner, await fake.wait_text(owner, "Роль — это набор прав"), "◀️ Назад")
    await fake.click(owner, await fake.wait_text(owner, "Пригласите"), "👤 Пользователи")
    users = await fake.wait_text(owner, "Пользователи (")
    await fake.click(owner, users, "Иван Сидоров · Старший продав…")  # cut to fit a phone
    await fake.click(owner, await fake.wait_text(owner, "доступ включён"), "🎭 Старший продавец")
    grant = await fake.wait_text(owner, "Роль: Старший продавец")
    await fake.click(owner, grant, "🎭 Сменить роль")
    await fake.click(owner, await fake.wait_text(owner, "Выберите новую роль"), "сотрудник")
    card = await fake.wait_message(owner, lambda m: "🎭 сотрудник" in m.buttons)
    await fake.click(owner, card, "◀️ Назад")
    await fake.click(owner, await fake.wait_text(owner, "Пользователи ("), "◀️ Назад")
    await fake.click(owner, await fake.wait_text(owner, "Пригласите"), "🎭 Роли")
    roles = await fake.wait_text(owner, "Роль — это набор прав")
    await fake.click(owner, roles, "Старший продавец · 0")
    card = await fake.wait_text(owner, "Роль: Старший продавец")
    await fake.click(owner, card, "🗑 Удалить")
    confirm = await fake.wait_text(owner, "Удалить роль «Старший продавец»?")
    qid = await fake.click(owner, confirm, "🗑 Да, удалить")
    assert "Роль удалена" in (await fake.wait_callback_answer(qid))["text"]
    roles = await fake.wait_text(owner, "Роль — это набор прав")
    assert not [b for b in roles.buttons if "Старший продавец" in b]
    assert one(world, "select count(*) from roles where name = 'Старший продавец'") == 0
    await settle(world)
