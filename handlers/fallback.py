"""Whatever nobody else handled: a clear sentence instead of silence."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager

from handlers.menu.button import menu_markup
from handlers.menu.dialog import open_menu
from locales import Translator
from services.access import Principal

router = Router(name="fallback")


@router.callback_query()
async def stale_button(
    cb: CallbackQuery, principal: Principal | None, dialog_manager: DialogManager, i18n: Translator
) -> None:
    # Buttons from an older release or a finished dialog: explain and show the menu.
    await cb.answer(i18n("err-stale-button"), show_alert=True)
    if principal is not None:
        await open_menu(dialog_manager)


@router.message()
async def unknown_message(message: Message, principal: Principal | None, i18n: Translator) -> None:
    if principal is None:
        await message.answer(i18n("onboard-stranger"))
        return
    await message.answer(i18n("fallback-member"), reply_markup=menu_markup(i18n))
