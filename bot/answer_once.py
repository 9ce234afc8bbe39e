"""Telegram takes one answer per callback query; a second one is an error. aiogram-dialog
answers every dialog callback itself and CallbackAnswerMiddleware answers after any handler,
so without this a dialog click answers twice. The first answer wins, the rest are dropped."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import AnswerCallbackQuery, TelegramMethod
from aiogram.methods.base import Response, TelegramType


class AnswerOnce(BaseRequestMiddleware):
    def __init__(self, remember: int = 10_000) -> None:
        self.remember = remember
        self._answered: OrderedDict[str, None] = OrderedDict()

    async def __call__(self, make_request: NextRequestMiddlewareType[TelegramType], bot: Bot,
                       method: TelegramMethod[TelegramType]) -> Response[TelegramType] | Any:
        if isinstance(method, AnswerCallbackQuery):
            if method.callback_query_id in self._answered:
                return Response[bool](ok=True, result=True)
            self._answered[method.callback_query_id] = None
            while len(self._answered) > self.remember:
                self._answered.popitem(last=False)
        return await make_request(bot, method)
