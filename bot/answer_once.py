"""Answer each callback query once.

aiogram-dialog answers every callback after its handler; a handler that already answered
with an alert would make that second call fail. Dropping repeats at the session level keeps
both simple and leaves Telegram with one answer per query."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import AnswerCallbackQuery, TelegramMethod

_REMEMBER = 10_000


class AnswerOnce(BaseRequestMiddleware):
    def __init__(self) -> None:
        self._answered: OrderedDict[str, None] = OrderedDict()

    async def __call__(
        self, make_request: NextRequestMiddlewareType[Any], bot: Bot, method: TelegramMethod[Any]
    ) -> Any:
        if not isinstance(method, AnswerCallbackQuery):
            return await make_request(bot, method)
        qid = method.callback_query_id
        if qid in self._answered:
            return True
        self._answered[qid] = None
        if len(self._answered) > _REMEMBER:
            self._answered.popitem(last=False)
        return await make_request(bot, method)
