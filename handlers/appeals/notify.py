"""Tells an appeal's author that the service centre answered, with a way to the thread."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.appeals.callbacks import AppealCb
from locales import escape, translator
from services.events import AppealAnswered

log = logging.getLogger(__name__)


class AppealNotifier:
    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def on_answered(self, event: AppealAnswered) -> None:
        i18n = translator(event.language)
        kb = InlineKeyboardBuilder()
        kb.button(
            text=i18n("appeal-btn-open"), callback_data=AppealCb(act="open", id=event.appeal_id)
        )
        kb.button(text=i18n("btn-menu"), callback_data=AppealCb(act="menu"))
        kb.adjust(2)
        text = i18n(
            "appeal-answered",
            id=event.appeal_id,
            subject=escape(event.subject),
            answer=escape(event.answer),
        )
        try:
            await self.bot.send_message(event.tg_id, text, reply_markup=kb.as_markup())
        except TelegramAPIError as exc:  # blocked the bot: the answer waits in the thread
            log.warning("appeal %s: cannot tell the author: %s", event.appeal_id, exc)
