"""Two companies in one database: every handler that takes an id, given the other company's
id, refuses — the other company's data never shows — and leaves an audit line (a log line
and a history row) for each refusal."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from storage.models import (
    Account,
    Appeal,
    ApprovalRequest,
    Company,
    Contract,
    Department,
    Grant,
    History,
    Number,
    Operation,
    PlanKind,
    PlannedItem,
    Role,
    ScopeKind,
    Selection,
    SelectionItem,
    Tariff,
    User,
)
from tests.hostile import Driver, add_people, build_template, running

SEP = "\x1d"
SECRET = "Секрет-Бета"


async def second_company(driver: Driver) -> dict[str, int]:
    """Company «Бета»: a contract, an account, a department, a number, a user with a role,
    a saved selection, and a pending request — every kind of id a handler takes."""
    async with driver.app.db.transaction() as s:
        tariff = await s.scalar(select(Tariff.id).order_by(Tariff.id))
        company = Company(name=SECRET)
        s.add(company)
        await s.flush()
        contract = Contract(
            company_id=company.id,
            number="990000000001",
            name=SECRET,
            region=SECRET,
            timezone="Europe/Moscow",
        )
        s.add(contract)
        await s.flush()
        account = Account(
            company_id=company.id, contract_id=contract.id, number="990000000011", name=SECRET
        )
        dept = Department(company_id=company.id, name=SECRET, path="/")
        s.add_all([account, dept])
        await s.flush()
        dept.path = f"/{dept.id}/"
        number = Number(
            company_id=company.id,
            contract_id=contract.id,
            account_id=account.id,
            department_id=dept.id,
            tariff_id=tariff,
            msisdn="+79990001122",
            msisdn_rev="22110009997",
            iccid="8970199000000000001",
            iccid_rev="1000000000009910798",
            holder_name=SECRET,
            holder_search=SECRET.lower(),
        )
        role = Role(company_id=company.id, code="viewer", name=SECRET, permissions={"*": "perform"})
        user = User(tg_id=990_000_001, full_name=SECRET, company_id=company.id)
        s.add_all([number, role, user])
        await s.flush()
        grant = Grant(user_id=user.id, role_id=role.id, scope=ScopeKind.COMPANY)
        selection = Selection(user_id=user.id, company_id=company.id, name=SECRET)
        op = Operation(company_id=company.id, user_id=user.id, code="services_on", total=1)
        s.add_all([grant, selection, op])
        await s.flush()
        s.add(SelectionItem(selection_id=selection.id, number_id=number.id))
        request = ApprovalRequest(
            company_id=company.id,
            operation_id=op.id,
            requester_id=user.id,
            reason=SECRET,
            expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=1),
        )
        planned = PlannedItem(
            company_id=company.id,
            kind=PlanKind.SERVICE_OFF,
            timezone="Europe/Moscow",
            next_run_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=1),
            payload={"name": SECRET},
            created_by=user.id,
        )
        appeal = Appeal(company_id=company.id, user_id=user.id, subject=SECRET, text=SECRET)
        s.add_all([request, planned, appeal])
        await s.flush()
        return {
            "planned": planned.id,
            "appeal": appeal.id,
            "contract": contract.id,
            "account": account.id,
            "department": dept.id,
            "number": number.id,
            "role": role.id,
            "user": user.id,
            "grant": grant.id,
            "selection": selection.id,
            "request": request.id,
        }


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cross") / "template.sqlite3"
    asyncio.run(build_template(path, numbers=12))
    return path


async def open_workplace(driver: Driver, who: Any, title: str) -> Any:
    await driver.send(who, "/menu")
    menu = driver.last_with_buttons(who)
    data = next(b["callback_data"] for b in menu.inline_buttons if title in b["text"])
    await driver.click(who, menu, data)
    return driver.last_with_buttons(who)


def intent_of(message: Any) -> str:
    return next(
        b["callback_data"].split(SEP)[0]
        for b in message.inline_buttons
        if SEP in b.get("callback_data", "")
    )


async def press(driver: Driver, who: Any, path: list[str], forged: str) -> None:
    """Walk the visible buttons along `path` (texts), then press forged widget data there."""
    screen = await open_workplace(driver, who, path[0])
    for step in path[1:]:
        data = next(b["callback_data"] for b in screen.inline_buttons if step in b["text"])
        await driver.click(who, screen, data)
        screen = driver.last_with_buttons(who)
    qid = await driver.click(who, screen, f"{intent_of(screen)}{SEP}{forged}")
    assert driver.fake.callback_answer(qid) is not None


async def test_the_other_company_ids_are_refused_and_audited(
    tmp_path: Path, template: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="audit")
    async with running(tmp_path, template) as driver:
        people = await add_people(driver.app)
        beta = await second_company(driver)
        owner = people["owner"].tg
        tries: list[tuple[str, list[str], str]] = [
            ("contract", ["Номера", "Контракты и"], f"con:{beta['contract']}"),
            ("account", ["Номера", "Только лицевые"], f"acc:{beta['account']}"),
            ("department", ["Номера", "Структура"], f"dep:{beta['department']}"),
            ("selection", ["Номера", "Все выборки"], f"saved:{beta['selection']}"),
            ("user", ["Пользователи и роли", "👤 Пользователи"], f"u:{beta['user']}"),
            ("role", ["Пользователи и роли", "Роли"], f"r:{beta['role']}"),
            ("request", ["Согласования"], f"req:{beta['request']}"),
            ("planned", ["Запланированное"], f"it:{beta['planned']}"),
            ("appeal", ["Обращения"], f"appeal:{beta['appeal']}"),
            ("department", ["Бюджет", "Лимиты отделов"], f"dept:{beta['department']}"),
        ]
        expected = []
        for what, path, forged in tries:
            await press(driver, owner, path, forged)
            expected.append(what)
        # An approval card's buttons with the other company's request id.
        from handlers.approvals.callbacks import ApprovalCb

        card = driver.fake.last_message(owner)
        for act in ("ok", "no", "i"):
            await driver.click(owner, card, ApprovalCb(act=act, id=beta["request"]).pack())
            expected.append("request")
        # The number card opened with the other company's number id (a list's item).
        await driver.send(owner, "9000")
        listing = driver.last_with_buttons(owner)
        await driver.click(owner, listing, f"{intent_of(listing)}{SEP}num:{beta['number']}")

        shown = "\n".join(m.content for m in driver.fake.messages(owner))
        shown += str([m.buttons for m in driver.fake.messages(owner)])
        assert SECRET not in shown and "+7 (999) 000-11-22" not in shown
        async with driver.app.db.session() as s:
            rows = list(await s.scalars(select(History).where(History.action == "access.refused")))
            foreign = await s.scalar(
                select(func.count()).select_from(History).where(History.company_id != 1)
            )
        got = [r.details["what"] for r in rows]
        for what in expected:
            assert what in got, (what, got)
        assert len(got) >= len(expected)
        assert got.count("department") >= 2  # the structure's and the budget's
        assert all(r.user_id == people["owner"].user_id for r in rows)
        assert foreign == 0  # nothing was recorded in the other company's history
        assert caplog.text.count("refused: user=") >= len(expected)
