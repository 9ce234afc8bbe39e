"""A 10 000-number group operation on SQLite: submit (validation, authorization, items
persisted) < 1 s, execution with zero operator delay < 10 s, memory < 300 MB.

The baseline, measured in the same run, is the bare cost of writing the same number of rows
with one executemany: the ratios say how much the pipeline adds to the database's floor.
Run: /tmp/venv/bin/python bench/bench_operations.py [numbers] [--postgres]
(--postgres: the same on the PostgreSQL of TEST_PG_URL, in a throw-away schema)
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, select

from services.events import EventBus, OperationProgress
from services.operations.executor import Executor
from services.operations.pipeline import Pipeline
from services.operator.simulator import Simulator
from services.users import UserService
from storage.db import Database
from storage.migrate import upgrade
from storage.models import History, Number
from tests import sandbox

PG_URL = os.environ.get("TEST_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")


@contextlib.asynccontextmanager
async def database(postgres: bool) -> AsyncIterator[Database]:
    if not postgres:
        with tempfile.TemporaryDirectory() as tmp:
            db = Database(f"sqlite+aiosqlite:///{tmp}/bench.sqlite3")
            yield db
            await db.close()
        return
    import asyncpg

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(PG_URL.replace("+asyncpg", ""))
    await admin.execute(f"CREATE SCHEMA {schema}")
    db = Database(PG_URL, schema=schema)
    try:
        yield db
    finally:
        await db.close()
        await admin.execute(f"DROP SCHEMA {schema} CASCADE")
        await admin.close()


async def main(n: int, postgres: bool) -> int:
    proc = psutil.Process()
    async with database(postgres) as db:
        await upgrade(db.engine)
        world = await sandbox.build(db, numbers=n)
        owner = await UserService(db).principal(world.owner_tg)
        async with db.session() as s:
            ids = list(await s.scalars(select(Number.id)))

        started = time.perf_counter()
        async with db.transaction() as s:
            await s.execute(
                insert(History),
                [
                    {
                        "company_id": world.company_id,
                        "action": "baseline",
                        "status": "done",
                        "number_id": i,
                        "details": {},
                    }
                    for i in ids
                ],
            )
        baseline = time.perf_counter() - started

        bus = EventBus()
        executor = Executor(db, Simulator(0), bus)
        pipeline = Pipeline(db, None)  # submit only; execution is timed on its own
        params = {"service_id": world.services["music"], "inform": ["sms"]}
        started = time.perf_counter()
        sub = await pipeline.submit(owner, "services_on", {"number_ids": ids}, params)
        submit = time.perf_counter() - started

        reports = []

        async def reporter(progress: OperationProgress) -> None:
            reports.append((time.perf_counter(), progress.done))

        bus.subscribe(OperationProgress, reporter)
        started = time.perf_counter()
        progress = await executor.run(sub.operation_id)
        execute = time.perf_counter() - started
        rss = proc.memory_info().rss / 2**20

    print(f"backend: {'PostgreSQL' if postgres else 'SQLite'}")
    print(
        f"numbers: {n}, operation status: {progress.status}, done {progress.done}, "
        f"failed {progress.failed}, progress reports: {len(reports)}"
    )
    print(f"baseline (one executemany of {n} rows): {baseline:.3f} s")
    print(f"submit:  {submit:.3f} s  (limit 1 s)   ratio to baseline {submit / baseline:.1f}x")
    print(f"execute: {execute:.3f} s  (limit 10 s)  ratio to baseline {execute / baseline:.1f}x")
    print(f"memory (RSS): {rss:.0f} MB (limit 300 MB)")
    ok = submit < 1 and execute < 10 and rss < 300 and progress.done == n
    print("OK" if ok else "OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    raise SystemExit(asyncio.run(main(int(args[0]) if args else 10_000, "--postgres" in sys.argv)))
