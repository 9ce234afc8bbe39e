"""The Menu button under a message that is not a dialog window (an apology, a notice, an
answer): no message leaves the user without a way on. Its press is handled in
handlers/errors.py, which every update passes first."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from locales import Translator


class MenuCb(CallbackData, prefix="menu1"):
    pass


def menu_button(i18n: Translator) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=i18n("btn-menu"), callback_data=MenuCb().pack())


def menu_markup(i18n: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[menu_button(i18n)]])
