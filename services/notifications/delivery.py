"""One persisted queue for every Telegram message that is not a direct answer: approval
cards, decisions, completion notes, alerts, digests.

Why: Telegram allows about 30 messages a second in total and about one a second per chat
(short bursts pass), answers 429 with `retry_after` beyond that, and now and then a 5xx.
Sending directly, one by one, loses messages to the first two and stalls on the third.
Here every message is a row first (so a restart loses nothing), and one pump on the
leader instance sends them: paced to the global rate, a token bucket per chat, one
message in flight per chat (so a chat sees them in order), `retry_after` honoured for
that chat, 5xx and network errors retried with a capped backoff. A row is claimed with a
conditional update before it is sent, so no message goes out twice. A chat that blocked
the bot is marked unreachable; its messages go by e-mail when the user has an address.

`DeliveryQueue` is also a `services.ports.Notifier`: `send` queues and waits (briefly)
for the message id, so callers that edit their message later keep working.
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, runtime_checkable

from sqlalchemy import delete, insert, select

from services.ports import Button, Keyboard
from storage.db import Database
from storage.models import Delivery, DeliveryStatus, Unreachable, utcnow

log = logging.getLogger(__name__)

WAIT_FOR_ID = 15.0  # how long `send` waits for the message id before returning None


class Outcome(StrEnum):
    SENT = "sent"
    RETRY_AFTER = "retry_after"  # 429: wait `retry_after` seconds
    TEMPORARY = "temporary"  # 5xx, network, timeout
    UNREACHABLE = "unreachable"  # blocked the bot, chat not found, user deactivated
    REJECTED = "rejected"  # Telegram refuses this message itself (400)


@dataclass(frozen=True)
class SendResult:
    outcome: Outcome
    message_id: int | None = None
    retry_after: float = 0.0
    error: str = ""


CAPTION_MAX = 1024  # Telegram's limit for a photo's or a document's caption


@runtime_checkable
class FileSender(Protocol):
    """A ChatSender that also sends a photo or a document (`kind`) with a caption."""

    async def send_file(
        self, chat_id: int, caption: str, kind: str, name: str, data: bytes, buttons: Keyboard
    ) -> SendResult: ...


class ChatSender(Protocol):
    """The Telegram side (bot/notifier.py): one call, its outcome classified."""

    async def send(self, chat_id: int, text: str, buttons: Keyboard) -> SendResult: ...

    async def edit(
        self, chat_id: int, message_id: int, text: str, buttons: Keyboard
    ) -> SendResult: ...


@dataclass(frozen=True)
class Limits:
    per_second: float = 30.0  # all chats together
    chat_per_second: float = 1.0
    chat_burst: int = 3


def _dump(buttons: Keyboard) -> list[list[dict[str, object]]]:
    return [[{"text": b.text, "action": b.action, "ref": b.ref} for b in row] for row in buttons]


def load_buttons(raw: Sequence[Sequence[dict[str, object]]] | None) -> Keyboard:
    return tuple(
        tuple(Button(str(b["text"]), str(b["action"]), int(str(b["ref"]))) for b in row)
        for row in raw or ()
    )


_TAG = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """The HTML of a Telegram message as plain text for e-mail."""
    return html.unescape(_TAG.sub("", text))


class DeliveryQueue:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.wake = asyncio.Event()  # set when rows are queued: the pump looks at once
        self.fresh = True  # rows were queued since the pump's last look at the table
        self._waiters: dict[int, asyncio.Future[int | None]] = {}
        self._listeners: list[Callable[[], None]] = []

    def listen(self, listener: Callable[[], None]) -> None:
        """Called whenever rows are queued (the container subscribes the local pump once)."""
        self._listeners.append(listener)

    # --- queueing -------------------------------------------------------------------------

    async def enqueue(
        self,
        chat_id: int,
        text: str,
        buttons: Keyboard = (),
        *,
        user_id: int | None = None,
        edit_message_id: int | None = None,
        mail_subject: str | None = None,
        supersede: bool = False,
    ) -> int:
        """Queue one message (or an edit); its delivery id. Returns at once. `supersede`
        (edits only): earlier edits of that message still waiting are dropped, so a
        progress message held back by faults shows the newest figures, not each old one."""
        ids = await self.enqueue_many(
            [(chat_id, text, buttons)],
            user_id=user_id,
            edit_message_id=edit_message_id,
            mail_subject=mail_subject,
            supersede=supersede and edit_message_id is not None,
        )
        return ids[0]

    async def enqueue_many(
        self,
        messages: Sequence[tuple[int, str, Keyboard]],
        *,
        user_id: int | None = None,
        edit_message_id: int | None = None,
        mail_subject: str | None = None,
        supersede: bool = False,
    ) -> list[int]:
        now = utcnow()
        rows = [
            {
                "chat_id": chat_id,
                "user_id": user_id,
                "text": text,
                "buttons": _dump(buttons),
                "edit_message_id": edit_message_id,
                "fallback_subject": mail_subject,
                "status": DeliveryStatus.QUEUED,
                "attempts": 0,
                "next_attempt_at": now,
                "created_at": now,
            }
            for chat_id, text, buttons in messages
        ]
        async with self.db.transaction() as s:
            if supersede:
                await s.execute(
                    delete(Delivery).where(
                        Delivery.chat_id.in_({chat for chat, _t, _b in messages}),
                        Delivery.edit_message_id == edit_message_id,
                        Delivery.status == DeliveryStatus.QUEUED,
                    )
                )
            ids = list(await s.scalars(insert(Delivery).returning(Delivery.id), rows))
        self.fresh = True
        self.wake.set()
        for listener in self._listeners:
            listener()
        return ids

    async def enqueue_file(
        self,
        chat_id: int,
        caption: str,
        kind: str,
        name: str,
        data: bytes,
        buttons: Keyboard = (),
        *,
        user_id: int | None = None,
    ) -> int:
        """Queue a photo (`kind` "photo") or a document ("document") with an HTML caption."""
        if kind not in ("photo", "document"):
            raise ValueError(f"not a file kind: {kind!r}")
        async with self.db.transaction() as s:
            delivery_id = await s.scalar(
                insert(Delivery)
                .values(
                    chat_id=chat_id,
                    user_id=user_id,
                    text=caption[:CAPTION_MAX],
                    buttons=_dump(buttons),
                    file_kind=kind,
                    file_name=name,
                    file_data=data,
                    status=DeliveryStatus.QUEUED,
                    attempts=0,
                    next_attempt_at=utcnow(),
                    created_at=utcnow(),
                )
                .returning(Delivery.id)
            )
        assert delivery_id is not None
        self.fresh = True
        self.wake.set()
        for listener in self._listeners:
            listener()
        return delivery_id

    # --- Notifier --------------------------------------------------------------------------

    async def send(self, chat_id: int, text: str, buttons: Keyboard = ()) -> int | None:
        delivery_id = await self.enqueue(chat_id, text, buttons)
        return await self._wait(delivery_id)

    async def edit(self, chat_id: int, message_id: int, text: str, buttons: Keyboard = ()) -> bool:
        delivery_id = await self.enqueue(chat_id, text, buttons, edit_message_id=message_id)
        return await self._wait(delivery_id) is not None

    async def _wait(self, delivery_id: int) -> int | None:
        """The message id once it is delivered; None if it failed or takes long (it is still
        delivered later: only its id is unknown to the caller)."""
        loop = asyncio.get_running_loop()
        future = self._waiters.setdefault(delivery_id, loop.create_future())
        deadline = time.monotonic() + WAIT_FOR_ID
        try:
            while time.monotonic() < deadline:
                try:
                    return await asyncio.wait_for(asyncio.shield(future), timeout=1.0)
                except TimeoutError:
                    pass  # another instance may be the one sending: look at the row
                async with self.db.session() as s:
                    row = (
                        await s.execute(
                            select(Delivery.status, Delivery.message_id).where(
                                Delivery.id == delivery_id
                            )
                        )
                    ).first()
                if row is None or row[0] in (DeliveryStatus.FAILED, DeliveryStatus.UNREACHABLE):
                    return None
                if row[0] == DeliveryStatus.SENT:
                    return int(row[1]) if row[1] is not None else 0
            return None
        finally:
            self._waiters.pop(delivery_id, None)

    def resolve(self, delivery_id: int, message_id: int | None) -> None:
        """The pump's word on a delivery: wakes a `send` waiting for it."""
        future = self._waiters.get(delivery_id)
        if future is not None and not future.done():
            future.set_result(message_id)

    async def reachable_again(self, chat_id: int) -> None:
        """The user wrote to the bot again: messages to them are worth trying."""
        async with self.db.transaction() as s:
            await s.execute(delete(Unreachable).where(Unreachable.chat_id == chat_id))

    async def unreachable_chats(self) -> set[int]:
        async with self.db.session() as s:
            return set(await s.scalars(select(Unreachable.chat_id)))
