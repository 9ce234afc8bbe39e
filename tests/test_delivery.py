"""The Telegram delivery queue: limits, retries, restart, unreachable chats."""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter, defaultdict, deque

from sqlalchemy import func, select

from services.notifications import Outbox
from services.notifications.delivery import DeliveryQueue, Limits, Outcome, SendResult
from services.notifications.pump import DeliveryPump
from services.ports import Button, Keyboard
from storage.models import Company, Delivery, DeliveryStatus, User
from storage.models import Outbox as OutboxRow


class FloodSender:
    """Behaves like Telegram: a global window and a per-chat token bucket answered with
    429 when exceeded, plus random 429 / 502 and blocked chats on demand."""

    def __init__(self, limits: Limits, fault_rate: float = 0.0, seed: int = 1) -> None:
        self.limits = limits
        self.fault_rate = fault_rate
        self.rng = random.Random(seed)
        self.window: deque[float] = deque()
        self.tokens: dict[int, tuple[float, float]] = {}
        self.delivered: list[tuple[int, str]] = []
        self.flooded = 0
        self.blocked: set[int] = set()
        self.ids = 0

    def _flood(self, chat_id: int) -> bool:
        now = time.monotonic()
        while self.window and now - self.window[0] >= 1.0:
            self.window.popleft()
        if len(self.window) >= self.limits.per_second:
            return True
        tokens, stamp = self.tokens.get(chat_id, (float(self.limits.chat_burst), now))
        tokens = min(self.limits.chat_burst, tokens + (now - stamp) * self.limits.chat_per_second)
        if tokens < 1 - 1e-6:
            self.tokens[chat_id] = (tokens, now)
            return True
        self.tokens[chat_id] = (tokens - 1, now)
        self.window.append(now)
        return False

    async def send(self, chat_id: int, text: str, buttons: Keyboard) -> SendResult:
        if chat_id in self.blocked:
            return SendResult(Outcome.UNREACHABLE, error="Forbidden: bot was blocked by the user")
        roll = self.rng.random()
        if roll < self.fault_rate / 2:
            return SendResult(Outcome.TEMPORARY, error="Bad Gateway")
        if roll < self.fault_rate:
            return SendResult(Outcome.RETRY_AFTER, retry_after=0.2, error="429")
        if self._flood(chat_id):
            self.flooded += 1
            return SendResult(Outcome.RETRY_AFTER, retry_after=1.0, error="429")
        self.ids += 1
        self.delivered.append((chat_id, text))
        return SendResult(Outcome.SENT, self.ids)

    async def edit(self, chat_id: int, message_id: int, text: str, buttons: Keyboard) -> SendResult:
        return SendResult(Outcome.SENT, message_id)


def required_seconds(counts: Counter[int], limits: Limits) -> float:
    total = sum(counts.values())
    per_chat = max(max(0, c - limits.chat_burst) / limits.chat_per_second for c in counts.values())
    return max(total / limits.per_second, per_chat)


async def test_many_messages_within_limits_none_lost_or_twice(sqlite_db) -> None:
    limits = Limits(per_second=150, chat_per_second=5, chat_burst=3)
    sender = FloodSender(limits, fault_rate=0.05)
    queue = DeliveryQueue(sqlite_db)
    pump = DeliveryPump(queue, sender, limits)
    rng = random.Random(7)
    chats = [1000 + i for i in range(100)]
    messages = [(rng.choice(chats), f"n{i}", ()) for i in range(400)]
    await queue.enqueue_many(messages)
    started = time.monotonic()
    await pump.pump(idle_seconds=0.3)
    took = time.monotonic() - started
    texts = [t for _c, t in sender.delivered]
    assert sorted(texts) == sorted(t for _c, t, _b in messages)  # none lost, none twice
    # each chat saw its messages in the order they were queued
    by_chat: defaultdict[int, list[str]] = defaultdict(list)
    for chat, text in sender.delivered:
        by_chat[chat].append(text)
    for chat, got in by_chat.items():
        assert got == [t for c, t, _b in messages if c == chat]
    assert sender.flooded <= 2  # our pacing (almost) never trips the flood control
    needed = required_seconds(Counter(c for c, _t, _b in messages), limits)
    # (faults hold a chat back a second or two: a tail the limits alone do not need)
    assert took < needed * 1.5 + 4.0, (took, needed)


async def test_blocked_user_marked_unreachable_and_mailed(sqlite_db) -> None:
    async with sqlite_db.transaction() as s:
        company = Company(name="Ромашка")
        s.add(company)
        await s.flush()
        s.add(User(tg_id=555, full_name="Анна", company_id=company.id, email="anna@corp.test"))
    sender = FloodSender(Limits())
    sender.blocked.add(555)
    queue = DeliveryQueue(sqlite_db)
    pump = DeliveryPump(queue, sender, outbox=Outbox(sqlite_db))
    await queue.enqueue(555, "<b>Баланс</b> ниже порога &amp; всё", mail_subject="Оповещение")
    await queue.enqueue(555, "второе")
    await pump.pump(idle_seconds=0.1)
    assert sender.delivered == []
    assert await queue.unreachable_chats() == {555}
    async with sqlite_db.session() as s:
        statuses = set(await s.scalars(select(Delivery.status)))
        mails = (
            await s.execute(select(OutboxRow.recipient, OutboxRow.subject, OutboxRow.body))
        ).all()
    assert statuses == {DeliveryStatus.UNREACHABLE}
    assert ("anna@corp.test", "Оповещение", "Баланс ниже порога & всё") in mails
    assert len(mails) == 2
    await queue.reachable_again(555)
    sender.blocked.clear()
    await queue.enqueue(555, "снова")
    await pump.pump(idle_seconds=0.1)
    assert sender.delivered == [(555, "снова")]


