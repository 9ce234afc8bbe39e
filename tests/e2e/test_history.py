"""The action history through the bot: filtered, paged, exported; a number's own history."""

from __future__ import annotations

import datetime as dt
import io
import sqlite3

from openpyxl import load_workbook

from tests.e2e.conftest import OWNER_ID, World


def _seed(world: World, rows: list[tuple[str, str, int]]) -> None:
    """History rows written as the owner, as the bot's own writers would."""
    now = dt.datetime.now(dt.UTC)
    con = sqlite3.connect(world.bot.workdir / "bot.sqlite3")
    with con:
        user_id, company_id = con.execute(
            "SELECT id, company_id FROM users WHERE tg_id = ?", (OWNER_ID,)
        ).fetchone()
        number_id, msisdn = con.execute("SELECT id, msisdn FROM numbers ORDER BY id").fetchone()
        for action, status, minutes in rows:
            con.execute(
                "INSERT INTO history (company_id, user_id, action, status, number_id, details,"
                " created_at) VALUES (?, ?, ?, ?, ?, '{}', ?)",
                (
                    company_id,
                    user_id,
                    action,
                    status,
                    number_id if action.startswith("op.") else None,
                    (now - dt.timedelta(minutes=minutes)).isoformat(sep=" "),
                ),
            )
    con.close()
    world.msisdn = msisdn  # type: ignore[attr-defined]


async def test_owner_filters_pages_and_exports_history(world: World) -> None:
    fake, owner = world.fake, world.owner
    await fake.send_command(owner, "/start")
    menu = await fake.wait_text(owner, "Виртуальный менеджер")
    rows = [("op.tariff", "done", m) for m in range(1, 8)]
    rows += [("op.block_on", "failed", 9), ("role.create", "done", 10)]
    _seed(world, rows)

    await fake.click(owner, menu, "📜 История")
    screen = await fake.wait_text(owner, "История действий")
    # the scheduler's own actions are there too ("Система"); narrow to the owner's
    await fake.click(owner, screen, "👤 Все пользователи")
    await fake.click(owner, await fake.wait_text(owner, "Чьи действия"), "Ольга Владелец")
    screen = await fake.wait_text(owner, "Записей: 9")
    assert "стр. 1 из 2" in screen.text and "Смена тарифного плана" in screen.text
    await fake.click(owner, screen, "▶️")
    screen = await fake.wait_text(owner, "стр. 2 из 2")

    await fake.click(owner, screen, "✔️ Любой статус")
    choose = await fake.wait_text(owner, "с каким статусом")
    await fake.click(owner, choose, "❌ ошибка")
    screen = await fake.wait_text(owner, "стр. 1 из 1")
    assert "Установка блокировки" in screen.text and "Смена тарифного" not in screen.text

    await fake.click(owner, screen, "✔️ ❌ ошибка")
    await fake.click(owner, await fake.wait_text(owner, "с каким статусом"), "Любой статус")
    screen = await fake.wait_text(owner, "Записей: 9")
    await fake.click(owner, screen, "🗂 Все виды")
    await fake.click(owner, await fake.wait_text(owner, "Какие действия"), "Пользователи и доступ")
    screen = await fake.wait_text(owner, "Роль создана")

    await fake.click(owner, screen, "📥 Выгрузить XLSX")
    doc = await fake.wait_message(owner, lambda m: m.file is not None)
    table = list(
        load_workbook(io.BytesIO(fake.file_bytes(doc)), read_only=True)
        .worksheets[0]
        .iter_rows(values_only=True)
    )
    assert table[0][:3] == ("Когда", "Кто", "Действие")
    assert [r[2] for r in table[1:]] == ["Роль создана"]
    assert "upload_document" in fake.chat_actions(owner)
    # the workplace comes back under the file, with a way to the menu
    screen = await fake.wait_message(owner, lambda m: "🏠 Меню" in m.buttons)
    assert "История действий" in screen.text


async def test_number_filter_refuses_a_number_that_is_not_ours(world: World) -> None:
    fake, owner = world.fake, world.owner
    await fake.send_command(owner, "/start")
    menu = await fake.wait_text(owner, "Виртуальный менеджер")
    _seed(world, [("op.tariff", "done", 1), ("role.create", "done", 2)])
    await fake.click(owner, menu, "📜 История")
    screen = await fake.wait_text(owner, "История действий")
    await fake.click(owner, screen, "📱 Любой номер")
    await fake.wait_text(owner, "Отправьте номер телефона")
    await fake.send_message(owner, "+7 999 000-00-00")
    await fake.wait_text(owner, "нет среди ваших")
    await fake.send_message(owner, world.msisdn)  # type: ignore[attr-defined]
    screen = await fake.wait_text(owner, "Записей: 1")
    assert "Смена тарифного плана" in screen.text and "Роль создана" not in screen.text
    await fake.click(owner, screen, "🧹 Сбросить фильтры")
    await fake.wait_message(
        owner, lambda m: "Записей: 1\n" not in m.text and "📱 Любой номер" in m.buttons
    )
