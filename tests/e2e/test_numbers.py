"""The Numbers workplace through the real bot process: search by every key, paging, the card,
scope (also against forged buttons), building/saving/reusing a selection, loading files."""

from __future__ import annotations

import csv
import io
import re
import sqlite3
from pathlib import Path

from openpyxl import Workbook, load_workbook

from tests.e2e.conftest import World
from tests.e2e.harness import ROOT
from tests.test_files_hostile import far_column_file, workbook

SEED = "+79139479580"  # Иванов Иван Ольгович, Продажи Сибирь, ЛС 254396728931
OTHER = "+79139479689"  # Иванов Иван Михайлович, Отдел продаж (the parent department)


def db_path(world: World) -> Path:
    return world.bot.workdir / "bot.sqlite3"


def query(world: World, sql: str, *args: object) -> list[tuple]:
    with sqlite3.connect(db_path(world)) as conn:
        return conn.execute(sql, args).fetchall()


def add_manager(world: World, tg_id: int, department: str) -> None:
    """A department manager, as an accepted invite would leave them."""
    with sqlite3.connect(db_path(world)) as conn:
        company, dept = conn.execute(
            "select company_id, id from departments where name = ?", (department,)
        ).fetchone()
        role = conn.execute(
            "select id from roles where company_id = ? and code = 'manager'", (company,)
        ).fetchone()[0]
        cur = conn.execute(
            "insert into users (tg_id, full_name, language, company_id, active, created_at) "
            "values (?, 'Пётр', 'ru', ?, 1, '2026-11-01 00:00:00')",
            (tg_id, company),
        )
        conn.execute(
            "insert into grants (user_id, role_id, scope, department_id, created_at) "
            "values (?, ?, 'department', ?, '2026-11-01 00:00:00')",
            (cur.lastrowid, role, dept),
        )


def add_employee(world: World, tg_id: int, msisdn: str) -> None:
    """An employee who holds one number, as contact sharing would leave them."""
    with sqlite3.connect(db_path(world)) as conn:
        company, number = conn.execute(
            "select company_id, id from numbers where msisdn = ?", (msisdn,)
        ).fetchone()
        role = conn.execute(
            "select id from roles where company_id = ? and code = 'employee'", (company,)
        ).fetchone()[0]
        cur = conn.execute(
            "insert into users (tg_id, full_name, language, company_id, active, created_at) "
            "values (?, 'Иван', 'ru', ?, 1, '2026-11-01 00:00:00')",
            (tg_id, company),
        )
        conn.execute(
            "insert into grants (user_id, role_id, scope, number_id, created_at) "
            "values (?, ?, 'own', ?, '2026-11-01 00:00:00')",
            (cur.lastrowid, role, number),
        )


async def open_menu(world: World, user) -> None:
    await world.fake.send_command(user, "/start")
    await world.fake.wait_text(user, "Виртуальный менеджер")


def screen(m) -> str:
    """What the user sees: the text, then the buttons (a list shows each number once, as its
    button)."""
    return "\n".join([m.content, *m.buttons])


async def search(world: World, user, text: str, expect: str | re.Pattern):
    """Type a query; the answer is the new message that names it."""
    await world.fake.send_message(user, text)

    def matches(m) -> bool:
        seen = screen(m)
        found = expect.search(seen) if isinstance(expect, re.Pattern) else expect in seen
        return f"«{text}»" in m.content and bool(found)

    return await world.fake.wait_message(user, matches, what=f"search {text!r}")


async def settle(world: World) -> None:
    """Every button press answered before the bot is stopped."""
    await world.fake.wait_until(lambda: not world.fake.unanswered_callbacks() or None)


