"""The log line per update, the counters, and secrets kept out of every log record."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from aiogram import Bot, Dispatcher, Router
from aiogram.filters import Command
from aiogram.types import ErrorEvent, Message, Update
from sqlalchemy import select

from bot.observability import Metrics, Redact, UpdateTrace, install, secret_values
from services.monitoring import MonitoringService
from storage.models import Operation, Outbox, User
from tests.e2e.harness import TOKEN


def _update(update_id: int, text: str, user_id: int = 42) -> Update:
    return Update.model_validate(
        {
            "update_id": update_id,
            "message": {
                "message_id": update_id,
                "date": 0,
                "chat": {"id": user_id, "type": "private"},
                "from": {"id": user_id, "is_bot": False, "first_name": "Ann"},
                "text": text,
                "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}],
            },
        }
    )


def _dispatcher(incidents: list[str | None]) -> tuple[Dispatcher, Metrics]:
    router = Router()

    @router.message(Command("fine"))
    async def fine(message: Message) -> None:
        return None

    @router.message(Command("boom"))
    async def boom(message: Message) -> None:
        raise RuntimeError("broken")

    @router.error()
    async def on_error(event: ErrorEvent, update_trace: UpdateTrace) -> None:
        incidents.append(update_trace.incident)

    dp = Dispatcher()
    metrics = Metrics()
    install(dp, metrics)
    dp.include_router(router)
    return dp, metrics


async def test_one_line_per_update_with_handler_outcome_and_incident(caplog) -> None:
    incidents: list[str | None] = []
    dp, metrics = _dispatcher(incidents)
    bot = Bot(TOKEN)
    caplog.set_level(logging.INFO, logger="bot.update")
    await dp.feed_update(bot, _update(1, "/fine"))
    await dp.feed_update(bot, _update(2, "/boom"))
    await dp.feed_update(bot, _update(3, "/unknown"))
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.update"]
    assert len(lines) == 3
    assert lines[0].startswith("update=1 user=42 kind=message handler=")
    assert "fine" in lines[0] and lines[0].endswith("outcome=ok")
    assert "boom" in lines[1] and "outcome=error" in lines[1]
    # the error handler saw the id the log line carries: the user's sentence can quote it
    assert incidents and incidents[0] and lines[1].endswith(f"incident={incidents[0]}")
    assert lines[2].endswith("outcome=unhandled")
    page = metrics.exposition().decode()
    assert 'vm_updates_total{kind="message",outcome="ok"} 1.0' in page
    assert 'vm_updates_total{kind="message",outcome="error"} 1.0' in page
    assert 'vm_update_errors_total{kind="message"} 1.0' in page
    await bot.session.close()


def test_secrets_are_replaced_in_messages_arguments_and_tracebacks() -> None:
    values = secret_values(
        bot_token=TOKEN,
        webhook_secret="hook-Secret-42",
        smtp_password="mail-pa55",
        urls=("postgresql+asyncpg://vm:db-pa55word@db/vm", "redis://:redis-pa55@r:6379/0", None),
    )
    flt = Redact(values)
    formatter = logging.Formatter("%(message)s")
    secret_half = TOKEN.split(":", 1)[1]
    try:
        raise ValueError(f"bad url https://api.telegram.org/bot{TOKEN}/getMe")
    except ValueError:
        import sys

        record = logging.LogRecord(
            "x",
            logging.ERROR,
            __file__,
            1,
            "token %s secret %s",
            (TOKEN, "hook-Secret-42"),
            sys.exc_info(),
        )
    record2 = logging.LogRecord(
        "x",
        logging.INFO,
        __file__,
        1,
        "db-pa55word redis-pa55 mail-pa55 " + secret_half,
        None,
        None,
    )
    out = []
    for rec in (record, record2):
        assert flt.filter(rec)
        out.append(formatter.format(rec))
    text = "\n".join(out)
    for secret in (TOKEN, secret_half, "hook-Secret-42", "mail-pa55", "db-pa55word", "redis-pa55"):
        assert secret not in text
    assert "***" in text and "ValueError" in text  # the traceback is kept, only cleaned


async def test_snapshot_counts_running_operations_and_the_queue(db) -> None:
    from tests import sandbox

    world = await sandbox.build(db, numbers=2)
    async with db.session() as s:
        owner_id = await s.scalar(select(User.id).where(User.tg_id == world.owner_tg))
    now = dt.datetime.now(dt.UTC)
    async with db.transaction() as s:
        for status in ("running", "running", "done"):
            s.add(
                Operation(
                    company_id=world.company_id,
                    user_id=owner_id,
                    code="sms",
                    status=status,
                    params={},
                    total=1,
                )
            )
        s.add(Outbox(channel="email", recipient="a@b.c", body="x"))
        s.add(Outbox(channel="email", recipient="a@b.c", body="x"))
        s.add(
            Outbox(
                channel="sms",
                recipient="+79130000000",
                body="x",
                status="sent",
                created_at=now - dt.timedelta(seconds=30),
                sent_at=now - dt.timedelta(seconds=10),
            )
        )
    monitoring = MonitoringService(db)
    snap = await monitoring.snapshot()
    assert snap.operations_running == 2
    assert snap.queued == {"email": 2}
    assert snap.latency_max["sms"] == pytest.approx(20, abs=1)
    health = await monitoring.health()
    assert health.ok and health.checks == {"database": True}

    async def down() -> bool:
        raise ConnectionError("redis is gone")

    assert not (await MonitoringService(db, {"redis": down}).health()).ok
