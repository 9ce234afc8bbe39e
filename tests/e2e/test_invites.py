"""Invites through the bot: an employee's invite is for their own number (pre-selected),
and the person who accepts it sees that number and nothing else, whatever they forge."""

from __future__ import annotations

import re

from tests.e2e.conftest import World
from tests.e2e.test_numbers import OTHER, SEED, query, settle
from tests.e2e.test_people import open_users


async def test_an_employee_invite_is_for_their_own_number_only(world: World) -> None:
    fake, owner = world.fake, world.owner
    await open_users(world, owner)
    await fake.click(owner, fake.last_message(owner), "➕ Пригласить пользователя")
    await fake.click(owner, await fake.wait_text(owner, "Выберите роль"), "сотрудник")
    # The usual scope of an employee is chosen already: their own number.
    ask = await fake.wait_text(owner, "Приглашение: свой номер")
    await fake.click(owner, ask, "📍 Другая область")
    scopes = await fake.wait_text(owner, "Какие номера")
    assert "✅ 📱 Только свой номер" in scopes.buttons
    assert "🌐 Вся компания" in scopes.buttons
    await fake.click(owner, scopes, "✅ 📱 Только свой номер")
    ask = await fake.wait_text(owner, "Приглашение: свой номер")
    await fake.send_message(owner, "+7 999 000-00-00")
    said = await fake.wait_text(owner, "Такого номера нет")
    assert "◀️ Назад" in said.buttons and "✖️ Отмена" in said.buttons
    await fake.send_message(owner, SEED)
    await fake.click(owner, await fake.wait_text(owner, "Сколько действует"), "7 дней")
    done = await fake.wait_text(owner, "Ссылка-приглашение готова")
    assert "только номер +7 (913) 947-95-80" in done.text
    code = re.search(r"start=([\w-]+)", done.text).group(1)

    invited = world.user("Иван", last_name="Новиков")
    await fake.send_command(invited, "/start", args=code)
    await fake.wait_text(invited, "Приглашение принято")
    home = await fake.wait_message(
        invited, lambda m: "Расходы в этом месяце" in m.text and bool(m.buttons)
    )
    assert "+7 (913) 947-95-80" in home.text
    assert "Выборк" not in " ".join(home.buttons)
    # Forged presses for what the home does not offer are refused, the card stays.
    prefix = home.inline_buttons[0]["callback_data"].split("\x1d")[0]
    for forged in ("sec:numbers", "sec:hierarchy", "sec:users", "sec:history"):
        qid = await fake.click_data(invited, home, f"{prefix}\x1d{forged}")
        answer = await fake.wait_callback_answer(qid)
        assert "недоступно" in answer["text"] and answer["show_alert"], forged
    # Typing another number of the same department finds nothing and shows nothing of it.
    await fake.send_message(invited, OTHER)
    said = await fake.wait_text(invited, "выберите действие на карточке")
    assert said.buttons == ["🏠 Меню"]
    other_holder = query(world, "select holder_name from numbers where msisdn = ?", OTHER)[0][0]
    assert all(
        other_holder not in m.text and "947-96-89" not in m.text for m in fake.messages(invited)
    )
    ((scope, msisdn),) = query(
        world,
        "select g.scope, n.msisdn from grants g join users u on u.id = g.user_id "
        "join numbers n on n.id = g.number_id where u.tg_id = ?",
        invited.id,
    )
    assert (scope, msisdn) == ("own", SEED)
    await settle(world)
