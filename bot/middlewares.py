"""Outer middleware: who is this, in which language. One short read per update, no writes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update

from locales import translator
from services.users import UserService
from services.users.service import telegram_language


class UserMiddleware(BaseMiddleware):
    def __init__(self, users: UserService, default_language: str) -> None:
        self.users = users
        self.default_language = default_language

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        tg_user = data.get("event_from_user")
        aiogd = getattr(event, "aiogd_update", None) if isinstance(event, Update) else None
        if tg_user is None and aiogd is not None:
            tg_user = aiogd.from_user  # aiogram-dialog's background updates
        principal = None
        language = None
        switched_off = False
        if tg_user is not None:
            principal = await self.users.principal(tg_user.id)
            if principal is not None:
                # Nobody chose a language for an owner from ADMIN_IDS who never wrote (no
                # name yet): their Telegram client's language speaks first.
                language = principal.language if principal.full_name else None
            else:
                stranger = await self.users.stranger(tg_user.id)
                language, switched_off = stranger.language, stranger.switched_off
            if language is None:
                language = telegram_language(tg_user.language_code) or self.default_language
        data["principal"] = principal
        data["switched_off"] = switched_off  # handlers/switched_off.py answers them
        data["i18n"] = translator(language or self.default_language)
        return await handler(event, data)
