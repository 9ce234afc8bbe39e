"""Shared by the delivery e2e test and bench/bench_delivery.py: many notifications queued
for many users of the fake, then counted as they arrive."""

from __future__ import annotations

import random
import sqlite3
import time
from collections import Counter
from pathlib import Path

from tests.fakeapi import FakeTelegram
from tests.fakeapi.flood import FloodControl


def queue_rows(db_file: Path, chats: list[int], count: int, seed: int = 3) -> list[str]:
    """Queue `count` notifications, spread at random over `chats`; their texts."""
    rng = random.Random(seed)
    rows = [(rng.choice(chats), f"Уведомление №{i}") for i in range(count)]
    with sqlite3.connect(db_file) as conn:
        conn.executemany(
            "insert into deliveries (chat_id, text, buttons, status, attempts, "
            "next_attempt_at, created_at) values (?, ?, '[]', 'queued', 0, "
            "'2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000')",
            rows,
        )
        conn.commit()
    return [text for _chat, text in rows]


def delivered(fake: FakeTelegram) -> Counter[str]:
    return Counter(
        str(r.params.get("text"))
        for r in fake.requests
        if r.method == "sendMessage" and r.ok and str(r.params.get("text", "")).startswith("Увед")
    )


def required_seconds(chats: list[int], texts_by_chat: Counter[int], flood: FloodControl) -> float:
    """What Telegram's limits alone require for this load."""
    total = sum(texts_by_chat.values())
    per_chat = max(
        max(0, n - flood.chat_burst) / flood.chat_per_second for n in texts_by_chat.values()
    )
    return max(total / flood.per_second, per_chat)


async def wait_all(fake: FakeTelegram, texts: list[str], seconds: float) -> float:
    """Seconds until every text arrived at least once."""
    started = time.monotonic()
    wanted = set(texts)
    await fake.wait_until(lambda: wanted <= set(delivered(fake)), timeout=seconds)
    return time.monotonic() - started
