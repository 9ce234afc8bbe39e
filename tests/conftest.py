"""Shared fixtures: a migrated database on SQLite and on the PostgreSQL of this machine."""

from __future__ import annotations

import asyncio
import os
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from storage.db import Database  # noqa: E402
from storage.migrate import upgrade  # noqa: E402

PG_URL = os.environ.get("TEST_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")


async def _pg_available() -> bool:
    import asyncpg

    try:
        conn = await asyncpg.connect(PG_URL.replace("+asyncpg", ""), timeout=3)
    except (OSError, asyncpg.PostgresError, TimeoutError):
        return False
    await conn.close()
    return True


@pytest.fixture(params=["sqlite", "postgresql"])
async def db(request: pytest.FixtureRequest, tmp_path: Path):
    """A freshly migrated database; the storage-level suite runs on both backends."""
    if request.param == "sqlite":
        database = Database(f"sqlite+aiosqlite:///{tmp_path}/test.sqlite3")
        await upgrade(database.engine)
        yield database
        await database.close()
        return
    if not await _pg_available():
        pytest.skip(f"no PostgreSQL answers at {PG_URL}")
    import asyncpg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(PG_URL.replace("+asyncpg", ""))
    await admin.execute(f"CREATE SCHEMA {schema}")
    database = Database(PG_URL, schema=schema)
    try:
        await upgrade(database.engine)
        yield database
    finally:
        await database.close()
        await admin.execute(f"DROP SCHEMA {schema} CASCADE")
        await admin.close()


@pytest.fixture
async def sqlite_db(tmp_path: Path):
    database = Database(f"sqlite+aiosqlite:///{tmp_path}/test.sqlite3")
    await upgrade(database.engine)
    yield database
    await database.close()


def run(coro):  # for the rare sync test that needs one async call
    return asyncio.run(coro)
