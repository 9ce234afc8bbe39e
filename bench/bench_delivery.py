"""The Telegram delivery queue against Telegram's limits (fake Bot API, flood control on,
random 429 / 502 injected).

    .venv/bin/python bench/bench_delivery.py [--messages 1000] [--users 300] [--rate 30]
        [--chat-rate 1] [--burst 3] [--faults 0.05]

Prints the time the queue took to deliver every message, the time Telegram's limits alone
require for the same load (the baseline: total / rate, or the busiest chat's backlog at
its own rate), their ratio (target ≤ 1.2), how many were lost or sent twice (target 0),
and the faults and flood-control answers met on the way.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aiogram import Bot  # noqa: E402
from aiogram.client.session.aiohttp import AiohttpSession  # noqa: E402
from aiogram.client.telegram import TelegramAPIServer  # noqa: E402

from bot.notifier import BotSender  # noqa: E402
from services.notifications.delivery import DeliveryQueue, Limits  # noqa: E402
from services.notifications.pump import DeliveryPump  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from tests.fakeapi import FakeTelegram  # noqa: E402
from tests.fakeapi.flood import FloodControl  # noqa: E402

TOKEN = "123456:TESTTOKENTESTTOKENTESTTOKEN"


async def run(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite+aiosqlite:///{tmp}/bench.sqlite3")
        await upgrade(db.engine)
        async with FakeTelegram() as fake:
            flood = FloodControl(args.rate, args.chat_rate, args.burst, fault_rate=args.faults)
            fake.flood = flood
            chats = [fake.add_user(fake.new_user(f"u{i}")).id for i in range(args.users)]
            rng = random.Random(7)
            load = [(rng.choice(chats), f"note {i}", ()) for i in range(args.messages)]
            bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(fake.url)))
            queue = DeliveryQueue(db)
            pump = DeliveryPump(
                queue, BotSender(bot), Limits(args.rate, args.chat_rate, args.burst)
            )
            await queue.enqueue_many(load)
            started = time.monotonic()
            await pump.pump(idle_seconds=0.5)
            took = time.monotonic() - started - 0.5  # the idle wait at the end is not work
            await bot.session.close()
        await db.close()
    sent = Counter(
        str(r.params.get("text")) for r in fake.requests if r.method == "sendMessage" and r.ok
    )
    per_chat = Counter(chat for chat, _t, _b in load)
    need = max(
        len(load) / args.rate,
        max(max(0, n - args.burst) / args.chat_rate for n in per_chat.values()),
    )
    lost = sum(1 for _c, text, _b in load if text not in sent)
    twice = sum(1 for n in sent.values() if n > 1)
    print(
        f"messages: {len(load)} to {len(per_chat)} chats; limits {args.rate}/s total, "
        f"{args.chat_rate}/s per chat (burst {args.burst}); faults injected {flood.faults}, "
        f"flood-control 429s {flood.flooded}"
    )
    print(
        f"queue: {took:.1f} s; Telegram's limits require {need:.1f} s; "
        f"ratio {took / need:.2f} (target <= 1.2)"
    )
    print(f"lost: {lost}, sent twice: {twice}")
    return 0 if lost == 0 and twice == 0 else 1


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--rate", type=float, default=30)
    parser.add_argument("--chat-rate", type=float, default=1)
    parser.add_argument("--burst", type=int, default=3)
    parser.add_argument("--faults", type=float, default=0.05)
    return asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
