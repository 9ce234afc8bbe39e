"""Menu navigation throughput: `python -m bot` against a bare aiogram bot, same machine, same run.

Each person sends /start, opens «❓ Помощь» and goes back (three updates a round), waiting for
every answer before the next step, like a person would. Both bots poll the fake Bot API
server of tests/fakeapi (in this process); the bare bot answers the same updates with the
same calls and no storage, middleware or dialogs. Printed: updates/s for 1 person and for
40 at once, the project's ratio to the bare bot, and 40 against 1 (must not be below 1).

Run: .venv/bin/python bench/bench_throughput.py [--people 40] [--rounds 3] [--repeats 3]
     [--postgres]
(--postgres: PostgreSQL of TEST_PG_URL in a throw-away database, Redis at REDIS_URL)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import signal
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fakeapi import BotMessage, FakeTelegram, Request, User  # noqa: E402

PG_URL = os.environ.get("TEST_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/7")
TOKEN = "123456:BENCHTOKENBENCHTOKENBENCHTOKEN"
FIRST_ID = 777100001
MENU, HELP, BACK, HELP_TEXT = "Виртуальный менеджер", "❓ Помощь", "◀️ Назад", "Вам открыты разделы"
TIMEOUT = 120.0
SELF = str(Path(__file__).resolve())
LOG_LEVEL = os.environ.get("BENCH_LOG_LEVEL", "WARNING")  # INFO: a line per update
KEEP_LOGS = os.environ.get("BENCH_KEEP_LOGS")  # a directory to copy the bots' logs to


# --- the bare bot -----------------------------------------------------------------------------


def bare_bot(api_url: str) -> None:
    """The floor: aiogram alone, answering each update with the calls the project makes."""
    from aiogram import Bot, Dispatcher, F
    from aiogram.client.default import DefaultBotProperties
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.filters import CommandStart
    from aiogram.types import CallbackQuery, Message
    from aiogram.utils.keyboard import InlineKeyboardBuilder

    def menu_markup():  # type: ignore[no-untyped-def]
        kb = InlineKeyboardBuilder()
        for key in ("📱 Номера", "🏢 Иерархия", "⚙️ Операции", "👥 Пользователи", HELP):
            kb.button(text=key, callback_data="help" if key == HELP else "x")
        kb.button(text="🇬🇧 English", callback_data="x")
        return kb.adjust(2).as_markup()

    def back_markup():  # type: ignore[no-untyped-def]
        return InlineKeyboardBuilder().button(text=BACK, callback_data="back").as_markup()

    dp = Dispatcher()

    @dp.message(CommandStart())
    async def start(message: Message) -> None:
        name = message.from_user.full_name if message.from_user else ""
        await message.answer(f"<b>{MENU}</b>\n{name} · владелец", reply_markup=menu_markup())

    @dp.callback_query(F.data == "help")
    async def help_(cb: CallbackQuery) -> None:
        await cb.message.edit_text(f"<b>Помощь</b>\n{HELP_TEXT} бот", reply_markup=back_markup())
        await cb.answer()

    @dp.callback_query(F.data == "back")
    async def back(cb: CallbackQuery) -> None:
        name = cb.from_user.full_name
        await cb.message.edit_text(f"<b>{MENU}</b>\n{name} · владелец", reply_markup=menu_markup())
        await cb.answer()

    session = AiohttpSession(api=TelegramAPIServer.from_base(api_url))
    bot = Bot(TOKEN, session=session, default=DefaultBotProperties(parse_mode="HTML"))
    asyncio.run(dp.start_polling(bot, handle_signals=True))


# --- processes ------------------------------------------------------------------------------


class Process:
    def __init__(self, fake: FakeTelegram, args: list[str], env: dict[str, str], log: Path):
        self.fake, self.args, self.env, self.log = fake, args, env, log
        self.proc: asyncio.subprocess.Process | None = None

    async def __aenter__(self) -> Process:
        since = len(self.fake.requests)
        with self.log.open("wb") as out:
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable, *self.args, cwd=ROOT, env=self.env, stdout=out, stderr=out
            )
        try:
            await self.fake.wait_until(
                lambda: any(r.method == "getUpdates" for r in self.fake.requests[since:]),
                timeout=90,
            )
        except AssertionError:
            raise SystemExit(f"bot did not start:\n{self.log.read_text()[-3000:]}") from None
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self.proc is not None
        if self.proc.returncode is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.proc.wait(), 20)
            except TimeoutError:
                self.proc.kill()
                await self.proc.wait()


def base_env(fake: FakeTelegram) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DEMO_", "REDIS_"))}
    env.update(BOT_TOKEN=TOKEN, TELEGRAM_API_URL=fake.url, LOG_LEVEL=LOG_LEVEL)
    return env


@contextlib.asynccontextmanager
async def project_env(
    fake: FakeTelegram, tmp: Path, people: int, postgres: bool
) -> AsyncIterator[dict[str, str]]:
    env = base_env(fake)
    env.update(
        ADMIN_IDS=",".join(str(FIRST_ID + i) for i in range(people)),
        DEMO_DATA="1",
        DEMO_NUMBERS="60",
        OPERATOR_DELAY_MS="0",
        SCHEDULER_INTERVAL_SECONDS="3600",
    )
    if not postgres:
        env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp}/bench.sqlite3"
        yield env
        return
    import asyncpg
    import redis.asyncio as redis

    name = f"vm_bench_{uuid.uuid4().hex[:10]}"
    prefix = f"b{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(PG_URL.replace("+asyncpg", ""))
    await admin.execute(f"CREATE DATABASE {name}")
    env.update(
        DATABASE_URL=PG_URL.rsplit("/", 1)[0] + f"/{name}", REDIS_URL=REDIS_URL, REDIS_PREFIX=prefix
    )
    try:
        yield env
    finally:
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await admin.close()
        client = redis.from_url(REDIS_URL)
        keys = await client.keys(f"{prefix}:*")
        if keys:
            await client.delete(*keys)
        await client.aclose()


# --- the people -------------------------------------------------------------------------------


Predicate = Callable[[BotMessage], bool]


class BenchTelegram(FakeTelegram):
    """The fake with a waiting scheme that costs nothing per idle person: the fake's own
    wait_* re-check every waiter on every call, which would make the harness the bottleneck
    with forty people. Here a call wakes only the person whose chat it touched."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(strict_html=False, **kwargs)
        self._expect: dict[int, tuple[Predicate, asyncio.Future[BotMessage]]] = {}

    def expect(self, user: User, predicate: Predicate) -> asyncio.Future[BotMessage]:
        future: asyncio.Future[BotMessage] = asyncio.get_running_loop().create_future()
        self._expect[user.id] = (predicate, future)
        return future

    async def call(self, method: str, params: dict[str, Any], *args: Any, **kwargs: Any) -> Request:
        rec = await super().call(method, params, *args, **kwargs)
        chat_id = rec.params.get("chat_id")
        waiting = self._expect.get(chat_id) if isinstance(chat_id, int) else None
        if waiting and rec.ok and isinstance(rec.result, dict) and "message_id" in rec.result:
            predicate, future = waiting
            message = self._chats[chat_id].bot.get(rec.result["message_id"])
            if message is not None and predicate(message) and not future.done():
                del self._expect[chat_id]
                future.set_result(message)
        return rec


