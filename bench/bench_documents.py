"""Financial documents on the 50,000-number demo holding with a year of history (SQLite).

    python bench/bench_documents.py [--numbers 50000] [--db PATH]

Prints, each measured in a fresh process (wall and CPU time and peak memory, target < 30 s
and < 500 MB; on a shared, loaded machine the CPU time is the steadier figure): call
details for 1,000 numbers for one month as PDF and as XLSX, and the unified reconciliation
act of the whole holding for a year (PDF and XLSX). Beside each figure: the bare query time
(the SQL that reads the same billing rows, nothing rendered) and the ratio document / query,
measured in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from services.access import Principal, ScopedGrant  # noqa: E402
from services.documents import DocFormat, DocKind, DocumentService, Requisites  # noqa: E402
from services.documents import queries as q  # noqa: E402
from services.users import DEFAULT_ROLES  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import Number, ScopeKind  # noqa: E402

TODAY = dt.date(2026, 11, 1)
MONTH = (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
YEAR = (dt.date(2025, 11, 1), dt.date(2026, 10, 31))
DETAIL_NUMBERS = 1000


def owner() -> Principal:
    grant = ScopedGrant("owner", DEFAULT_ROLES["owner"], ScopeKind.COMPANY)
    return Principal(1, 1, 1, "ru", "Owner", (grant,))


async def build(path: Path, numbers: int) -> None:
    from storage import demo

    db = Database(f"sqlite+aiosqlite:///{path}")
    await upgrade(db.engine)
    if await demo.is_empty(db):
        started = time.perf_counter()
        await demo.generate(db, numbers=numbers, months=12, seed=7, today=TODAY)
        print(
            f"demo holding: {numbers} numbers, 12 months built in "
            f"{time.perf_counter() - started:.1f} s"
        )
    await db.close()


async def detail_ids(db: Database) -> list[int]:
    async with db.session() as s:
        return list(await s.scalars(select(Number.id).order_by(Number.id).limit(DETAIL_NUMBERS)))


def peak_mb() -> float:
    """This process's peak resident memory. Linux keeps ru_maxrss across exec, so in a child
    of the process that built the demo it would report the builder's peak; VmHWM belongs to
    the process's own address space."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def one(path: Path, what: str) -> dict[str, float]:
    """One measurement, in this (fresh) process."""
    db = Database(f"sqlite+aiosqlite:///{path}")
    operator = Requisites("ПАО «Телеком-Оператор»", "7712345671", "771201001", "Москва")
    svc = DocumentService(db, operator, today=lambda: TODAY)
    ids = await detail_ids(db)
    out: dict[str, float] = {}
    started, cpu = time.perf_counter(), time.process_time()
    if what == "details-query":
        async with db.session() as s:
            rows = await q.month_usage(s, ids, *MONTH)
        out["rows"] = len(rows)
    elif what == "act-query":
        async with db.session() as s:
            accounts = await q.company_accounts(s, 1)
            rows2 = await q.charges_by_month(s, accounts, *YEAR)
            pays = await q.payments(s, accounts, *YEAR)
            await q.balances_at(s, accounts, YEAR[0])
        out["rows"] = len(rows2) + len(pays)
    else:
        kind, fmt = what.split(":")
        number_ids = ids if kind == DocKind.CALL_DETAILS.value else []
        period = MONTH if kind == DocKind.CALL_DETAILS.value else YEAR
        r = await svc.make(owner(), DocKind(kind), DocFormat(fmt), number_ids, *period, "1")
        out["rows"] = r.rows
        out["bytes"] = len(r.content)
    out["seconds"] = time.perf_counter() - started
    out["cpu"] = time.process_time() - cpu
    out["peak_mb"] = peak_mb()
    await db.close()
    return out


def measure(path: Path, what: str) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, __file__, "--db", str(path), "--one", what],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--numbers", type=int, default=50_000)
    ap.add_argument("--db", type=Path)
    ap.add_argument("--one")
    args = ap.parse_args()
    if args.one:
        print(json.dumps(asyncio.run(one(args.db, args.one))))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.sqlite3"
        asyncio.run(build(path, args.numbers))
        cases = [
            ("details-query", "call-details:pdf", "call details, 1,000 numbers, 1 month, PDF"),
            ("details-query", "call-details:xlsx", "call details, 1,000 numbers, 1 month, XLSX"),
            ("act-query", "unified_act:pdf", f"unified act, {args.numbers} numbers, 1 year, PDF"),
            ("act-query", "unified_act:xlsx", f"unified act, {args.numbers} numbers, 1 year, XLSX"),
        ]
        queries: dict[str, dict[str, float]] = {}
        for base, what, label in cases:
            if base not in queries:
                queries[base] = measure(path, base)
            b = queries[base]
            r = measure(path, what.replace("call-details", DocKind.CALL_DETAILS.value))
            ok = "ok" if r["seconds"] < 30 and r["peak_mb"] < 500 else "OVER TARGET"
            print(
                f"{label}: {r['seconds']:.2f} s (CPU {r['cpu']:.2f} s), peak "
                f"{r['peak_mb']:.0f} MB, {int(r['rows'])} rows, {r['bytes'] / 1e6:.1f} MB file "
                f"| bare query {b['seconds']:.2f} s (CPU {b['cpu']:.2f} s, {int(b['rows'])} "
                f"rows) | ratio {r['seconds'] / b['seconds']:.1f}x, CPU "
                f"{r['cpu'] / max(b['cpu'], 1e-3):.1f}x | {ok}"
            )


if __name__ == "__main__":
    main()
