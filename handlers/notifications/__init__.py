"""Notifications: the buttons of queued messages and the «🔔 Уведомления» settings."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager, StartMode

from handlers.menu.states import MenuSG
from handlers.notifications.callbacks import NotifCb

router = Router(name="notifications-inline")


@router.callback_query(NotifCb.filter(F.act == "m"))
async def open_menu(cb: CallbackQuery, dialog_manager: DialogManager) -> None:
    await cb.answer()
    await dialog_manager.start(MenuSG.main, mode=StartMode.RESET_STACK)
