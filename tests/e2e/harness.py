"""Runs `python -m bot` as a real process against the fake Bot API server."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import shutil
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tests.fakeapi import FakeTelegram, User

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456:TESTTOKENTESTTOKENTESTTOKEN"
DEMO_TODAY = dt.date(2026, 11, 1)
START_SECONDS = 240  # a busy machine only: a quiet one starts the bot in seconds
# Generous: a loaded 2-core machine is slow, and a wait ends as soon as its condition holds.
WAIT_SECONDS = 20


@dataclass
class BotProcess:
    fake: FakeTelegram
    workdir: Path
    env: dict[str, str] = field(default_factory=dict)
    proc: asyncio.subprocess.Process | None = None
    runs: int = 0

    @property
    def log_path(self) -> Path:
        return self.workdir / f"bot-{self.runs}.log"

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DEMO_"))}
        env.update(
            BOT_TOKEN=TOKEN,
            TELEGRAM_API_URL=self.fake.url,
            DATABASE_URL=f"sqlite+aiosqlite:///{self.workdir}/bot.sqlite3",
            OPERATOR_DELAY_MS="0",
            LOG_LEVEL="INFO",
            PYTHONUNBUFFERED="1",
        )
        env.update(self.env)
        return env

    async def start(self) -> None:
        self.runs += 1
        since = len(self.fake.requests)
        log = self.log_path.open("wb")
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            cwd=ROOT,
            env=self.environment(),
            stdout=log,
            stderr=asyncio.subprocess.STDOUT,
        )
        log.close()
        try:
            # Ready once the first long poll is open (not answered: that takes its timeout).
            await self.fake.wait_until(
                lambda: any(
                    r.method in ("getUpdates", "setWebhook") for r in self.fake.requests[since:]
                ),
                timeout=START_SECONDS,
            )
        except AssertionError:
            raise AssertionError(f"bot did not start:\n{self.log()}") from None

    async def stop(self, kill: bool = False) -> None:
        if self.proc is None or self.proc.returncode is not None:
            return
        self.proc.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        try:
            await asyncio.wait_for(self.proc.wait(), 20)
        except TimeoutError:
            self.proc.kill()
            await self.proc.wait()

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    def log(self) -> str:
        parts = []
        for i in range(1, self.runs + 1):
            path = self.workdir / f"bot-{i}.log"
            if path.exists():
                parts.append(path.read_text("utf-8", errors="replace"))
        return "\n".join(parts)

    def assert_no_tracebacks(self) -> None:
        text = self.log()
        assert "Traceback" not in text, text[-6000:]


# aiogram-dialog may redraw a window identically and treats Telegram's answer to that as
# success (as STYLE.md asks); it costs a call but nobody sees it. Every other error counts.
TOLERATED = "message is not modified"


def assert_no_api_errors(fake: FakeTelegram) -> None:
    real = [r for r in fake.errors if not r.injected and TOLERATED not in (r.description or "")]
    lines = "\n".join(f"  {r.method}: {r.description}" for r in real)
    assert not real, f"the bot got {len(real)} API error(s):\n{lines}"


def copy_database(template: Path, workdir: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        src = Path(str(template) + suffix)
        if src.exists():
            shutil.copy(src, workdir / f"bot.sqlite3{suffix}")


__all__ = [
    "DEMO_TODAY",
    "TOKEN",
    "WAIT_SECONDS",
    "BotProcess",
    "FakeTelegram",
    "User",
    "assert_no_api_errors",
    "copy_database",
]