def xlsx(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


async def test_search_by_every_key_paging_and_card(world: World) -> None:
    fake, owner = world.fake, world.owner
    await open_menu(world, owner)
    iccid = query(world, "select iccid from numbers where msisdn = ?", SEED)[0][0]
    for text in (
        "+7 (913) 947-95-80",
        "89139479580",
        "9139479580",
        "947-95-80",
        iccid,
        iccid[-6:],
        "Иван Ольгович",
    ):
        msg = await search(world, owner, text, "913 947-95-80")
        assert "913 947-95-80 Иванов И. О." in msg.buttons, text
    msg = await search(world, owner, "254396728931", "по лицевому счёту")
    assert "913 947-95-80 Иванов И. О." in msg.buttons

    # A common surname gives several pages; the pager moves through them.
    msg = await search(world, owner, "Иванов", re.compile(r"найдено \d+ номер"))
    total = int(re.search(r"найдено (\d+)", msg.text).group(1))
    assert total > 8
    listed = [b for b in msg.buttons if re.match(r"^\d{3} \d{3}-\d\d-\d\d ", b)]
    assert f"1/{-(-total // 8)}" in msg.buttons and len(listed) == 8
    first_page = msg.buttons
    await fake.click(owner, msg, "▶️")
    await fake.wait_changed(msg)
    assert msg.buttons != first_page and f"2/{-(-total // 8)}" in msg.buttons
    # Each number once: its button, not a line of text as well.
    assert "947-" not in msg.text

    await search(world, owner, "нетакогоабонента", "ничего не найдено")

    # The card: everything about the number, reached by tapping the line.
    msg = await search(world, owner, "9139479580", "Иванов И. О.")
    await fake.click(owner, msg, re.compile(r"947-95-80"))
    card = await fake.wait_text(owner, "Лицевой счёт: 254396728931")
    for part in ("Продажи Сибирь", "Тариф:", "SIM:", "Начислено в этом месяце", "ОРКК"):
        assert part in card.text, part
    # Operations come from their own workplace: the button is there exactly when it is.
    operations_here = (ROOT / "handlers" / "operations" / "states.py").exists()
    assert ("⚙️ Операции" in card.buttons) == operations_here
    if operations_here:  # they open on this number, and Cancel comes back to the card
        await fake.click(owner, card, "⚙️ Операции")
        ops = await fake.wait_text(owner, "Выберите операцию")
        assert "1 номер" in ops.text
        await fake.click(owner, ops, "✖️ Отмена")
        card = await fake.wait_text(owner, "Лицевой счёт: 254396728931")
    await fake.click(owner, card, "➕ В выборку")
    await fake.wait_text(owner, "Выбрано: 1 номер, 1 ЛС, 1 контракт")
    assert "➖ Из выборки" in card.buttons
    await settle(world)


async def test_hierarchy_billing_and_company_structure(world: World) -> None:
    fake, owner = world.fake, world.owner
    await open_menu(world, owner)
    menu = await fake.wait_text(owner, "Виртуальный менеджер", include_old=True)
    await fake.click(owner, menu, "📱 Номера")
    await fake.wait_text(owner, "Введите фамилию")
    await fake.click(owner, menu, "🗂 Контракты и лицевые счета")
    await fake.wait_text(owner, "Выберите контракт")
    await fake.click(owner, menu, re.compile("Сибирь"))
    accounts = await fake.wait_text(owner, "Контракт 154396712662")
    assert any(re.search(r"^254396728931 · -?[\d\u00a0]+,\d\d ₽", b) for b in accounts.buttons)
    await fake.click(owner, menu, re.compile("^254396728931"))
    numbers = await fake.wait_text(owner, "Лицевой счёт 254396728931")
    assert "баланс" in numbers.text
    await fake.click(owner, numbers, "➕ Добавить все (14) в выборку")
    await fake.wait_text(owner, "Выбрано: 14 номеров, 1 ЛС, 1 контракт")
    await fake.click(owner, numbers, "◀️ Назад")
    await fake.wait_text(owner, "Контракт 154396712662")
    await fake.click(owner, menu, "◀️ Назад")
    await fake.wait_text(owner, "Выберите контракт")
    await fake.click(owner, menu, "💳 Только лицевые счета")
    only = await fake.wait_text(owner, "Лицевые счета и их балансы")
    assert len([b for b in only.buttons if re.match(r"^\d{12} · ", b)]) == 8
    assert any(re.fullmatch(r"1/\d+", b) for b in only.buttons)
    await fake.click(owner, menu, "◀️ Назад")
    await fake.wait_text(owner, "Выберите контракт")
    await fake.click(owner, menu, "◀️ Назад")
    await fake.wait_text(owner, "Введите фамилию")

    await fake.click(owner, menu, "🏢 Структура компании")
    await fake.wait_text(owner, "Выберите департамент")
    await fake.click(owner, menu, re.compile(r"^▫️ Без отдела \(\d+\)$"))
    await fake.wait_text(owner, "Без отдела:")
    await fake.click(owner, menu, "◀️ Назад")
    await fake.wait_text(owner, "Выберите департамент")
    await fake.click(owner, menu, "📁 Дирекция")
    await fake.wait_text(owner, "С вложенными отделами")
    await fake.click(owner, menu, "📁 Отдел продаж")
    await fake.wait_text(owner, "Отдел продаж")
    await fake.click(owner, menu, "▫️ Продажи Сибирь")
    dept = await fake.wait_text(owner, "Продажи Сибирь")
    n = int(re.search(r"(\d+) номер", dept.text).group(1))
    await fake.click(owner, menu, re.compile(r"📱 Номера \("))
    lst = await fake.wait_text(owner, "(с вложенными отделами)")
    assert f"{n} номер" in lst.text
    await fake.click(owner, lst, "◀️ Назад")
    await fake.wait_text(owner, "Продажи Сибирь")
    await fake.click(owner, menu, "◀️ Назад")
    await fake.wait_text(owner, "Отдел продаж")
    await settle(world)


async def test_manager_sees_only_their_department(world: World) -> None:
    fake = world.fake
    manager = world.user("Пётр")
    add_manager(world, manager.id, "Продажи Сибирь")
    await open_menu(world, manager)
    # The parent department's number does not exist for them, by any key.
    for text in (OTHER, "89139479689", "Иванов Иван Михайлович", "947-96-89"):
        await search(world, manager, text, "ничего не найдено")
    msg = await search(world, manager, "Иванов Иван Ольгович", "Иванов И. О.")

    # A forged button: the card of a number outside the scope says "not found".
    other_id = query(world, "select id from numbers where msisdn = ?", OTHER)[0][0]
    button = next(b for b in msg.inline_buttons if "947-95-80" in b["text"])
    forged = re.sub(r"\d+$", str(other_id), button["callback_data"])
    assert forged != button["callback_data"]
    await fake.click_data(manager, msg, forged)
    card = await fake.wait_text(manager, "Номер не найден")
    assert "Михайлович" not in card.text
    # Ticking a forged id and adding it adds nothing.
    await fake.click(manager, card, "◀️ Назад")
    msg = await fake.wait_message(
        manager,
        lambda m: "Иванов Иван Ольгович" in m.text and any("947-95-80" in b for b in m.buttons),
    )
    await fake.click(manager, msg, "☑️ Отметить несколько")
    await fake.wait_changed(msg)
    tick = next(b for b in msg.inline_buttons if "947-95-80" in b["text"])
    await fake.click_data(manager, msg, re.sub(r"\d+$", str(other_id), tick["callback_data"]))
    await fake.wait_message(manager, lambda m: any("отмеченные (1)" in b for b in m.buttons))
    await fake.click(manager, msg, re.compile("Добавить отмеченные"))
    await fake.wait_text(manager, "Добавлено 0 номеров")

    # An employee's home is their own number; typing another one shows nothing of it.
    employee = world.user("Иван")
    add_employee(world, employee.id, SEED)
    await fake.send_command(employee, "/start")
    await fake.wait_text(employee, "947-95-80")
    await fake.send_message(employee, OTHER)
    await fake.send_message(employee, "Иванов")
    await fake.send_command(employee, "/menu")
    await fake.wait_text(employee, "Расходы в этом месяце")
    assert not any("947-96-89" in m.content for m in fake.messages(employee))

    # Hierarchy: only their own subtree is there.
    await fake.send_command(manager, "/menu")
    menu = await fake.wait_text(manager, "Виртуальный менеджер")
    await fake.click(manager, menu, "📱 Номера")
    await fake.wait_text(manager, "Введите фамилию")
    await fake.click(manager, menu, "🏢 Структура компании")
    tree = await fake.wait_text(manager, "Структура компании")
    assert [b for b in tree.buttons if "Продажи" in b or "Отдел" in b] == ["▫️ Продажи Сибирь"]
    await settle(world)


async def test_build_save_and_reuse_a_selection(world: World) -> None:
    fake, owner = world.fake, world.owner
    await open_menu(world, owner)
    msg = await search(world, owner, "Иванов Иван", "947-95-80 Иванов И. О.")
    await fake.click(owner, msg, "☑️ Отметить несколько")
    await fake.wait_changed(msg)
    await fake.click(owner, msg, re.compile("947-95-80"))
    await fake.wait_changed(msg)
    await fake.click(owner, msg, re.compile("947-96-89"))
    await fake.wait_message(owner, lambda m: any("отмеченные (2)" in b for b in m.buttons))
    await fake.click(owner, msg, re.compile("Добавить отмеченные"))
    await fake.wait_text(owner, "Выбрано: 2 номера, 2 ЛС, 1 контракт")

    await fake.click(owner, msg, "🧺 Выборка")
    sel = await fake.wait_text(owner, "Текущая выборка")
    assert "в одном контракте" in sel.text
    if (ROOT / "handlers" / "operations" / "states.py").exists():
        await fake.click(owner, sel, "⚙️ Операции")
        ops = await fake.wait_text(owner, "Выберите операцию")
        assert "2 номера" in ops.text
        await fake.click(owner, ops, "✖️ Отмена")
        sel = await fake.wait_text(owner, "Текущая выборка")
    # Text typed under the selection is a search too; Back returns to the selection.
    found = await search(world, owner, "947-95-80", "Иванов И. О.")
    await fake.click(owner, found, "◀️ Назад")
    sel = await fake.wait_text(owner, "Текущая выборка")
    await fake.click(owner, sel, "💾 Сохранить")
    await fake.wait_text(owner, "название")
    await fake.send_message(owner, "Ивановы")
    sel = await fake.wait_text(owner, "сохранена как «Ивановы»")

    # Export: a real XLSX with the two numbers.
    qid = await fake.click(owner, sel, "📤 Выгрузить XLSX")
    assert (await fake.wait_callback_answer(qid))["text"] == "Готовлю файл…"
    doc = await fake.wait_message(owner, lambda m: m.file is not None)
    rows = list(
        load_workbook(io.BytesIO(fake.file_bytes(doc)), read_only=True)
        .worksheets[0]
        .iter_rows(values_only=True)
    )
    assert rows[0][0] == "Абонентский номер" and len(rows) == 3
    assert {r[0] for r in rows[1:]} == {"+7 (913) 947-95-80", "+7 (913) 947-96-89"}
    assert "upload_document" in fake.chat_actions(owner)

    sel = await fake.wait_text(owner, "Текущая выборка")
    await fake.click(owner, sel, "🗑 Очистить")
    await fake.wait_text(owner, "Очистить текущую выборку?")
    await fake.click(owner, sel, "🗑 Да, очистить")
    await fake.wait_text(owner, "Выборка пуста")

    await fake.click(owner, sel, "📚 Все выборки")
    await fake.wait_text(owner, "Все выборки")
    await fake.click(owner, sel, "Ивановы · 2")
    await fake.wait_text(owner, "Выборка «Ивановы»")
    await fake.click(owner, sel, "✏️ Переименовать")
    await fake.wait_text(owner, "новое название")
    await fake.send_message(owner, "Два Иванова")
    sel = await fake.wait_text(owner, "Выборка переименована")
    await fake.click(owner, sel, "✅ Сделать текущей")
    sel = await fake.wait_text(owner, "Выборка загружена в текущую: 2 номера")
    assert "Выбрано: 2 номера, 2 ЛС, 1 контракт" in sel.text

    # Filters add whole groups: every blocked number of the company.
    blocked = query(world, "select count(*) from numbers where status = 'blocked'")[0][0]
    await fake.click(owner, sel, "🔽 Добавить по фильтру")
    await fake.wait_text(owner, "Добавить номера по фильтру")
    await fake.click(owner, sel, "Заблокированные")
    sel = await fake.wait_text(owner, re.compile(rf"Добавлен\w* {blocked} номер"))
    assert "нескольких контрактов" in sel.text
    await settle(world)


async def test_load_a_file_with_good_and_bad_rows_and_bad_files(world: World) -> None:
    fake, owner = world.fake, world.owner
    await open_menu(world, owner)
    data = xlsx(
        [
            ["ФИО", "Телефон"],
            ["a", "+7 (913) 947-95-80"],
            ["b", 89139479689],
            ["c", "9990000000"],
            ["d", "не номер"],
            ["e", "8 913 947 95 80"],
        ]
    )
    await fake.send_document(owner, data, "list.xlsx")
    confirm = await fake.wait_text(owner, "Файл «list.xlsx»")
    qid = await fake.click(owner, confirm, "🔄 Заменить")
    assert (await fake.wait_callback_answer(qid))["text"] == "Читаю файл…"
    report = await fake.wait_text(owner, "Файл прочитан")
    assert "найдено 2 номера" in report.text
    assert "строка 4: 9990000000 — не найден" in report.text
    assert "строка 5: не номер — неверный формат" in report.text
    assert "строка 6: 8 913 947 95 80 — повтор" in report.text
    assert "Выбрано: 2 номера, 2 ЛС, 1 контракт" in report.text

    # A long list of bad rows comes as an XLSX of its own.
    many = "\n".join(["+79139479580", *[f"+7999{i:07d}" for i in range(30)]])
    await fake.send_document(owner, many.encode(), "many.csv", "text/csv")
    confirm = await fake.wait_text(owner, "Файл «many.csv»")
    await fake.click(owner, confirm, "➕ Добавить")
    report = await fake.wait_text(owner, "Файл прочитан")
    assert "полный список в файле" in report.text
    doc = await fake.wait_message(
        owner, lambda m: m.file is not None and "не-взятые" in (m.file.filename or "")
    )
    rows = list(
        load_workbook(io.BytesIO(fake.file_bytes(doc)), read_only=True)
        .worksheets[0]
        .iter_rows(values_only=True)
    )
    assert len(rows) == 31 and rows[1][2] == "не найден"

    before = query(world, "select count(*) from selection_items")[0][0]
    buf = io.StringIO()
    writer = csv.writer(buf)
    for i in range(200_000):
        writer.writerow([f"+7913{i:07d}"])
    bad = [
        (b"\x89PNG....", "photo.png", "image/png", "нужен XLSX или CSV"),
        (b"", "empty.csv", "text/csv", "Файл пустой"),
        (b"PK\x03\x04 not really a workbook", "broken.xlsx", None, "Файл не читается"),
        (buf.getvalue().encode(), "huge.csv", "text/csv", "больше 100"),
        (b"x" * (20 * 1024 * 1024 + 1), "big.xlsx", None, "больше 20 МБ"),
        # Hostile files (issue 15): malformed XML inside a valid zip, a far-off column, and
        # one 20 MB line; each gets one sentence and a way on.
        (workbook("<worksheet><sheetData><row>"), "malformed.xlsx", None, "Файл не читается"),
        (far_column_file(), "far.xlsx", None, "шире 256 столбцов"),
        (b"1;" * (10 * 1024 * 1024 - 8), "line.csv", "text/csv", "строка длиннее"),
    ]
    for payload, name, mime, sentence in bad:
        await fake.send_document(owner, payload, name, mime)
        msg = await fake.wait_text(owner, re.compile(f"{re.escape(sentence)}|Файл «"))
        if "Файл «" in msg.text and sentence not in msg.text:
            await fake.click(owner, msg, "🔄 Заменить")
            msg = await fake.wait_text(owner, sentence)
        assert "Выборка не изменилась" in msg.text, name
        if name in ("malformed.xlsx", "far.xlsx", "line.csv"):
            assert "🏠 Меню" in msg.buttons, name
    assert query(world, "select count(*) from selection_items")[0][0] == before
    await settle(world)
