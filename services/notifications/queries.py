"""SQL of the outbox and the delivery queue: claims are conditional updates, so a row is
taken by exactly one worker even when several instances share the database."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import affected
from storage.models import Outbox, OutboxAttachment, OutboxChannel, OutboxStatus, User

# A row left in "sending" this long belongs to a worker that died mid-send.
STALE_CLAIM = dt.timedelta(minutes=10)


async def due_outbox(
    s: AsyncSession, channel: OutboxChannel, now: dt.datetime, limit: int
) -> list[int]:
    stale = now - STALE_CLAIM
    return list(
        await s.scalars(
            select(Outbox.id)
            .where(
                Outbox.channel == channel,
                or_(
                    (Outbox.status == OutboxStatus.QUEUED)
                    & (or_(Outbox.next_attempt_at.is_(None), Outbox.next_attempt_at <= now)),
                    (Outbox.status == OutboxStatus.SENDING) & (Outbox.claimed_at < stale),
                ),
            )
            .order_by(Outbox.id)
            .limit(limit)
        )
    )


async def claim_outbox(s: AsyncSession, outbox_id: int, now: dt.datetime) -> Outbox | None:
    """Take one row for sending; None when another worker was first."""
    stale = now - STALE_CLAIM
    done = await s.execute(
        update(Outbox)
        .where(
            Outbox.id == outbox_id,
            or_(
                Outbox.status == OutboxStatus.QUEUED,
                (Outbox.status == OutboxStatus.SENDING) & (Outbox.claimed_at < stale),
            ),
        )
        .values(status=OutboxStatus.SENDING, claimed_at=now, attempts=Outbox.attempts + 1)
    )
    if affected(done) != 1:
        return None
    return await s.get(Outbox, outbox_id, populate_existing=True)


async def attachments(s: AsyncSession, outbox_id: int) -> list[OutboxAttachment]:
    return list(
        await s.scalars(
            select(OutboxAttachment)
            .where(OutboxAttachment.outbox_id == outbox_id)
            .order_by(OutboxAttachment.id)
        )
    )


async def finish_outbox(
    s: AsyncSession,
    outbox_id: int,
    status: OutboxStatus,
    *,
    error: str | None = None,
    sent_at: dt.datetime | None = None,
    next_attempt_at: dt.datetime | None = None,
    message_id: str | None = None,
) -> None:
    values: dict[str, object] = {"status": status, "error": error, "claimed_at": None}
    if sent_at is not None:
        values["sent_at"] = sent_at
    if next_attempt_at is not None:
        values["next_attempt_at"] = next_attempt_at
    if message_id is not None:
        values["message_id"] = message_id
    await s.execute(
        update(Outbox)
        .where(Outbox.id == outbox_id, Outbox.status == OutboxStatus.SENDING)
        .values(**values)
    )


async def count_waiting(s: AsyncSession, channel: OutboxChannel) -> int:
    return int(
        await s.scalar(
            select(func.count(Outbox.id)).where(
                Outbox.channel == channel,
                Outbox.status.in_((OutboxStatus.QUEUED, OutboxStatus.SENDING)),
            )
        )
        or 0
    )


async def user_chat(s: AsyncSession, user_id: int) -> tuple[int, str, str | None] | None:
    """(telegram id, language, e-mail) of an active user."""
    row = (
        await s.execute(
            select(User.tg_id, User.language, User.email).where(User.id == user_id, User.active)
        )
    ).first()
    return (row[0], row[1], row[2]) if row else None
