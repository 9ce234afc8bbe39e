"""services.ports.Notifier on top of aiogram: plain-data buttons become inline keyboards.
Retries and Telegram's refusals are handled in bot/telegram.py."""

from __future__ import annotations

import logging
from collections.abc import Callable

from aiogram import Bot
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.telegram import Telegram
from handlers.approvals.callbacks import pack as approval_pack
from services.ports import Button, Keyboard

log = logging.getLogger(__name__)


class BotNotifier:
    def __init__(self, bot: Bot, pack: Callable[[Button], str] = approval_pack) -> None:
        self.bot = bot
        self.pack = pack

    def _markup(self, buttons: Keyboard) -> InlineKeyboardMarkup | None:
        if not buttons:
            return None
        return InlineKeyboardMarkup(
            inline_keyboard=[
                [InlineKeyboardButton(text=b.text, callback_data=self.pack(b)) for b in row]
                for row in buttons
            ]
        )

    async def send(self, chat_id: int, text: str, buttons: Keyboard = ()) -> int | None:
        message = await Telegram(self.bot).send(chat_id, text, self._markup(buttons))
        return message.message_id if message else None

    async def edit(self, chat_id: int, message_id: int, text: str, buttons: Keyboard = ()) -> bool:
        return await Telegram(self.bot).edit(chat_id, message_id, text, self._markup(buttons))
