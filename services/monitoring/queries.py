"""The reads behind the figures: each one short, none of them locks anything."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Operation, Outbox

RECENT = dt.timedelta(hours=1)


async def ping(s: AsyncSession) -> None:
    await s.execute(text("SELECT 1"))


async def operations_running(s: AsyncSession) -> int:
    return int(
        await s.scalar(select(func.count(Operation.id)).where(Operation.status == "running")) or 0
    )


async def queued_by_channel(s: AsyncSession) -> dict[str, int]:
    rows = await s.execute(
        select(Outbox.channel, func.count(Outbox.id))
        .where(Outbox.status == "queued")
        .group_by(Outbox.channel)
    )
    return {channel: int(n) for channel, n in rows}


async def recent_deliveries(s: AsyncSession, now: dt.datetime) -> list[tuple[str, float]]:
    """(channel, seconds from queued to sent) of what was delivered in the last hour."""
    rows = await s.execute(
        select(Outbox.channel, Outbox.created_at, Outbox.sent_at).where(
            Outbox.sent_at.is_not(None), Outbox.sent_at >= now - RECENT
        )
    )
    return [
        (channel, _seconds(sent - created))
        for channel, created, sent in rows
        if sent is not None  # always, by the WHERE above
    ]


def _seconds(delta: dt.timedelta) -> float:
    return max(delta.total_seconds(), 0.0)
