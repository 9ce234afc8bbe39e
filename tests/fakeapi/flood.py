"""Telegram's flood control, and random faults, for the fake server.

Limits as Telegram applies them to a bot: about `per_second` messages a second in total
(a sliding one-second window) and, per chat, a token bucket of `chat_burst` refilled at
`chat_per_second`. A call over a limit gets 429 with `retry_after` (not an injected
failure: the bot caused it). `fault_rate` answers that share of calls, at random, with an
injected 429 or 502, as a real server under load does.
"""

from __future__ import annotations

import random
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from .validate import ApiError

COUNTED = ("send", "edit", "copy", "forward")


@dataclass
class FloodControl:
    per_second: float = 30.0
    chat_per_second: float = 1.0
    chat_burst: int = 3
    fault_rate: float = 0.0
    seed: int = 1
    flooded: int = 0  # 429s the bot earned by going too fast
    faults: int = 0  # random 429/502 injected
    _rng: random.Random = field(init=False)
    _window: deque[float] = field(default_factory=deque)
    _buckets: dict[Any, tuple[float, float]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    def check(self, method: str, params: dict[str, Any]) -> tuple[ApiError, bool] | None:
        """The error for this call, and whether it was injected; None lets it through."""
        if not method.lower().startswith(COUNTED):
            return None
        roll = self._rng.random()
        if roll < self.fault_rate:
            self.faults += 1
            if roll < self.fault_rate / 2:
                return ApiError("Bad Gateway", 502), True
            return ApiError("Too Many Requests: retry after 1", 429, retry_after=1), True
        now = time.monotonic()
        while self._window and now - self._window[0] >= 1.0:
            self._window.popleft()
        chat = params.get("chat_id")
        tokens, stamp = self._buckets.get(chat, (float(self.chat_burst), now))
        tokens = min(self.chat_burst, tokens + (now - stamp) * self.chat_per_second)
        if len(self._window) >= self.per_second or tokens < 1:
            self._buckets[chat] = (tokens, now)
            self.flooded += 1
            return ApiError("Too Many Requests: retry after 1", 429, retry_after=1), False
        self._buckets[chat] = (tokens - 1, now)
        self._window.append(now)
        return None
