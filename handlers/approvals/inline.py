"""Buttons on approval cards and on the requester's receipt. A card may be old: every press
is re-checked by the service (company, scope, level, own request, current state), so forged
or late presses answer with the state and change nothing."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram_dialog import DialogManager, ShowMode, StartMode

from handlers.approvals import render
from handlers.approvals.callbacks import ApprovalCb
from handlers.approvals.states import RejectSG, RequestSG
from handlers.menu.button import menu_button
from locales import Translator
from services.access import Principal
from services.approvals import ApprovalService, Details, Outcome, Result, Status
from services.audit import AuditService

router = Router(name="approvals-inline")
REFUSED = (Outcome.NOT_FOUND, Outcome.FORBIDDEN, Outcome.SELF)


async def _refused(
    cb: CallbackQuery, data: dict[str, Any], principal: Principal, request_id: int
) -> None:
    audit: AuditService | None = data.get("audit")
    if audit is not None:
        await audit.refused(principal, "request", request_id, tg_id=cb.from_user.id)


async def _answer(
    cb: CallbackQuery,
    data: dict[str, Any],
    principal: Principal,
    i18n: Translator,
    res: Result,
    request_id: int,
) -> None:
    if res.outcome in REFUSED:
        await _refused(cb, data, principal, request_id)
    await render.reply(cb, data, *render.answer(i18n, res))


async def _not_found(
    cb: CallbackQuery, data: dict[str, Any], principal: Principal, i18n: Translator, request_id: int
) -> None:
    await _refused(cb, data, principal, request_id)
    await render.reply(cb, data, i18n("apr-ans-not-found"), True)


async def _ask_reason(
    cb: CallbackQuery, data: dict[str, Any], manager: DialogManager, state: State, request_id: int
) -> None:
    # The card stays as it is; the reason is asked in a message of its own.
    await render.reply(cb, data, "", False)
    await manager.start(
        state, data={"id": request_id}, mode=StartMode.NORMAL, show_mode=ShowMode.SEND
    )


@router.callback_query(ApprovalCb.filter(F.act.in_({"ok", "wd"})))
async def approve_or_withdraw(
    cb: CallbackQuery,
    callback_data: ApprovalCb,
    principal: Principal,
    approvals: ApprovalService,
    i18n: Translator,
    **data: Any,
) -> None:
    act = approvals.approve if callback_data.act == "ok" else approvals.withdraw
    res = await act(principal, callback_data.id)
    await _answer(cb, data, principal, i18n, res, callback_data.id)


@router.callback_query(ApprovalCb.filter(F.act == "no"))
async def reject(
    cb: CallbackQuery,
    callback_data: ApprovalCb,
    principal: Principal,
    approvals: ApprovalService,
    i18n: Translator,
    dialog_manager: DialogManager,
    **data: Any,
) -> None:
    res = await approvals.check_decidable(principal, callback_data.id)
    if res.outcome != Outcome.DONE:
        await _answer(cb, data, principal, i18n, res, callback_data.id)
        return
    await _ask_reason(cb, data, dialog_manager, RejectSG.reason, callback_data.id)


@router.callback_query(ApprovalCb.filter(F.act == "i"))
async def info(
    cb: CallbackQuery,
    callback_data: ApprovalCb,
    principal: Principal,
    approvals: ApprovalService,
    i18n: Translator,
    bot: Bot,
    **data: Any,
) -> None:
    details = await approvals.details(principal, callback_data.id)
    if details is None:
        await _not_found(cb, data, principal, i18n, callback_data.id)
        return
    await render.reply(cb, data, "", False)
    # Into the presser's own chat: the card may be too old for the bot to reply to.
    await bot.send_message(
        cb.from_user.id,
        render.details(i18n, approvals.texts, details),
        reply_markup=_details_markup(i18n, details),
    )


def _details_markup(i18n: Translator, details: Details) -> InlineKeyboardMarkup:
    """The decision stays one press away on the details too; Back closes them."""
    rid = details.request.id
    rows = []
    if details.can_decide:
        rows.append(
            [
                _button(i18n("apr-btn-approve"), "ok", rid),
                _button(i18n("apr-btn-reject"), "no", rid),
            ]
        )
    if details.can_withdraw:
        rows.append([_button(i18n("apr-btn-withdraw"), "wd", rid)])
    rows.append([_button(i18n("btn-back"), "x", rid), menu_button(i18n)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def _button(text: str, act: str, request_id: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=ApprovalCb(act=act, id=request_id).pack())


@router.callback_query(ApprovalCb.filter(F.act == "x"))
async def close_details(cb: CallbackQuery, **data: Any) -> None:
    """Back on the details: they go, the card they came from is where it was."""
    await render.reply(cb, data, "", False)
    if isinstance(cb.message, Message):
        with suppress(TelegramBadRequest):  # too old to delete: it simply stays
            await cb.message.delete()


@router.callback_query(ApprovalCb.filter(F.act == "why"))
async def justify(
    cb: CallbackQuery,
    callback_data: ApprovalCb,
    principal: Principal,
    approvals: ApprovalService,
    i18n: Translator,
    dialog_manager: DialogManager,
    **data: Any,
) -> None:
    info = await approvals.get(principal, callback_data.id)
    if info is None or info.requester_id != principal.user_id:
        await _not_found(cb, data, principal, i18n, callback_data.id)
        return
    if info.status != Status.PENDING:
        await render.reply(cb, data, *render.answer(i18n, Result(Outcome.ALREADY, info)))
        return
    await _ask_reason(cb, data, dialog_manager, RequestSG.reason, callback_data.id)
