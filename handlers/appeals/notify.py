"""Tells an appeal's author that the service centre answered, with a way to the thread.
Through the delivery queue: one limit for the bot, retries, and a user who blocked the bot
gets it by e-mail where they have an address."""

from __future__ import annotations

from locales import escape, translator
from services.events import AppealAnswered
from services.notifications.delivery import DeliveryQueue
from services.ports import Button


class AppealNotifier:
    def __init__(self, queue: DeliveryQueue) -> None:
        self.queue = queue

    async def on_answered(self, event: AppealAnswered) -> None:
        i18n = translator(event.language)
        text = i18n(
            "appeal-answered",
            id=event.appeal_id,
            subject=escape(event.subject),
            answer=escape(event.answer),
        )
        buttons = (
            (
                Button(i18n.plain("appeal-btn-open"), "appeal_open", event.appeal_id),
                Button(i18n.plain("btn-menu"), "appeal_menu", 0),
            ),
        )
        await self.queue.enqueue(event.tg_id, text, buttons)
