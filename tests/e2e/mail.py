"""A bot process that sends its mail through a real SMTP server on loopback (aiosmtpd),
for the end-to-end tests that read the letters."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from tests.e2e.conftest import OWNER_ID, World
from tests.e2e.harness import WAIT_SECONDS, BotProcess, FakeTelegram, copy_database
from tests.smtp_server import Recorder, smtp_server


@asynccontextmanager
async def bot_with_mail(
    tmp_path: Path, template: Path, **env: str
) -> AsyncIterator[tuple[World, Recorder]]:
    """A bot that sends its mail through a real SMTP server on loopback."""
    copy_database(template, tmp_path)
    with smtp_server() as (server, port):
        async with FakeTelegram(default_timeout=WAIT_SECONDS) as fake:
            env = {
                "ADMIN_IDS": str(OWNER_ID),
                "SMTP_HOST": "127.0.0.1",
                "SMTP_PORT": str(port),
                "SMTP_FROM": "vm@corp.test",
                "OUTBOX_INTERVAL_SECONDS": "1",
                **env,
            }
            bot = BotProcess(fake, tmp_path, env=env)
            await bot.start()
            try:
                yield World(fake, bot), server
            finally:
                await bot.stop()
            bot.assert_no_tracebacks()
