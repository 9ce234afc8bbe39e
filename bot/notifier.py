"""services.ports.Notifier on top of aiogram: plain-data buttons become inline keyboards.
Retries and Telegram's refusals are handled in bot/telegram.py."""

from __future__ import annotations

import logging
from collections.abc import Callable

import aiohttp
from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup

from bot.telegram import Telegram
from handlers.approvals.callbacks import pack as approval_pack
from handlers.notifications.callbacks import pack as notification_pack
from services.notifications.delivery import Outcome, SendResult
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


_GONE = ("chat not found", "user is deactivated", "bot was blocked", "bot was kicked")


class BotSender:
    """services.notifications.ChatSender on aiogram: one call, its outcome classified, and
    a warning (never a traceback) for what Telegram or the network answered."""

    def __init__(self, bot: Bot, pack: Callable[[Button], str] = notification_pack) -> None:
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

    async def send(self, chat_id: int, text: str, buttons: Keyboard) -> SendResult:
        try:
            message = await self.bot.send_message(chat_id, text, reply_markup=self._markup(buttons))
        except TelegramAPIError as exc:
            return _classify(exc)
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            return SendResult(Outcome.TEMPORARY, error=str(exc) or type(exc).__name__)
        return SendResult(Outcome.SENT, message.message_id)

    async def send_file(
        self, chat_id: int, caption: str, kind: str, name: str, data: bytes, buttons: Keyboard
    ) -> SendResult:
        file = BufferedInputFile(data, filename=name)
        markup = self._markup(buttons)
        try:
            if kind == "photo":
                message = await self.bot.send_photo(
                    chat_id, file, caption=caption or None, reply_markup=markup
                )
            else:
                message = await self.bot.send_document(
                    chat_id, file, caption=caption or None, reply_markup=markup
                )
        except TelegramAPIError as exc:
            return _classify(exc)
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            return SendResult(Outcome.TEMPORARY, error=str(exc) or type(exc).__name__)
        return SendResult(Outcome.SENT, message.message_id)

    async def edit(self, chat_id: int, message_id: int, text: str, buttons: Keyboard) -> SendResult:
        try:
            await self.bot.edit_message_text(
                text=text,
                chat_id=chat_id,
                message_id=message_id,
                reply_markup=self._markup(buttons),
            )
        except TelegramAPIError as exc:
            if "message is not modified" in exc.message:
                return SendResult(Outcome.SENT, message_id)
            return _classify(exc)
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            return SendResult(Outcome.TEMPORARY, error=str(exc) or type(exc).__name__)
        return SendResult(Outcome.SENT, message_id)


def _classify(exc: TelegramAPIError) -> SendResult:
    if isinstance(exc, TelegramRetryAfter):
        return SendResult(Outcome.RETRY_AFTER, retry_after=float(exc.retry_after), error="429")
    if isinstance(exc, TelegramServerError | TelegramNetworkError):
        return SendResult(Outcome.TEMPORARY, error=exc.message)
    if isinstance(exc, TelegramForbiddenError):
        return SendResult(Outcome.UNREACHABLE, error=exc.message)
    if any(g in exc.message.lower() for g in _GONE):
        return SendResult(Outcome.UNREACHABLE, error=exc.message)
    return SendResult(Outcome.REJECTED, error=exc.message)
