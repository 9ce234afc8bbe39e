"""The buttons of the "answered" message: open the thread (if it is still yours) or the menu."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager, ShowMode, StartMode

from handlers.appeals.callbacks import AppealCb
from handlers.appeals.states import AppealsSG
from handlers.menu.states import MenuSG
from locales import Translator
from services.access import Principal
from services.appeals import AppealService

router = Router(name="appeals-inline")


@router.callback_query(AppealCb.filter(F.act == "open"))
async def open_appeal(
    cb: CallbackQuery,
    callback_data: AppealCb,
    principal: Principal,
    appeals: AppealService,
    i18n: Translator,
    dialog_manager: DialogManager,
) -> None:
    # The id came from the client: the service answers only for the user's own appeals.
    if not principal.may("appeals") or await appeals.get(principal, callback_data.id) is None:
        await cb.answer(i18n("appeal-not-found"), show_alert=True)
        return
    await cb.answer()
    await dialog_manager.start(
        MenuSG.main, mode=StartMode.RESET_STACK, show_mode=ShowMode.NO_UPDATE
    )
    await dialog_manager.start(
        AppealsSG.view, data={"id": callback_data.id}, show_mode=ShowMode.SEND
    )


@router.callback_query(AppealCb.filter(F.act == "menu"))
async def to_menu(cb: CallbackQuery, dialog_manager: DialogManager) -> None:
    await cb.answer()
    await dialog_manager.start(MenuSG.main, mode=StartMode.RESET_STACK, show_mode=ShowMode.SEND)
