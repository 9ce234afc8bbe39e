"""The notifications feature's face: tells people things through the delivery queue, in
their language, and answers what the settings screen shows."""

from __future__ import annotations

import html
from dataclasses import dataclass

from locales import Translator, html_join, translator
from services.events import MailFailed, SmsUndelivered
from services.formatting import pretty_phone
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


def sms_reason(i18n: Translator, reason: str) -> str:
    """A gateway's reason as words; an unknown one as it came."""
    key = "ntf-sms-reason-" + reason.replace("_", "-")
    return i18n(key) if i18n.has(key) else reason


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

    async def on_sms_undelivered(self, event: SmsUndelivered) -> None:
        async with self.db.session() as s:
            chat = await q.user_chat(s, event.user_id)
        if chat is None:
            return
        tg_id, lang, _email = chat
        i18n = translator(lang)
        lines = html_join(
            i18n("ntf-sms-failure", to=pretty_phone(to), reason=sms_reason(i18n, reason))
            for to, reason in event.failures
        )
        more = event.failed - len(event.failures)
        text = i18n(
            "ntf-sms-undelivered",
            id=event.operation_id,
            failed=event.failed,
            total=event.failed + event.delivered,
            lines=lines,
            more=i18n("ntf-sms-more", n=more) if more > 0 else "",
        )
        await self.queue.enqueue(tg_id, text, menu_button(lang), user_id=event.user_id)

    async def mail_status(self) -> MailStatus:
        async with self.db.session() as s:
            waiting = await q.count_waiting(s, OutboxChannel.EMAIL)
        return MailStatus(self.mail_configured, waiting)
