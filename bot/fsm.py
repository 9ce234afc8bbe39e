"""aiogram FSM storage in the application database, so dialogs survive a restart
without Redis. Keys carry the destiny, which keeps aiogram-dialog's stacks apart."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, KeyBuilder, StorageKey
from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from storage.db import Database
from storage.models import FsmRecord


class SqlStorage(BaseStorage):
    def __init__(self, db: Database, key_builder: KeyBuilder | None = None) -> None:
        self.db = db
        self.key_builder = key_builder or DefaultKeyBuilder(with_destiny=True)
        self._insert = sqlite_insert if db.is_sqlite else pg_insert

    async def _upsert(self, key: str, **values: Any) -> None:
        stmt = self._insert(FsmRecord).values(key=key, **{"state": None, "data": {}, **values})
        stmt = stmt.on_conflict_do_update(index_elements=[FsmRecord.key], set_=values)
        async with self.db.transaction() as s:
            await s.execute(stmt)

    async def set_state(self, key: StorageKey, state: str | State | None = None) -> None:
        value = state.state if isinstance(state, State) else state
        await self._upsert(self.key_builder.build(key), state=value)

    async def get_state(self, key: StorageKey) -> str | None:
        async with self.db.session() as s:
            return await s.scalar(
                select(FsmRecord.state).where(FsmRecord.key == self.key_builder.build(key))
            )

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        built = self.key_builder.build(key)
        if not data:
            async with self.db.transaction() as s:
                await s.execute(
                    delete(FsmRecord).where(FsmRecord.key == built, FsmRecord.state.is_(None))
                )
                await s.execute(
                    FsmRecord.__table__.update().where(FsmRecord.key == built).values(data={})
                )
            return
        await self._upsert(built, data=dict(data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self.db.session() as s:
            data = await s.scalar(
                select(FsmRecord.data).where(FsmRecord.key == self.key_builder.build(key))
            )
            return dict(data or {})

    async def close(self) -> None:
        """The database is closed by its owner."""
