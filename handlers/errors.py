"""Errors become a sentence for the user and a log line for us, never a traceback."""

from __future__ import annotations

import logging
from contextlib import suppress

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import ErrorEvent
from aiogram_dialog import DialogManager
from aiogram_dialog.api.exceptions import OutdatedIntent, UnknownIntent, UnknownState

from handlers.menu.dialog import open_menu
from locales import translator

router = Router(name="errors")
log = logging.getLogger(__name__)


@router.error(ExceptionTypeFilter(UnknownIntent, OutdatedIntent, UnknownState))
async def outdated(
    event: ErrorEvent, dialog_manager: DialogManager | None = None, **data: object
) -> None:
    i18n = data.get("i18n") or translator(None)
    q = event.update.callback_query
    if q is not None:
        with suppress(TelegramBadRequest):  # the query may have been answered already
            await q.answer(i18n("err-stale-button"), show_alert=True)
    if dialog_manager is not None and data.get("principal") is not None:
        await open_menu(dialog_manager)


@router.error()
async def anything_else(event: ErrorEvent, **data: object) -> None:
    log.exception("update %s failed", event.update.update_id, exc_info=event.exception)
    i18n = data.get("i18n") or translator(None)
    update = event.update
    if update.callback_query:
        with suppress(TelegramBadRequest):
            await update.callback_query.answer(i18n("err-internal"), show_alert=True)
    elif update.message:
        await update.message.answer(i18n("err-internal"))