def is_menu(message: BotMessage) -> bool:
    return MENU in message.content and HELP in message.buttons


def is_help(message: BotMessage) -> bool:
    return HELP_TEXT in message.content


async def step(
    fake: BenchTelegram,
    user: User,
    predicate: Callable[[BotMessage], bool],
    action: Awaitable[object],
) -> BotMessage:
    answered = fake.expect(user, predicate)
    await action
    return await asyncio.wait_for(answered, TIMEOUT)


async def round_trip(fake: BenchTelegram, user: User) -> None:
    menu = await step(fake, user, is_menu, fake.send_command(user, "/start"))
    await step(fake, user, is_help, fake.click(user, menu, HELP))
    await step(fake, user, is_menu, fake.click(user, menu, BACK))


async def walk(fake: BenchTelegram, user: User, rounds: int) -> None:
    for _ in range(rounds):
        await round_trip(fake, user)


async def measure(fake: BenchTelegram, users: list[User], rounds: int) -> float:
    """Updates per second while every user walks the menu `rounds` times, all at once."""
    started = time.perf_counter()
    await asyncio.gather(*(walk(fake, u, rounds) for u in users))
    elapsed = time.perf_counter() - started
    await fake.wait_until(lambda: not fake.unanswered_callbacks(), timeout=TIMEOUT)
    return 3 * rounds * len(users) / elapsed


