"""Per-person update isolation across instances, without the wait of a polled lock.

Redis's lock keeps two instances from handling one person's updates at once, but a waiter
polls it (redis-py sleeps 0.1 s between tries), and a person's next update usually arrives
while the previous one still holds the lock (the reply is sent before the dialog's state is
saved): so every step waited about 100 ms, and one person got a fifth of the bare bot's
speed. Updates of one instance now queue on an in-process lock first, which wakes the next
at once; only a wait across instances polls Redis, and more often."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from typing import Any

from aiogram.fsm.storage.base import BaseEventIsolation, KeyBuilder, StorageKey
from aiogram.fsm.storage.memory import SimpleEventIsolation

# the lock expires if an instance dies holding it; a waiter across instances re-tries often
REDIS_LOCK = {"timeout": 60, "sleep": 0.01}


class LayeredIsolation(BaseEventIsolation):
    def __init__(self, shared: BaseEventIsolation) -> None:
        self.local = SimpleEventIsolation()
        self.shared = shared

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncGenerator[None, None]:
        async with self.local.lock(key), self.shared.lock(key):
            yield

    async def close(self) -> None:
        await self.local.close()
        await self.shared.close()


def redis_isolation(redis: Any, key_builder: KeyBuilder) -> LayeredIsolation:
    from aiogram.fsm.storage.redis import RedisEventIsolation

    shared = RedisEventIsolation(redis, key_builder=key_builder, lock_kwargs=REDIS_LOCK)
    return LayeredIsolation(shared)
