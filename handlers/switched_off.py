"""A user whose access an admin switched off is told so, with whom to talk to, on every
message and button: not greeted as a stranger, not sent to onboarding."""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove, TelegramObject

from locales import Translator
from services.users import UserService

router = Router(name="switched_off")


class SwitchedOff(Filter):
    async def __call__(self, event: TelegramObject, switched_off: bool = False) -> bool:
        return switched_off


async def _text(tg_id: int, users: UserService, i18n: Translator) -> str:
    contacts = await users.contacts_for(tg_id)
    if not contacts:
        return i18n("access-off-nobody")
    return i18n("access-off", contacts=", ".join(contacts))


@router.message(SwitchedOff())
async def refuse_message(message: Message, users: UserService, i18n: Translator) -> None:
    if message.from_user is None:
        return
    text = await _text(message.from_user.id, users, i18n)
    await message.answer(text, reply_markup=ReplyKeyboardRemove())


@router.callback_query(SwitchedOff())
async def refuse_button(cb: CallbackQuery, i18n: Translator, **_: Any) -> None:
    await cb.answer(i18n.plain("access-off-short"), show_alert=True)
