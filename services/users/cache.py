"""Who a Telegram user is (their principal), remembered between updates until the
access data changes.

Every update used to read the user and their grants with roles and department paths:
about a quarter of an update's work on PostgreSQL. Now a lookup is one GET of a version
counter, and the database is read only when the counter moved.

Invalidation: any commit that wrote ``users``, ``grants``, ``roles`` or ``departments``
through a session of this database (ORM objects or bulk insert/update/delete statements)
empties this process's cache at once and increments the shared counter, so every other
instance reloads on its next update. The shared counter lives in Redis; on SQLite (one
process's database) the process's own epoch is the whole truth. With PostgreSQL and no
Redis nothing is cached: another instance's change could not be seen.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from sqlalchemy import Delete, Insert, Update, event
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from services.access import Principal
from storage.db import Database
from storage.models import Department, Grant, Role, User

log = logging.getLogger(__name__)

WATCHED_TABLES = frozenset({"users", "grants", "roles", "departments"})
WATCHED_CLASSES = (User, Grant, Role, Department)
CACHE_SIZE = 20_000  # people; an entry is a few hundred bytes
_FLAG = "access_changed"


class SharedVersion(Protocol):
    async def current(self) -> int: ...
    async def bump(self) -> None: ...


class RedisVersion:
    """A counter in Redis that every instance reads before trusting its cache."""

    def __init__(self, url: str, prefix: str) -> None:
        import redis.asyncio as redis

        self.redis = redis.from_url(url)
        self.key = f"{prefix}:access-version"

    async def current(self) -> int:
        return int(await self.redis.get(self.key) or 0)

    async def bump(self) -> None:
        await self.redis.incr(self.key)

    async def close(self) -> None:
        await self.redis.aclose()


class PrincipalCache:
    def __init__(self, shared: SharedVersion | None = None, size: int = CACHE_SIZE) -> None:
        self.shared = shared
        self.size = size
        self._epoch = 0  # moved by this process's own commits, synchronously
        self._entries: OrderedDict[int, tuple[tuple[int, int], Principal | None]] = OrderedDict()
        self._bumps: set[asyncio.Task[None]] = set()
        self.hits = 0
        self.misses = 0

    async def lookup(
        self, tg_id: int, load: Callable[[], Awaitable[Principal | None]]
    ) -> Principal | None:
        # The version is read before loading: a change committed meanwhile moves it, and the
        # entry stored under the old version is not trusted on the next update.
        version = (await self.shared.current() if self.shared else 0, self._epoch)
        hit = self._entries.get(tg_id)
        if hit is not None and hit[0] == version:
            self._entries.move_to_end(tg_id)
            self.hits += 1
            return hit[1]
        self.misses += 1
        who = await load()
        # Strangers are not remembered: someone may add them behind the bot's back (a test,
        # an import), and they are rare; a person who joins is remembered from then on.
        if who is not None and self._epoch == version[1]:  # no local change while loading
            self._entries[tg_id] = (version, who)
            self._entries.move_to_end(tg_id)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return who

    def invalidate(self) -> None:
        """Access data changed here: forget everything now, tell the other instances."""
        self._epoch += 1
        self._entries.clear()
        if self.shared is None:
            return
        try:
            task = asyncio.get_running_loop().create_task(self._bump())
        except RuntimeError:  # no loop (a synchronous script): nothing is cached there either
            return
        self._bumps.add(task)
        task.add_done_callback(self._bumps.discard)

    async def settled(self) -> None:
        """Wait until every change made here has reached the shared counter."""
        while self._bumps:
            await asyncio.gather(*list(self._bumps), return_exceptions=True)

    async def _bump(self) -> None:
        assert self.shared is not None
        try:
            await self.shared.bump()
        except Exception:  # Redis down: the other instances keep their cache until it is back
            log.exception("could not announce an access change")

    def watch(self, db: Database) -> None:
        """Invalidate after every commit of this database that wrote access data."""
        cls = db.sync_session_class

        @event.listens_for(cls, "after_flush")
        def after_flush(session: Session, _ctx: UOWTransaction) -> None:
            for obj in (*session.new, *session.dirty, *session.deleted):
                if isinstance(obj, WATCHED_CLASSES):
                    session.info[_FLAG] = True
                    return

        @event.listens_for(cls, "do_orm_execute")
        def on_execute(state: ORMExecuteState) -> None:
            statement: Any = state.statement
            if isinstance(statement, Insert | Update | Delete):
                if getattr(statement.table, "name", None) in WATCHED_TABLES:
                    state.session.info[_FLAG] = True

        @event.listens_for(cls, "after_commit")
        def after_commit(session: Session) -> None:
            if session.info.pop(_FLAG, False):
                self.invalidate()

        @event.listens_for(cls, "after_rollback")
        def after_rollback(session: Session) -> None:
            session.info.pop(_FLAG, None)
