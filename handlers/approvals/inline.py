"""Buttons on approver cards. The card may be old: every press is re-checked by the service
(scope, level, own request, current state), so forged or late presses change nothing."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram_dialog import DialogManager, ShowMode, StartMode

from handlers.approvals import render
from handlers.approvals.callbacks import ApprovalCb
from handlers.approvals.states import RejectSG, RequestSG
from locales import Translator
from services.access import Principal
from services.approvals import ApprovalService, Outcome, Result, Status

router = Router(name="approvals-inline")


@router.callback_query(ApprovalCb.filter(F.act == "ok"))
async def approve(cb: CallbackQuery, callback_data: ApprovalCb, principal: Principal,
                  approvals: ApprovalService, i18n: Translator,
                  callback_answer: CallbackAnswer) -> None:
    res = await approvals.approve(principal, callback_data.id)
    callback_answer.text, callback_answer.show_alert = render.answer(i18n, res)


@router.callback_query(ApprovalCb.filter(F.act == "no"))
async def reject(cb: CallbackQuery, callback_data: ApprovalCb, principal: Principal,
                 approvals: ApprovalService, i18n: Translator, callback_answer: CallbackAnswer,
                 dialog_manager: DialogManager) -> None:
    res = await approvals.check_decidable(principal, callback_data.id)
    if res.outcome != Outcome.DONE:
        callback_answer.text, callback_answer.show_alert = render.answer(i18n, res)
        return
    # The card stays as it is; the reason is asked in a message of its own.
    await dialog_manager.start(RejectSG.reason, data={"id": callback_data.id},
                               mode=StartMode.NORMAL, show_mode=ShowMode.SEND)


@router.callback_query(ApprovalCb.filter(F.act == "i"))
async def info(cb: CallbackQuery, callback_data: ApprovalCb, principal: Principal,
               approvals: ApprovalService, i18n: Translator,
               callback_answer: CallbackAnswer) -> None:
    details = await approvals.details(principal, callback_data.id)
    if details is None:
        callback_answer.text, callback_answer.show_alert = i18n("apr-ans-not-found"), True
        return
    await cb.message.answer(render.details(i18n, approvals.texts, details))


@router.callback_query(ApprovalCb.filter(F.act == "wd"))
async def withdraw(cb: CallbackQuery, callback_data: ApprovalCb, principal: Principal,
                   approvals: ApprovalService, i18n: Translator,
                   callback_answer: CallbackAnswer) -> None:
    res = await approvals.withdraw(principal, callback_data.id)
    callback_answer.text, callback_answer.show_alert = render.answer(i18n, res)


@router.callback_query(ApprovalCb.filter(F.act == "why"))
async def justify(cb: CallbackQuery, callback_data: ApprovalCb, principal: Principal,
                  approvals: ApprovalService, i18n: Translator, callback_answer: CallbackAnswer,
                  dialog_manager: DialogManager) -> None:
    info = await approvals.get(principal, callback_data.id)
    if info is None or info.requester_id != principal.user_id:
        callback_answer.text, callback_answer.show_alert = i18n("apr-ans-not-found"), True
        return
    if info.status != Status.PENDING:
        callback_answer.text, callback_answer.show_alert = render.answer(
            i18n, Result(Outcome.ALREADY, info))
        return
    await dialog_manager.start(RequestSG.reason, data={"id": callback_data.id},
                               mode=StartMode.NORMAL, show_mode=ShowMode.SEND)
