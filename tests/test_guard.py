"""A hidden button is not a permission: the data of a button a window hides from a role does
what a forged id does — a refusal with an audit line (log and history), never the data."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
from sqlalchemy import select

from storage.models import History
from tests.hostile import add_people, build_template, running

SEP = "\x1d"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("guard") / "template.sqlite3"
    asyncio.run(build_template(path, numbers=12))
    return path


async def refusals(driver) -> list[History]:
    async with driver.app.db.session() as s:
        return list(await s.scalars(select(History).where(History.action == "access.refused")))


async def test_the_hidden_rules_button_refuses_an_employee(
    tmp_path: Path, template: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="audit")
    async with running(tmp_path, template) as driver:
        people = await add_people(driver.app)
        who = people["employee"].tg
        await driver.send(who, "/menu")
        menu = driver.last_with_buttons(who)
        await driver.click(
            who,
            menu,
            next(b["callback_data"] for b in menu.inline_buttons if "Мои запросы" in b["text"]),
        )
        screen = driver.last_with_buttons(who)
        assert "Правила" not in str(screen.buttons)
        intent = screen.inline_buttons[0]["callback_data"].split(SEP)[0]
        qid = await driver.click(who, screen, f"{intent}{SEP}rules")
        assert driver.fake.callback_answer(qid)["text"] == "Это действие вам недоступно."
        shown = "\n".join(m.content for m in driver.fake.messages(who))
        assert "Правила согласования" not in shown and "дороже 500" not in shown
        # Refused, the employee is back on their home: their number's card.
        assert "Расходы в этом месяце" in driver.fake.last_message(who).content
        rows = await refusals(driver)
        assert [r.details["what"] for r in rows] == ["admin"]
        assert rows[0].user_id == people["employee"].user_id
        assert f"refused: user={who.id}" in caplog.text


async def test_a_dialog_the_role_lacks_refuses_every_action(tmp_path: Path, template: Path) -> None:
    async with running(tmp_path, template) as driver:
        people = await add_people(driver.app)
        owner, viewer = people["owner"].tg, people["viewer"].tg
        await driver.send(owner, "/menu")
        menu = driver.last_with_buttons(owner)
        await driver.click(
            owner,
            menu,
            next(b["callback_data"] for b in menu.inline_buttons if "Пользователи" in b["text"]),
        )
        users_screen = driver.last_with_buttons(owner)
        # The owner loses the users permission while the dialog is open (access switched off
        # for the role): the buttons still on screen now do nothing but refuse.
        async with driver.app.db.transaction() as s:
            from storage.models import Grant, Role, User

            user = await s.scalar(select(User).where(User.tg_id == viewer.id))
            role = await s.scalar(
                select(Role).where(Role.code == "viewer", Role.company_id == user.company_id)
            )
            owner_user = await s.scalar(select(User).where(User.tg_id == owner.id))
            for g in await s.scalars(select(Grant).where(Grant.user_id == owner_user.id)):
                g.role_id = role.id
        qid = await driver.click(
            owner, users_screen, users_screen.inline_buttons[0]["callback_data"]
        )
        assert driver.fake.callback_answer(qid)["text"] == "Это действие вам недоступно."
        assert [r.details["what"] for r in await refusals(driver)] == ["users"]
