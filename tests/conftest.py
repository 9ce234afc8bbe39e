"""Shared fixtures: a migrated database on SQLite and on the PostgreSQL of this machine.

Each test gets a fresh database, set up from one template migrated once per test session
(per xdist worker) instead of a migration per test: on SQLite a copy of the migrated file, on
PostgreSQL a schema of its own created by replaying the migrated template schema's DDL (as
pg_dump prints it) in one round trip. CREATE DATABASE ... TEMPLATE is quicker to create but
DROP DATABASE forces a checkpoint of the whole cluster, seconds each on a busy server.
A PostgreSQL schema a test is done with is emptied (every row deleted, every sequence back
at its start: milliseconds) and handed to the next test of the worker, instead of dropped
and created again (about a second a test on a busy machine).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from storage.db import Database  # noqa: E402
from storage.migrate import upgrade  # noqa: E402

T = TypeVar("T")
PG_URL = os.environ.get("TEST_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")


async def _pg_available() -> bool:
    import asyncpg

    try:
        conn = await asyncpg.connect(PG_URL.replace("+asyncpg", ""), timeout=3)
    except (OSError, asyncpg.PostgresError, TimeoutError):
        return False
    await conn.close()
    return True


def _run(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to the end from sync code, even while a test's loop is running (a
    session fixture first requested from inside an async fixture)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


async def _migrate(url: str, schema: str | None = None) -> None:
    database = Database(url, schema=schema)
    try:
        await upgrade(database.engine)
    finally:
        await database.close()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated once; tests get copies of it."""
    path = tmp_path_factory.mktemp("template") / "migrated.sqlite3"
    _run(_migrate(f"sqlite+aiosqlite:///{path}"))
    return path


def _sqlite_copy(template: Path, target: Path) -> Database:
    for suffix in ("", "-wal", "-shm"):
        source = template.with_name(template.name + suffix)
        if source.exists():
            shutil.copyfile(source, target.with_name(target.name + suffix))
    return Database(f"sqlite+aiosqlite:///{target}")


@dataclass(frozen=True)
class PgTemplate:
    schema: str
    ddl: str | None  # None when pg_dump is missing: each test migrates instead
    version: str
    tables: tuple[str, ...] = ()  # all but alembic_version
    sequences: tuple[tuple[str, int], ...] = ()  # name, start value
    free: list[str] = field(default_factory=list)  # emptied schemas, ready for a test

    def emptying(self, schema: str) -> str:
        """SQL that brings a schema built from this template back to as the DDL left it: no
        rows (foreign keys not checked: every table is emptied) and fresh sequences."""
        deletes = "".join(f'DELETE FROM {schema}."{t}";' for t in self.tables)
        restarts = "".join(
            f"""SELECT setval('{schema}."{name}"', {start}, false);"""
            for name, start in self.sequences
        )
        return (
            "SET lock_timeout = '10s'; SET session_replication_role = replica;"
            f"{deletes}{restarts}"
            "SET session_replication_role = DEFAULT; RESET lock_timeout;"
        )


def _dump_schema(schema: str) -> str | None:
    if shutil.which("pg_dump") is None:
        return None
    dsn = PG_URL.replace("+asyncpg", "")
    try:
        out = subprocess.run(
            ["pg_dump", "--schema-only", "--no-owner", "--no-privileges", "-n", schema, dsn],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    # psql meta-commands (\restrict) and the search_path reset are not SQL for the server.
    lines = [
        line
        for line in out.splitlines()
        if not line.startswith("\\") and "set_config('search_path'" not in line
    ]
    return "\n".join(lines).replace(f"CREATE SCHEMA {schema};", "")


@pytest.fixture(scope="session")
def pg_template() -> Iterator[PgTemplate | None]:
    """A schema migrated once per session, and its DDL; None when no PostgreSQL answers."""
    if not _run(_pg_available()):
        yield None
        return
    import asyncpg

    schema = f"tmpl_{uuid.uuid4().hex[:12]}"

    async def build() -> PgTemplate:
        admin = await asyncpg.connect(PG_URL.replace("+asyncpg", ""))
        try:
            await admin.execute(f"CREATE SCHEMA {schema}")
            await _migrate(PG_URL, schema)
            version = await admin.fetchval(f"SELECT version_num FROM {schema}.alembic_version")
            tables = await admin.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname = $1"
                " AND tablename <> 'alembic_version' ORDER BY tablename",
                schema,
            )
            sequences = await admin.fetch(
                "SELECT sequencename, start_value FROM pg_sequences WHERE schemaname = $1"
                " ORDER BY sequencename",
                schema,
            )
        finally:
            await admin.close()
        return PgTemplate(
            schema,
            _dump_schema(schema),
            str(version),
            tuple(r[0] for r in tables),
            tuple((r[0], int(r[1])) for r in sequences),
        )

    async def drop(template: PgTemplate) -> None:
        admin = await asyncpg.connect(PG_URL.replace("+asyncpg", ""))
        try:
            for name in (schema, *template.free):
                await admin.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")
        finally:
            await admin.close()

    template = _run(build())
    try:
        yield template
    finally:
        _run(drop(template))


@pytest.fixture(params=["sqlite", "postgresql"])
async def db(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> AsyncIterator[Database]:
    """A freshly migrated database; the storage-level suite runs on both backends."""
    if request.param == "sqlite":
        database = _sqlite_copy(sqlite_template, tmp_path / "test.sqlite3")
        yield database
        await database.close()
        return
    template: PgTemplate | None = request.getfixturevalue("pg_template")
    if template is None:
        pytest.skip(f"no PostgreSQL answers at {PG_URL}")
    import asyncpg

    admin = await asyncpg.connect(PG_URL.replace("+asyncpg", ""))
    reused = bool(template.free)
    schema = template.free.pop(0) if reused else f"t_{uuid.uuid4().hex[:12]}"
    database = Database(PG_URL, schema=schema)
    try:
        if not reused:
            await admin.execute(f"CREATE SCHEMA {schema}")
            if template.ddl is None:
                await upgrade(database.engine)
            else:
                await admin.execute(template.ddl.replace(template.schema, schema))
                await admin.execute(
                    f"INSERT INTO {schema}.alembic_version VALUES ($1)", template.version
                )
        yield database
    finally:
        await database.close()
        try:
            await admin.execute(template.emptying(schema))
            template.free.append(schema)
        except (asyncpg.PostgresError, OSError):  # held by something still running: drop it
            await admin.execute(f"DROP SCHEMA {schema} CASCADE")
        await admin.close()


@pytest.fixture
async def sqlite_db(tmp_path: Path, sqlite_template: Path) -> AsyncIterator[Database]:
    database = _sqlite_copy(sqlite_template, tmp_path / "test.sqlite3")
    yield database
    await database.close()


def run(coro):  # for the rare sync test that needs one async call
    return asyncio.run(coro)
