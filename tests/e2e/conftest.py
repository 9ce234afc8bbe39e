"""End-to-end fixtures: one demo database built per test session, copied for each bot."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage import demo
from storage.db import Database
from storage.migrate import upgrade
from tests.e2e.harness import (
    DEMO_TODAY,
    WAIT_SECONDS,
    BotProcess,
    FakeTelegram,
    User,
    assert_no_api_errors,
    copy_database,
)

OWNER_ID = 777000001


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "demo.sqlite3"

    async def build() -> None:
        db = Database(f"sqlite+aiosqlite:///{path}")
        await upgrade(db.engine)
        await demo.generate(db, numbers=300, months=2, seed=7, today=DEMO_TODAY)
        async with db.engine.begin() as conn:  # one self-contained file to copy
            await conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        await db.close()

    asyncio.run(build())
    return path


class World:
    """The fake Telegram, the bot process, and the people of the scenario."""

    def __init__(self, fake: FakeTelegram, bot: BotProcess) -> None:
        self.fake = fake
        self.bot = bot
        self.owner = User(id=OWNER_ID, first_name="Ольга", last_name="Владелец", language_code="ru")

    def user(self, first_name: str = "Тест", **fields: object) -> User:
        return self.fake.new_user(first_name=first_name, language_code="ru", **fields)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "bot_env(**settings): environment of the `world` bot from its first start "
        "(e.g. a short ACCRUAL_INTERVAL_SECONDS), instead of a restart to change it",
    )


@pytest.fixture
async def world(
    request: pytest.FixtureRequest, tmp_path: Path, demo_template: Path
) -> AsyncIterator[World]:
    copy_database(demo_template, tmp_path)
    env = {"ADMIN_IDS": str(OWNER_ID)}
    for mark in reversed(list(request.node.iter_markers("bot_env"))):
        env.update({k: str(v) for k, v in mark.kwargs.items()})
    async with FakeTelegram(default_timeout=WAIT_SECONDS) as fake:
        bot = BotProcess(fake, tmp_path, env=env)
        await bot.start()
        try:
            yield World(fake, bot)
            # A scenario may end right after a press: let the bot finish answering it.
            await fake.wait_until(lambda: not fake.unanswered_callbacks())
        finally:
            await bot.stop()
        assert_no_api_errors(fake)
        bot.assert_no_tracebacks()
