"""Usage accrual figures on the 50,000-number demo holding (SQLite).

    /work/venv/bin/python bench/bench_accrual.py [--numbers 50000] [--db PATH]

Prints the time of one accrual tick (a minute of usage billed for every active number,
and a tick that crosses midnight: two days' statements) and of the month's first tick
(rates refreshed, subscriptions and services billed), each with a ratio against a
baseline measured in the same run: reading the month's spending per number once (what
the limit check does after every tick).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from services.operator.accrual import Accrual  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import Charge, Number, NumberStatus  # noqa: E402

TODAY = dt.date(2026, 11, 20)


async def build(path: Path, numbers: int) -> None:
    from storage import demo

    db = Database(f"sqlite+aiosqlite:///{path}")
    await upgrade(db.engine)
    if await demo.is_empty(db):
        started = time.perf_counter()
        await demo.generate(db, numbers=numbers, months=2, seed=7, today=TODAY)
        print(f"demo holding: {numbers} numbers built in {time.perf_counter() - started:.1f} s")
    await db.close()


async def ms(fn) -> float:
    t = time.perf_counter()
    await fn()
    return (time.perf_counter() - t) * 1000


async def main(path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{path}")
    async with db.session() as s:
        active = await s.scalar(
            select(func.count()).select_from(Number).where(Number.status == NumberStatus.ACTIVE)
        )
    month = TODAY.replace(day=1)

    async def baseline() -> None:
        async with db.session() as s:
            await s.execute(
                select(Charge.number_id, func.sum(Charge.amount))
                .where(Charge.date >= month)
                .group_by(Charge.number_id)
            )

    await baseline()
    base = statistics.median([await ms(baseline) for _ in range(5)])
    print(f"\n{active} active numbers; baseline, the month's spending per number: {base:.0f} ms")

    start = dt.datetime.combine(TODAY, dt.time(9), dt.UTC)
    accrual = Accrual(db)
    first = await ms(lambda: accrual.tick(start))
    print(f"first tick (rates for the month taken from last month): {first:.0f} ms")
    ticks = []
    for minute in range(1, 11):
        ticks.append(await ms(lambda m=minute: accrual.tick(start + dt.timedelta(minutes=m))))
    tick = statistics.median(ticks)
    print(f"a minute's tick, median of 10: {tick:.0f} ms  ratio {tick / base:.2f}x baseline")
    before_midnight = dt.datetime.combine(TODAY, dt.time(23, 59), dt.UTC)
    await accrual.tick(before_midnight)
    across = await ms(lambda: accrual.tick(before_midnight + dt.timedelta(minutes=2)))
    print(f"a tick across midnight (two days): {across:.0f} ms  ratio {across / base:.2f}x")
    next_month = dt.datetime.combine(dt.date(2026, 12, 1), dt.time(0, 1), dt.UTC)
    await accrual.tick(dt.datetime.combine(dt.date(2026, 11, 30), dt.time(23, 59), dt.UTC))
    new_month = await ms(lambda: accrual.tick(next_month))
    print(
        f"the month's first tick (rates, subscriptions, services): {new_month:.0f} ms  "
        f"ratio {new_month / base:.2f}x"
    )
    async with db.session() as s:
        rows = await s.scalar(select(func.count()).select_from(Charge).where(Charge.date >= month))
    print(f"charges rows since {month}: {rows} (one per number, day and category)")
    await db.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--numbers", type=int, default=50_000)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    path = args.db or Path(tempfile.mkdtemp()) / "accrual.sqlite3"
    asyncio.run(build(path, args.numbers))
    asyncio.run(main(path))
