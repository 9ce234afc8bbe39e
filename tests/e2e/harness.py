"""Runs `python -m bot` as a real process against the fake Bot API server."""

from __future__ import annotations

import asyncio
import atexit
import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from tests.fakeapi import FakeTelegram, User

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456:TESTTOKENTESTTOKENTESTTOKEN"
DEMO_TODAY = dt.date(2026, 11, 1)
START_SECONDS = 240  # a busy machine only: a quiet one starts the bot in seconds
# Generous: a loaded 2-core machine is slow, and a wait ends as soon as its condition holds.
WAIT_SECONDS = 20
# E2E_FORK=0 starts every bot as its own `python -m bot` (slow: the imports, each time).
FORK = os.environ.get("E2E_FORK", "1") != "0"


class ForkedProcess:
    """A bot forked by the fork server, with what the harness and tests use of asyncio's
    Process: pid, returncode (negative for a signal), send_signal, terminate, kill, wait."""

    def __init__(self, server: ForkServer, pid: int) -> None:
        self.server = server
        self.pid = pid

    @property
    def returncode(self) -> int | None:
        return self.server.status_of(self.pid)

    def send_signal(self, sig: int) -> None:
        if self.returncode is None:
            try:
                os.kill(self.pid, sig)
            except ProcessLookupError:
                pass

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    async def wait(self) -> int:
        # The exit is reported on the server's reader thread, outside any event loop: poll.
        while (code := self.returncode) is None:  # noqa: ASYNC110
            await asyncio.sleep(0.02)
        return code


class ForkServer:
    """tests/e2e/forkserver.py, one per test worker: imports the bot once and forks a bot
    process per start, instead of each start importing it all again."""

    def __init__(self) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DEMO_"))}
        env["PYTHONUNBUFFERED"] = "1"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.e2e.forkserver"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.out = self.proc.stdout
        ready = json.loads(self.out.readline() or b"{}")
        self.alive = bool(ready.get("ready"))
        self.lock = threading.Lock()
        self.next_id = 0
        self.spawning: dict[int, Future[int]] = {}
        self.statuses: dict[int, int] = {}
        if self.alive:
            threading.Thread(target=self._read, name="forkserver", daemon=True).start()
        else:
            self.close()

    def _read(self) -> None:
        for line in self.out:
            message = json.loads(line)
            with self.lock:
                if "exited" in message:
                    self.statuses[message["exited"]] = message["status"]
                elif (waiting := self.spawning.pop(message["id"], None)) is not None:
                    waiting.set_result(message["pid"])
        with self.lock:
            self.alive = False
            for waiting in self.spawning.values():
                waiting.set_exception(RuntimeError("the fork server ended"))
            self.spawning.clear()

    def status_of(self, pid: int) -> int | None:
        with self.lock:
            if pid in self.statuses or self.alive:
                return self.statuses.get(pid)
        try:  # the server died: the bot is an orphan now, alive or not
            os.kill(pid, 0)
        except ProcessLookupError:
            return self.statuses.setdefault(pid, -signal.SIGKILL)
        return None

    async def spawn(self, env: dict[str, str], log: Path, argv: list[str]) -> ForkedProcess:
        with self.lock:
            if not self.alive:
                raise RuntimeError("the fork server ended")
            self.next_id += 1
            waiting: Future[int] = Future()
            self.spawning[self.next_id] = waiting
            request = {"id": self.next_id, "env": env, "cwd": str(ROOT), "log": str(log)}
            assert self.proc.stdin is not None
            self.proc.stdin.write((json.dumps({**request, "argv": argv}) + "\n").encode())
            self.proc.stdin.flush()
        pid = await asyncio.wait_for(asyncio.wrap_future(waiting), START_SECONDS)
        return ForkedProcess(self, pid)

    def close(self) -> None:
        if self.proc.stdin is not None and not self.proc.stdin.closed:
            self.proc.stdin.close()  # the server kills what it still runs, and ends
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


_server: ForkServer | None = None
_server_lock = threading.Lock()


def fork_server() -> ForkServer | None:
    """This worker's fork server, started on first use; None when it cannot fork."""
    global _server
    with _server_lock:
        if _server is None:
            _server = ForkServer()
            atexit.register(_server.close)
        return _server if _server.alive else None


@dataclass
class BotProcess:
    fake: FakeTelegram
    workdir: Path
    env: dict[str, str] = field(default_factory=dict)
    proc: asyncio.subprocess.Process | ForkedProcess | None = None
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
        server = await asyncio.to_thread(fork_server) if FORK else None
        self.proc = None
        if server is not None:
            try:
                self.proc = await server.spawn(self.environment(), self.log_path, [])
            except RuntimeError:  # the server is gone: start the bot the slow way
                self.proc = None
        if self.proc is None:
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
