"""The scale-out configuration: PostgreSQL, Redis FSM storage and webhook mode, with only
settings changed. Dialog state lives in Redis and survives a restart."""

from __future__ import annotations

import socket
import uuid
from pathlib import Path

import pytest

from tests.conftest import PG_URL, _pg_available
from tests.e2e.conftest import OWNER_ID
from tests.e2e.harness import WAIT_SECONDS, BotProcess, FakeTelegram, User, assert_no_api_errors

REDIS_URL = "redis://127.0.0.1:6379/7"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _redis_available() -> bool:
    import redis.asyncio as redis

    client = redis.from_url(REDIS_URL)
    try:
        return bool(await client.ping())
    except (OSError, redis.RedisError):
        return False
    finally:
        await client.aclose()


async def test_postgres_redis_webhook(tmp_path: Path) -> None:
    if not await _pg_available():
        pytest.skip(f"no PostgreSQL answers at {PG_URL}")
    if not await _redis_available():
        pytest.skip(f"no Redis answers at {REDIS_URL}")
    import asyncpg

    name = f"vm_e2e_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(PG_URL.replace("+asyncpg", ""))
    await admin.execute(f"CREATE DATABASE {name}")
    port = _free_port()
    prefix = f"t{uuid.uuid4().hex[:8]}"  # other test runs may share this Redis
    try:
        async with FakeTelegram(default_timeout=WAIT_SECONDS) as fake:
            bot = BotProcess(
                fake,
                tmp_path,
                env={
                    "ADMIN_IDS": str(OWNER_ID),
                    "DATABASE_URL": PG_URL.rsplit("/", 1)[0] + f"/{name}",
                    "REDIS_URL": REDIS_URL,
                    "REDIS_PREFIX": prefix,
                    "DEMO_DATA": "1",
                    "DEMO_NUMBERS": "60",
                    "WEBHOOK_URL": f"http://127.0.0.1:{port}/tg/hook",
                    "WEBHOOK_HOST": "127.0.0.1",
                    "WEBHOOK_PORT": str(port),
                    "WEBHOOK_SECRET": "s3cret",
                },
            )
            await bot.start()
            try:
                assert fake.webhook is not None
                owner = User(id=OWNER_ID, first_name="Ольга", language_code="ru")
                await fake.send_command(owner, "/start")
                menu = await fake.wait_text(owner, "Виртуальный менеджер")
                await fake.click(owner, menu, "👥 Пользователи и роли")
                await fake.click(
                    owner, await fake.wait_text(owner, "Пригласите"), "➕ Пригласить пользователя"
                )
                await fake.click(owner, await fake.wait_text(owner, "Выберите роль"), "аудитор")
                await fake.wait_text(owner, "Какие номера")

                await bot.restart()

                await fake.click(owner, menu, "Вся компания")
                await fake.wait_text(owner, "Сколько действует")
            finally:
                await bot.stop()
            assert_no_api_errors(fake)
            bot.assert_no_tracebacks()
        assert any(b"aiogd:stack" in k for k in await _redis_keys(prefix))
        db = await asyncpg.connect(PG_URL.replace("+asyncpg", "").rsplit("/", 1)[0] + f"/{name}")
        try:
            assert await db.fetchval("select count(*) from numbers") == 60
            assert await db.fetchval("select name from companies") == "ООО «Ромашка»"
        finally:
            await db.close()
    finally:
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await admin.close()


async def _redis_keys(prefix: str) -> list[bytes]:
    """The run's keys, removed once read."""
    import redis.asyncio as redis

    client = redis.from_url(REDIS_URL)
    try:
        keys = await client.keys(f"{prefix}:*")
        if keys:
            await client.delete(*keys)
        return keys
    finally:
        await client.aclose()