async def measure_both(
    fake: BenchTelegram, users: list[User], rounds: int, solo_rounds: int
) -> tuple[float, float]:
    solo = await measure(fake, users[:1], solo_rounds)
    crowd = await measure(fake, users, rounds)
    return solo, crowd


def people_of(count: int) -> list[User]:
    return [
        User(id=FIRST_ID + i, first_name=f"Человек {i}", language_code="ru") for i in range(count)
    ]


async def main(people: int, rounds: int, postgres: bool, repeats: int) -> int:
    """Both bots run side by side (one idle while the other is measured) and are measured in
    turn, `repeats` times; each keeps its best. On a shared, loaded machine a single pass of
    each would mostly compare the load of two moments."""
    backend = "PostgreSQL + Redis" if postgres else "SQLite"
    solo_rounds = max(5, rounds * 3)
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        results = {"bare": (0.0, 0.0), "project": (0.0, 0.0)}
        passes: list[str] = []
        async with (
            BenchTelegram(default_timeout=TIMEOUT) as bare_fake,
            BenchTelegram(default_timeout=TIMEOUT) as fake,
        ):
            bots = {"bare": (bare_fake, people_of(people)), "project": (fake, people_of(people))}
            bare_args = [SELF, "--bare-bot", bare_fake.url]
            async with (
                Process(bare_fake, bare_args, base_env(bare_fake), tmp / "bare.log"),
                project_env(fake, tmp, people, postgres) as env,
                Process(fake, ["-m", "bot"], env, tmp / "bot.log"),
            ):
                for who_fake, users in bots.values():  # warm-up: first contact
                    await asyncio.gather(*(round_trip(who_fake, u) for u in users))
                for _ in range(repeats):
                    got = {}
                    for who, (who_fake, users) in bots.items():
                        got[who] = await measure_both(who_fake, users, rounds, solo_rounds)
                        best = results[who]
                        results[who] = (max(best[0], got[who][0]), max(best[1], got[who][1]))
                    passes.append(f"{got['project'][1] / got['bare'][1]:.2f}")
            for who, (who_fake, _users) in bots.items():
                errors = [r for r in who_fake.errors if "not modified" not in (r.description or "")]
                if errors:
                    print(f"{who}: {len(errors)} API errors, first: {errors[0].description}")
        if KEEP_LOGS:
            for log in ("bare.log", "bot.log"):
                shutil.copy(tmp / log, Path(KEEP_LOGS) / log)
    (bare_1, bare_n), (proj_1, proj_n) = results["bare"], results["project"]
    print(f"menu navigation on {backend}: /start, «Помощь», «Назад» ({3 * rounds} updates each)")
    print(f"  bare aiogram   1 person {bare_1:7.1f} upd/s   {people} people {bare_n:7.1f} upd/s")
    print(f"  project        1 person {proj_1:7.1f} upd/s   {people} people {proj_n:7.1f} upd/s")
    print(
        f"  ratio to bare  1 person {proj_1 / bare_1:7.2f}         {people} people "
        f"{proj_n / bare_n:7.2f}  (target >= 0.35)"
    )
    print(f"  project {people} people vs 1: {proj_n / proj_1:.2f}x (must be >= 1)")
    print(f"  best of {repeats} alternating passes; {people} people ratio per pass: {passes}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--bare-bot":
        bare_bot(sys.argv[2])
        sys.exit(0)
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    sys.exit(asyncio.run(main(args.people, args.rounds, args.postgres, args.repeats)))
