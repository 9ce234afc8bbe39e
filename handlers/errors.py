"""Errors become a sentence for the user and a log line for us, never a traceback.

An unexpected error gets a short incident id: the user reads it (with a way back to the
menu) and the log carries the traceback under the same id, so a support request leads
straight to its cause. The apology is a message, not a callback alert: the press may have
been answered already, and a second answer would be dropped."""

from __future__ import annotations

import logging
import secrets
from contextlib import suppress

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import CallbackQuery, ErrorEvent
from aiogram_dialog import DialogManager
from aiogram_dialog.api.exceptions import OutdatedIntent, UnknownIntent, UnknownState

from handlers.guard import NotAllowed, refuse
from handlers.menu.button import MenuCb, menu_markup
from handlers.menu.dialog import open_menu
from locales import Translator, translator
from services.access import Principal

router = Router(name="errors")
log = logging.getLogger(__name__)


def incident_id() -> str:
    return secrets.token_hex(3).upper()


@router.callback_query(MenuCb.filter())
async def to_menu(
    cb: CallbackQuery,
    principal: Principal | None,
    dialog_manager: DialogManager,
    i18n: Translator,
) -> None:
    await cb.answer()
    if principal is not None:
        await open_menu(dialog_manager)
    elif cb.message is not None:
        await cb.message.answer(i18n("onboard-stranger"))


@router.error(ExceptionTypeFilter(UnknownIntent, OutdatedIntent, UnknownState))
async def outdated(
    event: ErrorEvent,
    dialog_manager: DialogManager | None = None,
    i18n: Translator | None = None,
    **data: object,
) -> None:
    i18n = i18n or translator(None)
    q = event.update.callback_query
    if q is not None:
        with suppress(TelegramBadRequest):  # the query may have been answered already
            await q.answer(i18n("err-stale-button"), show_alert=True)
    if dialog_manager is not None and data.get("principal") is not None:
        await open_menu(dialog_manager)


@router.error(ExceptionTypeFilter(NotAllowed))
async def not_allowed(
    event: ErrorEvent, dialog_manager: DialogManager | None = None, **data: object
) -> None:
    """A window the role may not see was about to be shown: say no, back to the menu."""
    exc = event.exception
    assert isinstance(exc, NotAllowed)
    update = event.update
    target = update.callback_query or update.message
    if target is not None:
        with suppress(TelegramAPIError):  # the press may have been answered already
            await refuse(target, dict(data), exc.what, exc.target)
    if dialog_manager is not None and data.get("principal") is not None:
        await open_menu(dialog_manager)


@router.error()
async def anything_else(event: ErrorEvent, bot: Bot, **data: object) -> None:
    incident = incident_id()
    update = event.update
    log.error(
        "incident %s: update %s failed",
        incident,
        update.update_id,
        exc_info=(type(event.exception), event.exception, event.exception.__traceback__),
    )
    i18n = data.get("i18n")
    if not isinstance(i18n, Translator):
        i18n = translator(None)
    chat_id = None
    if update.message is not None:
        chat_id = update.message.chat.id
    elif update.callback_query is not None:
        q = update.callback_query
        chat_id = q.message.chat.id if q.message is not None else q.from_user.id
        with suppress(TelegramAPIError):  # stop the spinner, unless it was answered already
            await q.answer()
    if chat_id is None:
        return
    try:
        await bot.send_message(
            chat_id, i18n("err-incident", id=incident), reply_markup=menu_markup(i18n)
        )
    except TelegramAPIError as exc:  # blocked the bot, or Telegram is down past all retries
        log.warning("incident %s: the apology was not delivered: %s", incident, exc)
