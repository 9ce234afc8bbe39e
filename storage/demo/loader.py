"""Loading the demo: one transaction into an empty database, the history tables' indexes
rebuilt once at the end, PostgreSQL sequences moved past the ids the demo assigned."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Index, Table, select
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.schema import CreateIndex, DropIndex

from storage import models as m
from storage.db import Database
from storage.demo.builder import HoldingBuilder
from storage.demo.context import Context
from storage.demo.holdings import NEIGHBOUR, ROMASHKA
from storage.demo.sink import Sink
from storage.demo.users import write_users

# Page cache for the loading connection (KiB, negative = size): index inserts stay in memory.
SQLITE_LOAD_CACHE_KIB = 65536
# The neighbour's random stream: independent of the first holding's, so adding it changes
# nothing in ООО «Ромашка».
_NEIGHBOUR_SEED_SALT = 0x5EC04D


class DemoDataError(RuntimeError):
    """The database is not in a state the demo data can be loaded into."""


@dataclass(frozen=True)
class DemoSummary:
    companies: int
    contracts: int
    accounts: int
    departments: int
    numbers: int
    charges: int
    payments: int
    traffic: int
    seconds: float
    users: int = 0

    def describe(self) -> str:
        companies = "company" if self.companies == 1 else "companies"
        users = f", {self.users} users" if self.users else ""
        return (
            f"Demo data loaded: {self.companies} {companies}, {self.contracts} contracts, "
            f"{self.accounts} personal accounts, {self.departments} departments{users}, "
            f"{self.numbers:,} numbers with {self.charges:,} charges, {self.payments:,} payments "
            f"and {self.traffic:,} traffic rows in {self.seconds:.1f} s."
        )


# Tables whose rows would collide with the demo's fixed primary keys and unique codes.
_OWNED_TABLES: tuple[Table, ...] = tuple(
    t.__table__  # type: ignore[misc]
    for t in (m.Company, m.Contract, m.Account, m.Tariff, m.Service, m.Department, m.Number)
)


async def is_empty(db: Database) -> bool:
    async with db.session() as session:
        return await _is_empty(await session.connection())


async def _is_empty(conn: AsyncConnection) -> bool:
    for table in _OWNED_TABLES:
        if await conn.scalar(select(table.c.id).limit(1)) is not None:
            return False
    return True


async def generate(
    db: Database,
    *,
    numbers: int = 300,
    months: int = 13,  # the current month and twelve whole ones: "last 12 months" is full
    seed: int = 7,
    today: dt.date | None = None,
    neighbour: bool = False,
    roles: Mapping[str, Mapping[str, str]] | None = None,
) -> DemoSummary:
    """Load the demo holding into an empty database in one transaction.

    ``neighbour`` adds a second company, АО «Вектор Логистик» (about a fifth as many numbers,
    its own contracts, accounts, departments and four bot users, see holdings.NEIGHBOUR);
    ООО «Ромашка» stays company 1 with exactly the data it has without it. ``roles`` (code ->
    permissions, e.g. the access service's defaults) become the neighbour's roles, and its
    users get grants of those; without them its users have no access at all.
    """
    min_numbers = len(ROMASHKA.contracts) * 3
    if numbers < min_numbers:
        raise ValueError(f"numbers must be at least {min_numbers}, got {numbers}")
    if months < 1:
        raise ValueError(f"months must be at least 1, got {months}")
    started = time.perf_counter()
    async with db.transaction() as session:
        conn = await session.connection()
        if not await _is_empty(conn):
            raise DemoDataError(
                "the database already holds companies or numbers; demo data is loaded only "
                "into an empty database"
            )
        cache_size = None
        if conn.dialect.name == "sqlite":
            cache_size = (await conn.exec_driver_sql("PRAGMA cache_size")).scalar()
            await conn.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_LOAD_CACHE_KIB}")
        sink = Sink(conn)
        try:
            ctx = Context(sink, today or dt.date.today(), months)
            holdings = [HoldingBuilder(ctx, ROMASHKA, 1, random.Random(seed), numbers)]
            if neighbour:
                size = max(len(NEIGHBOUR.contracts) * 3, numbers // 5)
                rnd = random.Random(seed ^ _NEIGHBOUR_SEED_SALT)
                holdings.append(HoldingBuilder(ctx, NEIGHBOUR, 2, rnd, size))
            await _build(ctx, holdings, roles or {})
        finally:
            if cache_size is not None:  # the pooled connection goes back as it came
                await conn.exec_driver_sql(f"PRAGMA cache_size={int(cache_size)}")
        if conn.dialect.name == "postgresql":
            await _advance_sequences(conn)
    c = sink.counts
    return DemoSummary(
        companies=len(holdings),
        contracts=c["contracts"],
        accounts=c["accounts"],
        departments=c["departments"],
        numbers=c.get("numbers", 0),
        charges=c.get("charges", 0),
        payments=c.get("payments", 0),
        traffic=c.get("traffic", 0),
        users=c.get("users", 0),
        seconds=time.perf_counter() - started,
    )


async def _build(
    ctx: Context, holdings: list[HoldingBuilder], roles: Mapping[str, Mapping[str, str]]
) -> None:
    # The first holding's steps run in the order they always have, each holding drawing from
    # its own random stream, so the same seed gives the same ООО «Ромашка» either way.
    await ctx.catalogue()
    first, others = holdings[0], holdings[1:]
    await first.company()
    # Building the history tables' indexes once at the end is about twice as fast as
    # keeping them up to date row by row; DDL is transactional on SQLite and PostgreSQL,
    # so a failed load still leaves the schema as it was.
    deferred = await _drop_indexes(ctx.sink.conn, _HISTORY_TABLES)
    await first.numbers()
    for holding in others:
        await holding.company()
        await holding.numbers()
    for index in deferred:
        await ctx.sink.conn.execute(CreateIndex(index))
    for holding in holdings:
        await holding.free_numbers()
        await holding.payments()
    for holding in others:
        await write_users(holding, roles)


_HISTORY_TABLES: tuple[Table, ...] = (m.Charge.__table__, m.Traffic.__table__)  # type: ignore[assignment]


async def _drop_indexes(conn: AsyncConnection, tables: Sequence[Table]) -> list[Index]:
    indexes = [ix for t in tables for ix in sorted(t.indexes, key=lambda ix: str(ix.name))]
    for index in indexes:
        await conn.execute(DropIndex(index, if_exists=True))
    return indexes


async def _advance_sequences(conn: AsyncConnection) -> None:
    # Ids were assigned here, so PostgreSQL sequences must be moved past them.
    for table in m.Base.metadata.sorted_tables:
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        await conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
        )
