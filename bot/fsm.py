"""aiogram FSM storage in the application database, so dialogs survive a restart
without Redis. Keys carry the destiny, which keeps aiogram-dialog's stacks apart.

Every update reads the FSM state, the dialog stack and its context, and writes the last
two back, mostly unchanged. Done naively (one transaction per write) forty people at once
meet in SQLite's busy handler, whose sleeps grow to 100 ms, and the bot gets slower in total
than with one person. So:

- writes are group-committed: one writer task takes whatever is queued and commits it in
  one transaction, and every caller waits for the commit that holds its write (durable as
  before, but never two writers competing in the same process);
- a write that changes nothing is not made;
- on SQLite the records are also cached in memory: SQLite is one process's database (the
  scheduler's lock assumes the same), so that process's cache is the truth. On PostgreSQL
  several instances may share the table, so every read goes to the database.
"""

from __future__ import annotations

import asyncio
import json
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, KeyBuilder, StorageKey
from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from storage.db import Database
from storage.models import FsmRecord

CACHE_SIZE = 20_000  # records (a few hundred bytes each); the least recently used go first
_MISSING = object()


class _Record:
    __slots__ = ("data", "state")

    def __init__(self, state: str | None, data: str) -> None:
        self.state = state
        self.data = data  # JSON text: a fresh copy per read, compared as text on write


def _dump(data: Mapping[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


class SqlStorage(BaseStorage):
    def __init__(
        self, db: Database, key_builder: KeyBuilder | None = None, *, cache: bool | None = None
    ) -> None:
        self.db = db
        self.key_builder = key_builder or DefaultKeyBuilder(with_destiny=True)
        self._insert = sqlite_insert if db.is_sqlite else pg_insert
        self._cached = db.is_sqlite if cache is None else cache
        self._cache: OrderedDict[str, _Record] = OrderedDict()
        self._queue: dict[str, dict[str, Any]] = {}  # key → columns to write
        self._waiters: list[asyncio.Future[None]] = []
        self._writer: asyncio.Task[None] | None = None

    # --- aiogram's interface ------------------------------------------------------------------

    async def set_state(self, key: StorageKey, state: str | State | None = None) -> None:
        value = state.state if isinstance(state, State) else state
        built = self.key_builder.build(key)
        record = await self._record(built) if self._cached else None
        if record is not None:
            if record.state == value:
                return
            record.state = value
        await self._write(built, state=value)

    async def get_state(self, key: StorageKey) -> str | None:
        built = self.key_builder.build(key)
        if self._cached:
            return (await self._record(built)).state
        async with self.db.session() as s:
            return await s.scalar(select(FsmRecord.state).where(FsmRecord.key == built))

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        built = self.key_builder.build(key)
        text = _dump(data)
        record = await self._record(built) if self._cached else None
        if record is not None:
            if record.data == text:
                return
            record.data = text
        await self._write(built, data=json.loads(text))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        built = self.key_builder.build(key)
        if self._cached:
            return dict(json.loads((await self._record(built)).data))
        async with self.db.session() as s:
            data = await s.scalar(select(FsmRecord.data).where(FsmRecord.key == built))
            return dict(data or {})

    async def close(self) -> None:
        """Waits for queued writes; the database itself is closed by its owner."""
        if self._writer is not None and not self._writer.done():
            await asyncio.shield(self._writer)

    # --- the cache (SQLite) --------------------------------------------------------------------

    async def _record(self, key: str) -> _Record:
        record = self._cache.get(key)
        if record is not None:
            self._cache.move_to_end(key)
            return record
        async with self.db.session() as s:
            row = (
                await s.execute(select(FsmRecord.state, FsmRecord.data).where(FsmRecord.key == key))
            ).first()
        record = self._cache.get(key)  # filled by someone else while we read
        if record is None:
            record = _Record(row[0], _dump(row[1] or {})) if row else _Record(None, "{}")
            self._cache[key] = record
            if len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return record

    # --- group commit ------------------------------------------------------------------------

    async def _write(self, key: str, **values: Any) -> None:
        self._queue.setdefault(key, {}).update(values)
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_queued(), name="fsm-writer")
        await waiter

    async def _write_queued(self) -> None:
        while self._queue:
            batch, self._queue = self._queue, {}
            waiters, self._waiters = self._waiters, []
            try:
                async with self.db.transaction() as s:
                    for key, values in batch.items():
                        await self._apply(s, key, values)
            except Exception as exc:
                for key in batch:  # the cache may now be ahead of the database: reload
                    self._cache.pop(key, None)
                for w in waiters:
                    if not w.done():
                        w.set_exception(exc)
                continue
            for w in waiters:
                if not w.done():
                    w.set_result(None)

    async def _apply(self, s: Any, key: str, values: dict[str, Any]) -> None:
        stmt = self._insert(FsmRecord).values(key=key, **{"state": None, "data": {}, **values})
        await s.execute(stmt.on_conflict_do_update(index_elements=[FsmRecord.key], set_=values))
        if values.get("data", _MISSING) == {}:  # nothing left in it: no row at all
            await s.execute(
                delete(FsmRecord).where(FsmRecord.key == key, FsmRecord.state.is_(None))
            )