async def test_send_returns_message_id_and_buttons_survive(sqlite_db) -> None:
    class Recorder(FloodSender):
        async def send(self, chat_id: int, text: str, buttons: Keyboard) -> SendResult:
            self.buttons = buttons
            return await super().send(chat_id, text, buttons)

    sender = Recorder(Limits())
    queue = DeliveryQueue(sqlite_db)
    pump = DeliveryPump(queue, sender)
    running = asyncio.create_task(pump.pump(idle_seconds=2))
    kb = ((Button("Одобрить", "approve", 7), Button("Отклонить", "reject", 7)),)
    message_id = await queue.send(42, "card", kb)
    assert message_id == 1
    assert sender.buttons == kb
    assert await queue.edit(42, 1, "card v2")
    pump.stop()
    await running
    async with sqlite_db.session() as s:
        assert await s.scalar(select(func.count(Delivery.id))) == 2


async def test_two_instances_share_the_limit_one_sends_at_a_time(db) -> None:
    """Two instances on one database and one Redis: the one that leads the scheduler is
    the bot's only sender, so the bot's limits hold for both together; when it stops
    leading, the other takes over and nothing is lost or sent twice."""
    import uuid

    import pytest

    from services.scheduler import RedisLock, TrackedLock
    from tests.e2e.test_scaleout import REDIS_URL, _redis_available

    if not await _redis_available():
        pytest.skip("no Redis on 127.0.0.1:6379")
    limits = Limits(per_second=40, chat_per_second=5, chat_burst=3)
    telegram = FloodSender(limits)  # one Telegram behind both
    prefix = f"test-{uuid.uuid4().hex}"
    locks = [TrackedLock(RedisLock(REDIS_URL, prefix, ttl_seconds=30)) for _ in range(2)]
    queues = [DeliveryQueue(db) for _ in range(2)]
    pumps = [
        DeliveryPump(q, telegram, limits, leader=lk.leads)
        for q, lk in zip(queues, locks, strict=True)
    ]
    for lock in locks:  # each instance's scheduler ticks once: one of them leads
        await lock.acquire()
    assert [lock.held for lock in locks].count(True) == 1
    leader = 0 if locks[0].held else 1
    chats = [500 + i for i in range(20)]
    first = [(chats[i % 20], f"a{i}", ()) for i in range(120)]
    await queues[1 - leader].enqueue_many(first)  # queued on the instance that does not lead
    handled = await asyncio.gather(*(p.pump(idle_seconds=0.3) for p in pumps))
    assert handled[1 - leader] == 0 and handled[leader] >= 120, handled
    assert telegram.flooded <= 2  # (timing jitter on a loaded machine)
    # The leader stops (shutdown releases the lock); the other's next tick takes over.
    await locks[leader].release()
    assert await locks[1 - leader].acquire()
    second = [(chats[i % 20], f"b{i}", ()) for i in range(40)]
    await queues[leader].enqueue_many(second)
    handled = await asyncio.gather(*(p.pump(idle_seconds=0.3) for p in pumps))
    assert handled[leader] == 0 and handled[1 - leader] >= 40, handled
    texts = [t for _c, t in telegram.delivered]
    assert sorted(texts) == sorted(t for _c, t, _b in first + second)  # none lost or twice
    assert telegram.flooded <= 2
    await locks[1 - leader].release()


async def test_502_and_429_are_warnings_never_tracebacks(sqlite_db, caplog) -> None:
    import logging

    limits = Limits(per_second=100, chat_per_second=50, chat_burst=10)
    sender = FloodSender(limits, fault_rate=0.5, seed=3)
    queue = DeliveryQueue(sqlite_db)
    messages = [(700 + i % 4, f"w{i}", ()) for i in range(20)]
    await queue.enqueue_many(messages)
    with caplog.at_level(logging.WARNING):
        await DeliveryPump(queue, sender, limits).pump(idle_seconds=0.3)
    assert sorted(t for _c, t in sender.delivered) == sorted(t for _c, t, _b in messages)
    said = [r.getMessage() for r in caplog.records]
    assert any("Bad Gateway" in m for m in said) and any("429" in m for m in said)
    assert all(r.levelno == logging.WARNING and r.exc_info is None for r in caplog.records)


def test_a_new_leader_paces_chats_the_old_one_just_used() -> None:
    """A chat another instance wrote to a moment ago has no burst left at Telegram; a chat
    it wrote to long ago (or never) may take one at once."""
    from services.notifications.pacing import Pacer

    pacer = Pacer(Limits(per_second=30, chat_per_second=1, chat_burst=3))
    now = time.monotonic()
    pacer.recall([(7, 0.1), (7, 0.5), (8, 60.0)])
    assert pacer.ready_in(7, now) > 0.5
    assert pacer.ready_in(8, now) == 0.0
    assert pacer.ready_in(9, now) == 0.0
