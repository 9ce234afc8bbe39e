"""Numbers workplace figures on the 50,000-number demo holding (SQLite).

    /tmp/venv/bin/python bench/bench_numbers.py [--numbers 50000] [--db PATH]

Prints: search latency by kind of key (p50/p95, target p95 < 50 ms), loading a 50,000-row
XLSX into the current selection (target < 10 s and < 300 MB, measured in a fresh process so
the demo build does not count), the summary of a 50,000-number selection (target < 200 ms).
Each figure comes with a ratio against a baseline measured in the same run: one indexed
lookup of a number by id (search, summary) and openpyxl merely reading the same file (load).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import io
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from services import files  # noqa: E402
from services.numbers import NumberDirectory  # noqa: E402
from services.selections import SelectionService  # noqa: E402
from services.users import UserService  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import Account, Number  # noqa: E402

OWNER_TG = 1
TODAY = dt.date(2026, 11, 1)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def build(path: Path, numbers: int) -> None:
    from storage import demo

    db = Database(f"sqlite+aiosqlite:///{path}")
    await upgrade(db.engine)
    if await demo.is_empty(db):
        started = time.perf_counter()
        await demo.generate(db, numbers=numbers, months=1, seed=7, today=TODAY)
        print(f"demo holding: {numbers} numbers built in {time.perf_counter() - started:.1f} s")
    await UserService(db).bootstrap([OWNER_TG])
    await db.close()


async def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        await fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


async def bench_search(path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{path}")
    principal = await UserService(db).principal(OWNER_TG)
    directory = NumberDirectory(db)
    rnd = random.Random(1)
    async with db.session() as s:
        rows = (
            await s.execute(
                select(
                    Number.id, Number.msisdn, Number.iccid, Number.holder_name, Account.number
                ).join(Account, Account.id == Number.account_id)
            )
        ).all()
    sample = rnd.sample(rows, 40)
    queries: dict[str, list[str]] = {
        "surname": [r.holder_name.split()[0] for r in sample if r.holder_name][:20],
        "name part": [r.holder_name.split()[-1][:6] for r in sample if r.holder_name][:20],
        "2 letters": ["ов", "ин", "ва", "ан", "ко"],
        "phone +7 (…)": [
            f"+7 ({r.msisdn[2:5]}) {r.msisdn[5:8]}-{r.msisdn[8:10]}-{r.msisdn[10:]}"
            for r in sample[:20]
        ],
        "phone 8…": ["8" + r.msisdn[2:] for r in sample[:20]],
        "last 7 digits": [
            f"{r.msisdn[-7:-4]}-{r.msisdn[-4:-2]}-{r.msisdn[-2:]}" for r in sample[:20]
        ],
        "ICCID full": [r.iccid for r in sample[:20]],
        "ICCID tail": [r.iccid[-6:] for r in sample[:20]],
        "account": [r[4] for r in sample[:20]],
    }
    ids = [r.id for r in sample]

    async def by_id() -> None:
        await directory.visible(principal, [rnd.choice(ids)])

    await timed(by_id, 20)  # warm-up
    base = await timed(by_id, 200)
    base_p95 = pct(base, 95)
    print(
        f"\nsearch ({len(rows)} numbers), baseline one indexed lookup: "
        f"p50 {statistics.median(base):.1f} ms, p95 {base_p95:.1f} ms"
    )
    everything: list[float] = []
    for kind, texts in queries.items():
        times: list[float] = []
        for text in texts * 3:
            t = time.perf_counter()
            await directory.search(principal, text)
            times.append((time.perf_counter() - t) * 1000)
        everything += times
        print(f"  {kind:<14} p50 {statistics.median(times):6.1f} ms   p95 {pct(times, 95):6.1f} ms")
    p95 = pct(everything, 95)
    print(
        f"  ALL            p95 {p95:.1f} ms (target < 50 ms) "
        f"{'OK' if p95 < 50 else 'SLOW'}; ratio to baseline x{p95 / base_p95:.1f}"
    )
    await db.close()


def make_xlsx(msisdns: list[str], path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(["ФИО", "Абонентский номер", "Комментарий"])
    forms = (
        lambda m: m,
        lambda m: "8" + m[2:],
        lambda m: int(m[1:]),
        lambda m: f"+7 ({m[2:5]}) {m[5:8]}-{m[8:10]}-{m[10:]}",
    )
    for i, m in enumerate(msisdns):
        ws.append([f"Абонент {i}", forms[i % len(forms)](m), "bench"])
    wb.save(path)


async def load_child(db_path: str, xlsx_path: str) -> dict[str, float]:
    """Runs in a fresh process: read + match + replace the current selection."""
    db = Database(f"sqlite+aiosqlite:///{db_path}")
    principal = await UserService(db).principal(OWNER_TG)
    data = await asyncio.to_thread(Path(xlsx_path).read_bytes)
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), read_only=True)
    for _row in wb.worksheets[0].iter_rows(values_only=True):
        pass
    wb.close()
    baseline = time.perf_counter() - t0
    t1 = time.perf_counter()
    table = await asyncio.to_thread(files.read_table, data, "xlsx")
    t2 = time.perf_counter()
    report = await files.match(db, principal, table)
    t3 = time.perf_counter()
    added = await SelectionService(db).replace(principal, report.number_ids)
    t4 = time.perf_counter()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    await db.close()
    return {
        "rows": len(table.values),
        "found": report.found,
        "added": added,
        "problems": len(report.problems),
        "read": t2 - t1,
        "match": t3 - t2,
        "store": t4 - t3,
        "total": t4 - t1,
        "baseline": baseline,
        "rss_start": rss0,
        "rss_peak": rss,
    }


def bench_load(path: Path, numbers: int) -> None:
    import sqlite3

    with sqlite3.connect(path) as conn:
        msisdns = [r[0] for r in conn.execute("select msisdn from numbers order by id")]
    rows = msisdns[:50_000]
    xlsx = path.with_suffix(".xlsx")
    make_xlsx(rows, xlsx)
    out = subprocess.run(
        [sys.executable, __file__, "--child-load", str(path), str(xlsx)],
        capture_output=True,
        text=True,
        check=True,
    )
    r = json.loads(out.stdout.strip().splitlines()[-1])
    print(
        f"\nload a {r['rows']}-row XLSX ({xlsx.stat().st_size / 2**20:.1f} MB) into the "
        f"current selection: {r['found']} found, {r['problems']} rows not taken"
    )
    print(
        f"  read {r['read']:.2f} s + match {r['match']:.2f} s + store {r['store']:.2f} s "
        f"= {r['total']:.2f} s (target < 10 s) {'OK' if r['total'] < 10 else 'SLOW'}; "
        f"baseline openpyxl read alone {r['baseline']:.2f} s, "
        f"ratio x{r['total'] / r['baseline']:.1f}"
    )
    print(
        f"  peak memory {r['rss_peak']:.0f} MB (process start {r['rss_start']:.0f} MB; "
        f"target < 300 MB) {'OK' if r['rss_peak'] < 300 else 'HIGH'}"
    )


async def bench_summary(path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{path}")
    principal = await UserService(db).principal(OWNER_TG)
    selections = SelectionService(db)
    directory = NumberDirectory(db)
    async with db.session() as s:
        ids = list(await s.scalars(select(Number.id).order_by(Number.id).limit(50_000)))
    await selections.replace(principal, ids)

    async def one() -> None:
        await directory.visible(principal, [ids[0]])

    base = await timed(one, 50)
    times = await timed(lambda: selections.summary(principal), 30)
    summary = await selections.summary(principal)
    p95 = pct(times, 95)
    print(
        f"\nsummary of a {summary.numbers}-number selection ({summary.accounts} ЛС, "
        f"{summary.contracts} contracts): p50 {statistics.median(times):.1f} ms, "
        f"p95 {p95:.1f} ms (target < 200 ms) {'OK' if p95 < 200 else 'SLOW'}; "
        f"ratio to one indexed lookup x{p95 / pct(base, 95):.0f}"
    )
    t = time.perf_counter()
    rows = await files.export_rows(db, principal, ids)
    data = await asyncio.to_thread(files.export_xlsx, [str(i) for i in range(7)], rows)
    print(
        f"export of that selection as XLSX: {len(rows)} rows, {len(data) / 2**20:.1f} MB "
        f"in {time.perf_counter() - t:.2f} s"
    )
    await db.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--numbers", type=int, default=50_000)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--only", choices=("search", "load", "summary"))
    parser.add_argument("--child-load", nargs=2)
    args = parser.parse_args()
    if args.child_load:
        print(json.dumps(asyncio.run(load_child(*args.child_load))))
        return
    path = args.db or Path(tempfile.mkdtemp(prefix="bench-numbers-")) / "bench.sqlite3"
    asyncio.run(build(path, args.numbers))
    if args.only in (None, "search"):
        asyncio.run(bench_search(path))
    if args.only in (None, "load"):
        bench_load(path, args.numbers)
    if args.only in (None, "summary"):
        asyncio.run(bench_summary(path))


if __name__ == "__main__":
    main()
