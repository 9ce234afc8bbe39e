"""Every call to Telegram leaves through here (an aiogram session middleware).

Plain-text fields. Everything the bot builds is HTML: the translator escapes every piece of
data it is given (locales.escape). Telegram shows button labels and callback alerts as plain
text, so those fields are unescaped once, here, on their way out; a name such as ``<b>`` then
reads the same on a button as in the message above it.
"""

from __future__ import annotations

import html
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import AnswerCallbackQuery, TelegramMethod
from aiogram.types import InlineKeyboardMarkup, ReplyKeyboardMarkup


def _plain(text: str) -> str:
    return html.unescape(text) if "&" in text else text


def _plain_markup(markup: Any) -> Any:
    if isinstance(markup, InlineKeyboardMarkup):
        rows = markup.inline_keyboard
        if not any("&" in b.text for row in rows for b in row):
            return markup
        return markup.model_copy(
            update={
                "inline_keyboard": [
                    [b.model_copy(update={"text": _plain(b.text)}) for b in row] for row in rows
                ]
            }
        )
    if isinstance(markup, ReplyKeyboardMarkup):
        rows = markup.keyboard
        if not any("&" in b.text for row in rows for b in row):
            return markup
        return markup.model_copy(
            update={
                "keyboard": [
                    [b.model_copy(update={"text": _plain(b.text)}) for b in row] for row in rows
                ]
            }
        )
    return markup


def plain_fields(method: TelegramMethod[Any]) -> TelegramMethod[Any]:
    """The method with its plain-text fields (buttons, alert) unescaped; others untouched."""
    changes: dict[str, Any] = {}
    markup = getattr(method, "reply_markup", None)
    if markup is not None:
        plain = _plain_markup(markup)
        if plain is not markup:
            changes["reply_markup"] = plain
    if isinstance(method, AnswerCallbackQuery) and method.text and "&" in method.text:
        changes["text"] = _plain(method.text)
    return method.model_copy(update=changes) if changes else method


class TelegramCalls(BaseRequestMiddleware):
    async def __call__(
        self, make_request: NextRequestMiddlewareType[Any], bot: Bot, method: TelegramMethod[Any]
    ) -> Any:
        return await make_request(bot, plain_fields(method))
