"""Every call to Telegram leaves through here (an aiogram session middleware).

Faults. Telegram answers some calls with 429 ("retry after N seconds"), a 5xx, or not at all
(a network error). Without this layer a reply to a search typed during a flood limit is lost,
and one 502 on the last progress edit leaves «Выполнено 20 из 20» frozen on a finished
operation. So every call — ordinary answers, edits, callback answers, notifications — is
retried here: 429 after the time Telegram asks for, 5xx and network errors with a capped
exponential backoff, within a deadline per call (a callback query dies after about 15 s, so
its answer is not retried for long). A callback answer Telegram calls "too old" is done: the
press got its reply or can no longer get one, and retrying or failing the update helps
nobody.

Plain-text fields. Everything the bot builds is HTML: the translator escapes every piece of
data it is given (locales.escape). Telegram shows button labels and callback alerts as plain
text, so those fields are unescaped once, here, on their way out; a name such as ``<b>`` then
reads the same on a button as in the message above it.

`Telegram` below is the small face the non-update code (notifications, progress) uses: an
edit that changes nothing is a success, a user who blocked the bot is a logged `None`.
"""

from __future__ import annotations

import asyncio
import contextvars
import html
import logging
import time
from dataclasses import dataclass
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import AnswerCallbackQuery, GetUpdates, TelegramMethod
from aiogram.methods.base import Response
from aiogram.types import (
    BufferedInputFile,
    InlineKeyboardMarkup,
    Message,
    ReplyKeyboardMarkup,
)

log = logging.getLogger(__name__)

NOT_MODIFIED = "message is not modified"
QUERY_GONE = ("query is too old", "query id is invalid")

# aiogram reads every answer as Response[<the method's result>]; pydantic keeps such a class
# only while something else refers to it, so the garbage collector kept dropping them and
# every call built its class again: a fifth of the bot's time per update. Held here, each is
# built once.
_RESPONSE_TYPES: dict[type, Any] = {}


@dataclass(frozen=True)
class RetryPolicy:
    deadline: float = 60.0  # seconds one call may take, waits included
    answer_deadline: float = 8.0  # a callback query expires about 15 s after the press
    first_backoff: float = 0.3
    max_backoff: float = 5.0
    max_attempts: int = 8


# A caller that would rather skip a call than wait (an intermediate progress figure: the next
# one is on its way) lowers the deadline for the calls it makes.
_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("deadline", default=None)


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
        keys = markup.keyboard
        if not any("&" in b.text for row in keys for b in row):
            return markup
        return markup.model_copy(
            update={
                "keyboard": [
                    [b.model_copy(update={"text": _plain(b.text)}) for b in row] for row in keys
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
    """Retries, plain-text fields and gone callback queries, for every call the bot makes."""

    def __init__(self, policy: RetryPolicy | None = None) -> None:
        self.policy = policy or RetryPolicy()

    async def __call__(
        self, make_request: NextRequestMiddlewareType[Any], bot: Bot, method: TelegramMethod[Any]
    ) -> Any:
        if type(method) not in _RESPONSE_TYPES:
            _RESPONSE_TYPES[type(method)] = Response[method.__returning__]  # type: ignore[name-defined]
        if isinstance(method, GetUpdates):  # polling has its own backoff
            return await make_request(bot, method)
        method = plain_fields(method)
        is_answer = isinstance(method, AnswerCallbackQuery)
        p = self.policy
        budget = _deadline.get()
        if budget is None:
            budget = p.answer_deadline if is_answer else p.deadline
        deadline = time.monotonic() + budget
        backoff = p.first_backoff
        attempt = 0
        while True:
            attempt += 1
            try:
                return await make_request(bot, method)
            except TelegramBadRequest as exc:
                if is_answer and any(s in exc.message.lower() for s in QUERY_GONE):
                    return True
                raise
            except TelegramRetryAfter as exc:
                wait = float(exc.retry_after)
                error: Exception = exc
            except (TelegramServerError, TelegramNetworkError) as exc:
                wait = backoff
                backoff = min(backoff * 2, p.max_backoff)
                error = exc
            if attempt >= p.max_attempts or time.monotonic() + wait > deadline:
                log.warning(
                    "%s failed after %d attempt(s): %s", method.__api_method__, attempt, error
                )
                raise error
            log.info("%s: %s; retrying in %.1f s", method.__api_method__, error, wait)
            await asyncio.sleep(wait)


class Telegram:
    """Sends and edits for code outside an update (notifications, progress of operations)."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(
        self, chat_id: int, text: str, markup: InlineKeyboardMarkup | None = None
    ) -> Message | None:
        try:
            return await self.bot.send_message(chat_id, text, reply_markup=markup)
        except (TelegramForbiddenError, TelegramBadRequest) as exc:
            # Blocked the bot or never started it: the others still get theirs.
            log.warning("cannot send to %s: %s", chat_id, exc.message)
        except (TelegramServerError, TelegramNetworkError, TelegramRetryAfter) as exc:
            log.warning("cannot send to %s (retries exhausted): %s", chat_id, exc)
        return None

    async def edit(
        self,
        chat_id: int,
        message_id: int,
        text: str,
        markup: InlineKeyboardMarkup | None = None,
        *,
        patient: bool = True,
    ) -> bool:
        """`patient=False`: give up after a couple of seconds (a newer edit will follow)."""
        token = _deadline.set(None if patient else 2.0)
        try:
            await self.bot.edit_message_text(
                text=text, chat_id=chat_id, message_id=message_id, reply_markup=markup
            )
            return True
        except TelegramBadRequest as exc:
            if NOT_MODIFIED in exc.message:
                return True
            log.warning("cannot edit %s/%s: %s", chat_id, message_id, exc.message)
        except TelegramForbiddenError as exc:
            log.warning("cannot edit %s/%s: %s", chat_id, message_id, exc.message)
        except (TelegramServerError, TelegramNetworkError, TelegramRetryAfter) as exc:
            log.warning("cannot edit %s/%s (retries exhausted): %s", chat_id, message_id, exc)
        finally:
            _deadline.reset(token)
        return False

    async def document(self, chat_id: int, data: bytes, filename: str) -> bool:
        try:
            await self.bot.send_document(chat_id, BufferedInputFile(data, filename=filename))
            return True
        except (TelegramForbiddenError, TelegramBadRequest) as exc:
            log.warning("cannot send %s to %s: %s", filename, chat_id, exc.message)
        except (TelegramServerError, TelegramNetworkError, TelegramRetryAfter) as exc:
            log.warning("cannot send %s to %s (retries exhausted): %s", filename, chat_id, exc)
        return False
