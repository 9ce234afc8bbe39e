"""Names full of HTML reach every screen as text: every role walks every button it is shown
in a company where every name, holder, comment and role is hostile."""

from __future__ import annotations

import asyncio
import logging
import random
from pathlib import Path

import pytest

from tests.hostile import (
    PERSON,
    ROLES,
    Walk,
    add_people,
    build_template,
    leftovers,
    open_path,
    running,
)

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


# The workplaces added last, each with a screen that shows names the company chose.
DEEP = [
    ("👥 Пользователи и роли", "👤 Пользователи", "<b>Зоя</b> & <qa> 🦄 · <b>роль"),
    ("👥 Пользователи и роли", "🎭 Роли", "<b>роль</b>"),
    ("👥 Пользователи и роли", "➕ Пригласить", "администратор", "🏢 Департамент"),
    ("👥 Пользователи и роли", "➕ Пригласить", "администратор", "🌐 Вся компания", "1 день"),
    ("👥 Пользователи и роли", "➕ Пригласить", "администратор", "🌐", "1 день", "📷"),
    ("💰 Бюджет", "🗂 Лимиты отделов", "<b>"),
]
NEWEST = (
    "🗓 Запланированное",
    "🔌 Отключение «<b>",  # a scheduled item's card
    "💰 Бюджет на",
    "🗂 Лимиты отделов",
    "📄 Финансовые документы",
    "Пользователи и роли",
    "Роль: <b>роль</b> & <qa>",
    "Выберите департамент или отдел",
    "Ссылка-приглашение готова",
)


async def test_every_screen_two_presses_deep_and_the_newest_deeper_show_names_as_text(
    tmp_path: Path, template: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The random walks above may miss a screen; this visits every screen the owner reaches
    in two presses from the menu, and the newest workplaces' deeper ones, in order."""
    caplog.set_level(logging.ERROR)
    async with running(tmp_path, template) as driver:
        owner = (await add_people(driver.app))["owner"].tg
        menu = await open_path(driver, owner, ())
        assert menu is not None
        first = [b["text"] for b in menu.inline_buttons if "English" not in b["text"]]
        paths: list[tuple[str, ...]] = [(t,) for t in first]
        for title in first:
            screen = await open_path(driver, owner, (title,))
            paths += [(title, b["text"]) for b in (screen.inline_buttons if screen else [])]
        titles, problems, photos = set(), [], 0
        for path in [*paths, *DEEP]:
            since = len(driver.fake.requests)
            await open_path(driver, owner, path)
            for req in driver.fake.requests[since:]:
                text = str(req.params.get("text") or req.params.get("caption") or "")
                photos += req.method == "sendPhoto"
                if req.method == "answerCallbackQuery":
                    problems += [f"{path}: alert {p}" for p in leftovers(text)]
            for msg in driver.fake.messages(owner)[-3:]:
                titles.add(msg.content.split("\n", 1)[0])
                problems += [f"{path}: {p} in {msg.content[:80]!r}" for p in leftovers(msg.content)]
                for b in msg.inline_buttons:
                    problems += [f"{path}: button {p}" for p in leftovers(b["text"])]
        assert not problems, problems[:10]
        missing = [t for t in NEWEST if not any(s.startswith(t) for s in titles)]
        assert not missing, (missing, sorted(titles))
        assert photos >= 1  # the invitation's QR code went out
        errors = [f"{r.method}: {r.description}" for r in driver.fake.errors if not r.injected]
        errors = [e for e in errors if not any(t in e for t in ("not modified", "chat not found"))]
        assert not errors, errors
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text[-3000:]
