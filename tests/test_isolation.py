"""One person's updates are handled one at a time, across two instances sharing Redis too,
and nobody waits for another person."""

from __future__ import annotations

import asyncio
import os
import uuid

import pytest
from aiogram.fsm.storage.base import DefaultKeyBuilder, StorageKey
from redis.asyncio import Redis

from bot.isolation import redis_isolation

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/7")


async def test_one_persons_updates_never_overlap_across_two_instances() -> None:
    first, second = Redis.from_url(REDIS_URL), Redis.from_url(REDIS_URL)
    try:
        await first.ping()
    except OSError:
        pytest.skip(f"no Redis answers at {REDIS_URL}")
    keys = DefaultKeyBuilder(prefix=f"t{uuid.uuid4().hex[:8]}", with_destiny=True)
    one, two = redis_isolation(first, keys), redis_isolation(second, keys)
    person = StorageKey(bot_id=1, chat_id=5, user_id=5)
    inside, most, done = 0, 0, []

    async def update(n: int) -> None:
        nonlocal inside, most
        async with (one if n % 2 else two).lock(person):  # delivered alternately
            inside += 1
            most = max(most, inside)
            await asyncio.sleep(0.01)  # the handler awaits the database and Telegram
            inside -= 1
            done.append(n)

    try:
        await asyncio.gather(*(update(n) for n in range(12)))
        assert most == 1
        assert sorted(done) == list(range(12))

        # While the person's update is being handled, another person's goes ahead.
        other = StorageKey(bot_id=1, chat_id=6, user_id=6)
        release = asyncio.Event()

        async def hold() -> None:
            async with one.lock(person):
                await release.wait()

        holder = asyncio.create_task(hold())
        await asyncio.sleep(0.05)
        async with asyncio.timeout(30):  # a guard against hanging, not a speed check
            async with two.lock(other):
                passed = not release.is_set()
        release.set()
        await holder
        assert passed
    finally:
        await one.close()
        await two.close()


async def test_an_update_being_handled_at_shutdown_finishes_and_saves_its_step() -> None:
    from aiogram import Bot, Dispatcher
    from aiogram.fsm.context import FSMContext
    from aiogram.fsm.storage.redis import RedisStorage
    from aiogram.types import Message, Update

    from bot.runner import drain_before_closing

    redis = Redis.from_url(REDIS_URL)
    try:
        await redis.ping()
    except OSError:
        pytest.skip(f"no Redis answers at {REDIS_URL}")
    keys = DefaultKeyBuilder(prefix=f"t{uuid.uuid4().hex[:8]}", with_destiny=True)
    storage = RedisStorage(redis, key_builder=keys)
    dp = Dispatcher(storage=storage, events_isolation=redis_isolation(redis, keys))
    drain_before_closing(dp)
    handling = asyncio.Event()

    @dp.message()
    async def slow_step(message: Message, state: FSMContext) -> None:
        handling.set()
        await asyncio.sleep(0.3)  # the step is still being handled when SIGTERM comes
        await state.set_data({"step": "saved"})

    bot = Bot("123456:TESTTOKENTESTTOKENTESTTOKEN")
    chat = {"id": 5, "type": "private"}
    update = Update.model_validate(
        {
            "update_id": 1,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": chat,
                "text": "x",
                "from": {"id": 5, "is_bot": False, "first_name": "Зоя"},
            },
        }
    )
    task = asyncio.create_task(dp.feed_update(bot, update))
    dp._handle_update_tasks.add(task)
    closed_while_handling: list[bool] = []
    close = storage.close

    async def watched_close() -> None:
        # Closed under a step in flight, the step's last Redis calls fail (as seen: the
        # lock's release on a connection closed under it, and the user got an error).
        closed_while_handling.append(not task.done())
        await close()

    storage.close = watched_close  # type: ignore[method-assign]
    await handling.wait()
    await dp.emit_shutdown(dispatcher=dp, bot=bot)
    assert closed_while_handling == [False]
    assert task.done() and task.exception() is None
    check = RedisStorage(Redis.from_url(REDIS_URL), key_builder=keys)
    try:
        key = StorageKey(bot_id=bot.id, chat_id=5, user_id=5)
        assert await check.get_data(key) == {"step": "saved"}
        await check.redis.delete(keys.build(key, "data"))
    finally:
        await check.close()
        await bot.session.close()
