"""The notifications feature's face: tells people things through the delivery queue, in
their language, and answers what the settings screen shows."""

from __future__ import annotations

import html
from dataclasses import dataclass

from locales import translator
from services.events import MailFailed
from services.notifications import queries as q
from services.notifications.delivery import DeliveryQueue
from services.notifications.outbox import Outbox
from services.ports import Button, Keyboard
from storage.db import Database
from storage.models import OutboxChannel


@dataclass(frozen=True)
class MailStatus:
    configured: bool
    waiting: int


def menu_button(lang: str) -> Keyboard:
    return ((Button(translator(lang)("ntf-btn-menu"), "menu", 0),),)


class Notifications:
    def __init__(
        self, db: Database, queue: DeliveryQueue, outbox: Outbox, mail_configured: bool
    ) -> None:
        self.db = db
        self.queue = queue
        self.outbox = outbox
        self.mail_configured = mail_configured

    async def tell(self, user_id: int, key: str, **args: object) -> int | None:
        """Queue the text `key` for the user, in their language, with a way on; the
        delivery id, or None when the user is unknown or switched off."""
        async with self.db.session() as s:
            chat = await q.user_chat(s, user_id)
        if chat is None:
            return None
        tg_id, lang, _email = chat
        text = translator(lang)(key, **args)
        return await self.queue.enqueue(tg_id, text, menu_button(lang), user_id=user_id)

    async def on_mail_failed(self, event: MailFailed) -> None:
        if event.user_id is None:
            return
        await self.tell(
            event.user_id,
            "ntf-mail-failed",
            to=html.escape(event.recipient),
            subject=html.escape(event.subject or "—"),
            error=html.escape(event.error),
        )

    async def mail_status(self) -> MailStatus:
        async with self.db.session() as s:
            waiting = await q.count_waiting(s, OutboxChannel.EMAIL)
        return MailStatus(self.mail_configured, waiting)
