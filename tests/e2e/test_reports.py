"""Reports through the fake Bot API: an owner orders every report, a department manager sees
only their department's numbers, an accountant's charges and payments reconcile. Figures in
the XLSX are checked against sums computed here straight from the database."""

from __future__ import annotations

import datetime as dt
import io
import sqlite3
import struct

from openpyxl import load_workbook

from services.periods import Period, PeriodKind
from tests.e2e.conftest import World
from tests.e2e.test_numbers import db_path, open_menu, query, settle
from tests.fakeapi import User

LAST_MONTH = Period.preset(PeriodKind.LAST_MONTH, dt.datetime.now(dt.UTC).date())
TITLES = {
    "payments": "Начисления и платежи",
    "categories": "Начисления по категориям",
    "traffic": "Трафик",
    "numbers": "Номера",
    "promised": "Обещанные платежи",
    "balances": "Балансы",
    "unbilled": "Текущий месяц",
}


def add_person(world: World, tg_id: int, role: str, department: str | None = None) -> None:
    """Someone with a role over the company or over a department's subtree."""
    with sqlite3.connect(db_path(world)) as conn:
        (company,) = conn.execute("select id from companies order by id limit 1").fetchone()
        dept = None
        if department:
            (dept,) = conn.execute(
                "select id from departments where name = ?", (department,)
            ).fetchone()
        (role_id,) = conn.execute(
            "select id from roles where company_id = ? and code = ?", (company, role)
        ).fetchone()
        cur = conn.execute(
            "insert into users (tg_id, full_name, language, company_id, active, created_at) "
            "values (?, 'Тест', 'ru', ?, 1, '2026-11-01 00:00:00')",
            (tg_id, company),
        )
        conn.execute(
            "insert into grants (user_id, role_id, scope, department_id, created_at) "
            "values (?, ?, ?, ?, '2026-11-01 00:00:00')",
            (cur.lastrowid, role_id, "department" if dept else "company", dept),
        )


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


async def order(world: World, user: User, title: str, *choices: str) -> tuple[str, list[bytes]]:
    """Menu → Reports → the report → options → Build; returns the summary and the charts."""
    fake = world.fake
    await open_menu(world, user)
    menu = await fake.wait_text(user, "Виртуальный менеджер")
    await fake.click(user, menu, "📊 Отчёты")
    chooser = await fake.wait_text(user, "Выберите отчёт")
    await fake.click(user, chooser, title)
    options = await fake.wait_message(user, lambda m: "📊 Построить" in m.buttons)
    for choice in choices:
        await fake.click(user, options, choice)
        options = await fake.wait_message(
            user, lambda m, c=choice: any(c in b and "🔘" in b for b in m.buttons), include_old=True
        )
    before = len(fake.messages(user))
    await fake.click(user, options, "📊 Построить")
    summary = await fake.wait_text(user, "Охват:")
    assert "upload_photo" in fake.chat_actions(user)
    photos = [fake.file_bytes(m) for m in fake.messages(user)[before:] if m.kind == "photo"]
    return summary.content, photos


async def xlsx_of(world: World, user: User, summary_text: str) -> list[list[object]]:
    fake = world.fake
    summary = await fake.wait_text(user, summary_text, include_old=True)
    await fake.click(user, summary, "📥 Таблица XLSX")
    doc = await fake.wait_message(user, lambda m: m.kind == "document", what="an XLSX")
    ws = load_workbook(io.BytesIO(fake.file_bytes(doc))).active
    assert ws.freeze_panes == "A3"
    return [[c.value for c in row] for row in ws.iter_rows()]


def charges_sql(world: World, where: str = "1=1", *args: object) -> int:
    ((total,),) = query(
        world,
        "select coalesce(sum(c.amount), 0) from charges c join numbers n on n.id = c.number_id "
        f"where c.date >= ? and c.date <= ? and {where}",
        LAST_MONTH.start.isoformat(),
        LAST_MONTH.end.isoformat(),
        *args,
    )
    return int(total)


async def test_owner_orders_every_report(world: World) -> None:
    owner = world.owner
    for code, title in TITLES.items():
        text, photos = await order(world, owner, title)
        assert title in text
        assert photos, f"{code}: no chart"
        for png in photos:
            assert png_size(png)[0] == 1080
    rows = await xlsx_of(world, owner, TITLES["unbilled"])
    assert rows[-1][0] == "Итого"
    await settle(world)


async def test_owner_categories_totals_match_the_database(world: World) -> None:
    owner = world.owner
    text, photos = await order(world, owner, TITLES["categories"], "По отделам")
    assert "по отделам" in text
    assert len(photos) == 3
    rows = await xlsx_of(world, owner, "Всего начислено")
    header, body, total = rows[1], rows[2:-1], rows[-1]
    col = header.index("Всего начислено")
    expected = charges_sql(world)
    assert round(total[col] * 100) == expected
    assert round(sum(r[col] for r in body) * 100) == expected
    for name in ("Абонентская плата", "Звонки"):
        i = header.index(name)
        code = {"Абонентская плата": "subscription", "Звонки": "calls"}[name]
        assert round(total[i] * 100) == charges_sql(world, "c.category = ?", code)
    await settle(world)


