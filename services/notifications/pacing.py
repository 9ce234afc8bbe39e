"""Telegram's limits, kept on our side: a token bucket per chat and a sliding window for
the whole bot. The pump asks `ready_in` when it picks rows and awaits `wait` right
before each call.

Telegram counts per bot, not per instance: when another instance led the sending a
moment ago, Telegram still remembers its calls. `recall` seeds the buckets and the window
from what the queue records as just sent, so a new leader starts where the old one left
off instead of with full buckets.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Iterable

from services.notifications.delivery import Limits

SAFETY = 0.95  # a chat's bucket runs a little under its limit: jitter must not trip it
# The global limit is a sliding window (as Telegram counts it): at most `per_second` calls
# in any WINDOW seconds, the margin covering the jitter between our clock and the
# server's. A window, unlike fixed spacing, lets the pump catch up after a stall (a slow
# claim, a busy event loop) instead of losing that time for good; MIN_GAP keeps the
# catch-up a brisk trickle rather than one burst.
WINDOW = 1.015
MIN_GAP_SHARE = 0.5  # of 1 / per_second


class _ChatBucket:
    __slots__ = ("stamp", "tokens")

    def __init__(self, tokens: float, stamp: float) -> None:
        self.tokens = tokens
        self.stamp = stamp

    def ready_in(self, limits: Limits, now: float) -> float:
        rate = limits.chat_per_second * SAFETY
        tokens = min(limits.chat_burst, self.tokens + (now - self.stamp) * rate)
        return 0.0 if tokens >= 1 else (1 - tokens) / rate

    def take(self, limits: Limits, now: float) -> None:
        rate = limits.chat_per_second * SAFETY
        self.tokens = min(limits.chat_burst, self.tokens + (now - self.stamp) * rate)
        self.stamp = now
        self.tokens -= 1


class Pacer:
    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._buckets: dict[int, _ChatBucket] = {}
        self._issued: deque[float] = deque()  # monotonic times of the latest calls
        self._last_issue = 0.0

    @property
    def memory_seconds(self) -> float:
        """How far back a send still matters: a chat's bucket refills in this time."""
        return max(WINDOW, self.limits.chat_burst / (self.limits.chat_per_second * SAFETY))

    def recall(self, sends: Iterable[tuple[int, float]]) -> None:
        """Calls made elsewhere `age` seconds ago, as (chat, age): each chat's bucket is
        taken as emptied by its latest one (the safe reading), and those within the window
        count against the global limit."""
        now = time.monotonic()
        latest: dict[int, float] = {}
        issued: list[float] = []
        for chat_id, age in sends:
            at = now - max(0.0, age)
            latest[chat_id] = max(latest.get(chat_id, at), at)
            if now - at < WINDOW:
                issued.append(at)
        for chat_id, at in latest.items():
            bucket = self._buckets.get(chat_id)
            if bucket is None or bucket.stamp < at:
                self._buckets[chat_id] = _ChatBucket(0.0, at)
        if issued:
            self._issued = deque(sorted([*self._issued, *issued]))
            self._last_issue = max(self._last_issue, self._issued[-1])

    def ready_in(self, chat_id: int, now: float) -> float:
        bucket = self._buckets.get(chat_id)
        return 0.0 if bucket is None else bucket.ready_in(self.limits, now)

    async def wait(self, chat_id: int) -> None:
        """Right before the call: the chat's token bucket, then the global window."""
        bucket = self._buckets.get(chat_id)
        if bucket is None:
            bucket = self._buckets[chat_id] = _ChatBucket(self.limits.chat_burst, time.monotonic())
        delay = bucket.ready_in(self.limits, time.monotonic())
        if delay > 0:
            await asyncio.sleep(delay)
        cap = max(1, int(self.limits.per_second))
        gap = MIN_GAP_SHARE / self.limits.per_second
        while True:
            now = time.monotonic()
            while self._issued and now - self._issued[0] >= WINDOW:
                self._issued.popleft()
            wait = self._last_issue + gap - now
            if len(self._issued) >= cap:
                wait = max(wait, self._issued[0] + WINDOW - now)
            if wait <= 0:
                break
            await asyncio.sleep(wait)
        self._issued.append(now)
        self._last_issue = now
        bucket.take(self.limits, now)
