"""Names full of HTML reach every screen as text: every role walks every button it is shown
in a company where every name, holder, comment and role is hostile."""

from __future__ import annotations

import asyncio
import logging
import random
from pathlib import Path

import pytest

from tests.hostile import PERSON, ROLES, Walk, add_people, build_template, running

STEPS = 100


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "template.sqlite3"
    asyncio.run(build_template(path))
    return path


async def test_menu_of_a_user_named_lt(tmp_path: Path, template: Path) -> None:
    async with running(tmp_path, template) as driver:
        people = await add_people(driver.app)
        owner = people["owner"].tg
        owner.first_name, owner.last_name = "<", None
        await driver.send(owner, "/menu")
        menu = driver.fake.last_message(owner)
        assert menu is not None and "Виртуальный менеджер" in menu.content
        assert "<" in menu.content
        assert not driver.fake.errors


@pytest.mark.parametrize("role", [*ROLES, "custom"])
async def test_every_screen_shows_names_as_text(
    tmp_path: Path, template: Path, role: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR)
    async with running(tmp_path, template) as driver:
        people = await add_people(driver.app)
        who = people[role].tg
        walk = Walk(driver, who, random.Random(role))
        await driver.send(who, "/start")
        for _ in range(STEPS):
            since = len(driver.fake.requests)
            await walk.step(typed=["<b>Сохранённая</b> & <qa>", "9139", PERSON])
            walk.check_new(since)
        errors = [f"{r.method}: {r.description}" for r in driver.fake.errors if not r.injected]
        # Approvers in this world never opened the bot: their notifications find no chat.
        errors = [e for e in errors if not any(t in e for t in ("not modified", "chat not found"))]
        assert not errors, errors
        assert not walk.problems, sorted(set(walk.problems))[:20]
        assert not driver.fake.unanswered_callbacks()
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text[-3000:]
        assert len(walk.screens) >= 3, walk.screens