async def test_manager_sees_only_the_department(world: World) -> None:
    manager = world.user("Пётр")
    add_person(world, manager.id, "manager", "Продажи Сибирь")
    text, photos = await order(world, manager, TITLES["numbers"])
    assert "номера вашего подразделения" in text
    assert photos
    rows = await xlsx_of(world, manager, "Расходы за период")
    body, total = rows[2:-1], rows[-1]
    mine = {
        m
        for (m,) in query(
            world,
            "select n.msisdn from numbers n join departments d on d.id = n.department_id "
            "where d.name = 'Продажи Сибирь'",
        )
    }
    assert {r[0] for r in body} == mine
    spend = charges_sql(
        world,
        "n.department_id = (select id from departments where name = 'Продажи Сибирь')",
    )
    assert round(total[-1] * 100) == spend
    # Account-level money is shown only for accounts wholly in the department: none here.
    text, _ = await order(world, manager, TITLES["balances"])
    assert "все номера которых входят в ваш охват" in text
    await settle(world)


async def test_accountant_charges_and_payments_reconcile(world: World) -> None:
    accountant = world.user("Анна")
    add_person(world, accountant.id, "accountant")
    text, photos = await order(world, accountant, TITLES["payments"])
    assert "Сходится" in text
    assert len(photos) == 2
    rows = await xlsx_of(world, accountant, "Сходится")
    header, body, total = rows[1], rows[2:-1], rows[-1]
    assert header[:6] == [
        "Лицевой счёт",
        "Название",
        "Входящий остаток",
        "Начислено",
        "Оплачено",
        "Исходящий остаток",
    ]
    for r in [*body, total]:
        opening, charged, paid, closing = (round(v * 100) for v in r[2:6])
        assert opening + paid - charged == closing
    assert round(total[3] * 100) == charges_sql(world)
    after = LAST_MONTH.end.isoformat()
    for account, _name, _o, _c, _p, closing in body[:5]:
        ((balance, paid_after, charged_after),) = query(
            world,
            "select a.balance, "
            "(select coalesce(sum(amount), 0) from payments where account_id = a.id and date > ?), "
            "(select coalesce(sum(amount), 0) from charges where account_id = a.id and date > ?) "
            "from accounts a where a.number = ?",
            after,
            after,
            account,
        )
        assert round(closing * 100) == balance - paid_after + charged_after
    await settle(world)


EMPTY = {
    "payments": "Нет лицевых счетов, все номера которых входят в ваш охват",
    "categories": "За этот период начислений нет.",
    "traffic": "За этот период трафика нет.",
    "numbers": "В охвате нет номеров.",
    "promised": "За этот период обещанных платежей не было.",
    "balances": "Нет лицевых счетов, все номера которых входят в ваш охват.",
    "unbilled": "С начала месяца начислений нет.",
}


async def every_report(world: World, user: User) -> dict[str, list[list[object]]]:
    """Orders each report; checks its charts are phone-wide PNGs and that its XLSX opens with
    a totals row. Returns the XLSX rows by report (a report with nothing in scope says so)."""
    fake = world.fake
    tables = {}
    for code, title in TITLES.items():
        text, photos = await order(world, user, title)
        assert title in text
        if not photos:
            assert EMPTY[code] in text, f"{code}: neither a chart nor a reason"
            continue
        for png in photos:
            assert png_size(png)[0] == 1080
        summary = next(m for m in reversed(fake.messages(user)) if "Охват:" in m.content)
        await fake.click(user, summary, "📥 Таблица XLSX")
        doc = await fake.wait_message(user, lambda m: m.kind == "document", what="an XLSX")
        ws = load_workbook(io.BytesIO(fake.file_bytes(doc))).active
        rows = [[c.value for c in row] for row in ws.iter_rows()]
        assert ws.freeze_panes == "A3" and rows[-1][0] == "Итого", code
        tables[code] = rows
    return tables


async def test_manager_and_accountant_open_every_report(world: World) -> None:
    manager, accountant = world.user("Пётр"), world.user("Анна")
    add_person(world, manager.id, "manager", "Продажи Сибирь")
    add_person(world, accountant.id, "accountant")
    mine = {
        m
        for (m,) in query(
            world,
            "select n.msisdn from numbers n join departments d on d.id = n.department_id "
            "where d.name = 'Продажи Сибирь'",
        )
    }
    theirs = await every_report(world, manager)
    assert {r[0] for r in theirs["numbers"][2:-1]} == mine  # the department, nothing else
    by_number = await every_report(world, accountant)
    assert len(by_number["numbers"]) - 3 > len(mine)  # the accountant sees the company
    await settle(world)
