"""Reports on the 50,000-number demo holding with 12 months of history.

- the charges report (by category, by contract) over a 10,000-number selection × 12 months,
  with its three charts: < 3 s; the baseline, measured in the same run, is the bare SQL
  aggregate over the same numbers and months (one SUM): the ratio says what the report's
  grouping, its second and third queries and the rendering add;
- one chart: < 300 ms;
- the full 50,000-row XLSX (the numbers report of the whole company): < 15 s, < 500 MB.

Run: .venv/bin/python bench/bench_reports.py [--numbers 50000] [--postgres]
(--postgres: the same on the PostgreSQL of TEST_PG_URL, in a throw-away schema)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import os
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, select

from locales import translator
from services.access import Principal, ScopedGrant
from services.periods import Period, PeriodKind
from services.reports import Grouping, ReportCode, ReportRequest, ReportService
from services.reports import queries as q
from services.reports.draw import render as render_chart
from services.reports.render import chart_texts
from services.reports.scope import ReportScope
from services.users import DEFAULT_ROLES
from storage import demo
from storage.db import Database
from storage.migrate import upgrade
from storage.models import Number, ScopeKind, Selection, SelectionItem, User

PG_URL = os.environ.get("TEST_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
TODAY = dt.date(2026, 11, 15)
SELECTED = 10_000


@contextlib.asynccontextmanager
async def database(postgres: bool, url: str | None = None) -> AsyncIterator[Database]:
    if url:  # an existing demo database (python -m bot demo --numbers 50000)
        db = Database(url)
        yield db
        await db.close()
        return
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


@contextlib.contextmanager
def peak_rss() -> Iterator[list[int]]:
    """Samples the process's resident memory every 10 ms; yields [peak bytes]."""
    proc = psutil.Process()
    peak = [proc.memory_info().rss]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], proc.memory_info().rss)
            stop.wait(0.01)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    try:
        yield peak
    finally:
        stop.set()
        t.join()


async def main(numbers: int, postgres: bool, url: str | None) -> int:
    today = dt.date.today() if url else TODAY
    async with database(postgres, url) as db:
        await upgrade(db.engine)
        if not url:
            started = time.perf_counter()
            await demo.generate(db, numbers=numbers, months=12, seed=7, today=TODAY)
            spent = time.perf_counter() - started
            print(f"demo: {numbers:,} numbers × 12 months in {spent:.1f} s")
        async with db.transaction() as s:
            user = User(tg_id=-uuid.uuid4().int % 10**9, full_name="Bench", company_id=1)
            s.add(user)
            await s.flush()
            sel = Selection(user_id=user.id, company_id=1, is_current=True)
            s.add(sel)
            await s.flush()
            ids = list(await s.scalars(select(Number.id).order_by(Number.id).limit(SELECTED)))
            await s.execute(
                insert(SelectionItem), [{"selection_id": sel.id, "number_id": i} for i in ids]
            )
        grant = ScopedGrant("owner", DEFAULT_ROLES["owner"], ScopeKind.COMPANY)
        owner = Principal(user.id, 1, 1, "ru", "Bench", (grant,))
        service = ReportService(db)
        year = Period.preset(PeriodKind.LAST_12_MONTHS, today)
        req = ReportRequest(ReportCode.CATEGORIES, year, Grouping.CONTRACT, True, today)

        scope = ReportScope.of(owner, sel.id, sqlite=db.is_sqlite)
        async with db.session() as s:  # warm the caches both ways alike
            await q.charges_total(s, scope, year)
        t0, c0 = time.perf_counter(), time.process_time()
        async with db.session() as s:
            total = await q.charges_total(s, scope, year)
        bare, bare_cpu = time.perf_counter() - t0, time.process_time() - c0

        t0, c0 = time.perf_counter(), time.process_time()
        data = await service.build(owner, req)
        built, built_cpu = time.perf_counter() - t0, time.process_time() - c0
        files = await service.render(owner, data, True)
        full, full_cpu = time.perf_counter() - t0, time.process_time() - c0
        assert data.totals["total"] == total, "the report and the bare aggregate disagree"
        print(
            f"charges report, {SELECTED:,} numbers × 12 months: {full * 1000:.0f} ms "
            f"(SQL {built * 1000:.0f} ms + {len(files.charts)} charts "
            f"{(full - built) * 1000:.0f} ms); bare SUM {bare * 1000:.0f} ms; "
            f"ratio {full / bare:.1f}x"
        )
        print(
            f"  CPU time: report {full_cpu * 1000:.0f} ms (SQL {built_cpu * 1000:.0f} ms), "
            f"bare SUM {bare_cpu * 1000:.0f} ms; ratio {full_cpu / max(bare_cpu, 1e-3):.1f}x"
        )

        chart = data.charts[1]
        texts = chart_texts(data, chart, translator("ru"))
        times = []
        cpu = []
        for _ in range(3):
            t0, c0 = time.perf_counter(), time.process_time()
            png = render_chart(chart, texts)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        print(
            f"one chart (monthly, stacked): {min(times) * 1000:.0f} ms "
            f"(CPU {min(cpu) * 1000:.0f} ms), {len(png):,} bytes"
        )

        rss0 = psutil.Process().memory_info().rss
        t0, c0 = time.perf_counter(), time.process_time()
        with peak_rss() as peak:
            req = ReportRequest(ReportCode.NUMBERS, year, Grouping.NUMBER, False, today)
            data = await service.build(owner, req)
            queried = time.process_time() - c0
            content = await service.workbook(owner, data, False)
        spent, spent_cpu = time.perf_counter() - t0, time.process_time() - c0
        print(
            f"XLSX of {len(data.rows):,} rows: {spent:.1f} s (CPU {spent_cpu:.1f} s, of it "
            f"SQL {queried:.1f} s), {len(content) / 1e6:.1f} MB file, "
            f"peak RSS {peak[0] / 2**20:.0f} MB (+{(peak[0] - rss0) / 2**20:.0f} MB)"
        )
        ok = full < 3 and min(times) < 0.3 and spent < 15 and peak[0] < 500 * 2**20
        load = os.getloadavg()[0]
        print(("within targets" if ok else "OUT OF TARGET") + f" (load average {load:.1f})")
        return 0 if ok else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--numbers", type=int, default=50_000)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--database", help="reuse this demo database instead of building one")
    args = parser.parse_args()
    raise SystemExit(asyncio.run(main(args.numbers, args.postgres, args.database)))
