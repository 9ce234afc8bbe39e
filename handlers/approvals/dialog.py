"""The "Согласования" workplace and the two one-step dialogs around a request:
the requester's justification and the approver's reason for a rejection."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, ShowMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Row, Start
from aiogram_dialog.widgets.text import Format

from handlers.approvals import render
from handlers.approvals.states import ApprovalsSG, RejectSG, RequestSG, RulesSG
from handlers.chat import start_args
from handlers.guard import guarded, may, refused
from handlers.help.button import help_button
from handlers.menu.button import menu_markup
from handlers.widgets import T, paged_select
from locales import Translator
from services.access import Principal
from services.approvals import ApprovalService, Outcome, Status
from services.approvals.policy import grant_level

FILTERS = ("all", "pending", "decided")


def _svc(manager: DialogManager) -> tuple[Principal, ApprovalService, Translator]:
    data = manager.middleware_data
    return data["principal"], data["approvals"], data["i18n"]


def is_approver(principal: Principal) -> bool:
    return any(grant_level(g) for g in principal.grants)


# --- the workplace ------------------------------------------------------------------------


async def list_getter(
    dialog_manager: DialogManager,
    principal: Principal,
    approvals: ApprovalService,
    i18n: Translator,
    **_: Any,
) -> dict[str, Any]:
    data = dialog_manager.dialog_data
    approver = is_approver(principal)
    tab = data.get("tab") or ("inbox" if approver else "mine")
    if not approver:
        tab = "mine"
    flt = data.get("filter", "all")
    status = "pending" if flt == "pending" else None
    fetch = approvals.inbox if tab == "inbox" else approvals.mine
    items = await fetch(principal, status)
    if flt == "decided":
        items = [i for i in items if i.status != Status.PENDING]
    pending = sum(1 for i in await approvals.inbox(principal, "pending")) if approver else 0
    return {
        "items": [
            (str(i.id), approvals.texts.row(i18n.lang, i, mine=tab == "mine")) for i in items
        ],
        "empty": not items,
        "approver": approver,
        "inbox": tab == "inbox",
        "mine": tab == "mine",
        "pending": pending,
        "filter": i18n(f"apr-filter-{flt}"),
        "admin": principal.is_admin,
    }


async def on_tab(cb: CallbackQuery, button: Button, manager: DialogManager) -> None:
    manager.dialog_data["tab"] = "inbox" if button.widget_id == "tab_inbox" else "mine"


async def on_filter(cb: CallbackQuery, button: Button, manager: DialogManager) -> None:
    flt = (button.widget_id or "").removeprefix("f_")
    manager.dialog_data["filter"] = flt if flt in FILTERS else "all"


async def on_open(start_data: Any, manager: DialogManager) -> None:
    """Opened on one request (the menu's "waiting for you"): its id, checked when shown."""
    request_id = start_args(manager).get("id")
    if isinstance(request_id, int):
        manager.dialog_data["id"] = request_id


async def on_pick(cb: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    principal, approvals, i18n = _svc(manager)
    # The id came from the client: the service re-checks it against the principal's scope.
    if not item.isdigit() or await approvals.get(principal, int(item)) is None:
        await refused(manager, "request", item)
        await render.reply(cb, manager.middleware_data, i18n("apr-ans-not-found"), True)
        return
    manager.dialog_data["id"] = int(item)
    await manager.switch_to(ApprovalsSG.detail)


async def detail_getter(
    dialog_manager: DialogManager,
    principal: Principal,
    approvals: ApprovalService,
    i18n: Translator,
    **_: Any,
) -> dict[str, Any]:
    request_id = dialog_manager.dialog_data.get("id", 0)
    details = await approvals.details(principal, request_id)
    if details is None:
        return {"text": i18n("apr-ans-not-found"), "can_decide": False, "can_withdraw": False}
    return {
        "text": render.details(i18n, approvals.texts, details),
        "can_decide": details.can_decide,
        "can_withdraw": details.can_withdraw,
    }


async def on_approve(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    principal, approvals, i18n = _svc(manager)
    res = await approvals.approve(principal, manager.dialog_data.get("id", 0))
    await render.reply(cb, manager.middleware_data, *render.answer(i18n, res))


async def on_reject(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    principal, approvals, i18n = _svc(manager)
    res = await approvals.check_decidable(principal, manager.dialog_data.get("id", 0))
    if res.outcome != Outcome.DONE:
        await render.reply(cb, manager.middleware_data, *render.answer(i18n, res))
        return
    await manager.switch_to(ApprovalsSG.reject)


async def on_withdraw(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    principal, approvals, i18n = _svc(manager)
    res = await approvals.withdraw(principal, manager.dialog_data.get("id", 0))
    await render.reply(cb, manager.middleware_data, *render.answer(i18n, res))


async def reject_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data = dialog_manager.dialog_data or {}
    start = start_args(dialog_manager)
    return {"id": data.get("id") or start.get("id", 0)}


async def _reject_with(message: Message, manager: DialogManager, request_id: int) -> bool:
    principal, approvals, i18n = _svc(manager)
    reason = (message.text or "").strip()
    if not reason:
        await message.answer(i18n("apr-reject-empty"))
        return False
    res = await approvals.reject(principal, request_id, reason)
    text, _alert = render.answer(i18n, res)
    await message.answer(text, reply_markup=menu_markup(i18n))
    return True


async def on_reject_reason(message: Message, _: MessageInput, manager: DialogManager) -> None:
    if await _reject_with(message, manager, manager.dialog_data.get("id", 0)):
        await manager.switch_to(ApprovalsSG.detail, show_mode=ShowMode.SEND)


async def back_to_list(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    await manager.switch_to(ApprovalsSG.list)


async def back_to_detail(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    await manager.switch_to(ApprovalsSG.detail)


approvals_dialog = guarded(
    Window(
        T("apr-wp-title"),
        T("apr-wp-inbox", when="inbox"),
        T("apr-wp-mine-title", when="mine"),
        T("apr-wp-filter"),
        T("apr-wp-empty", when="empty"),
        Row(
            Button(T("apr-tab-inbox"), id="tab_inbox", on_click=on_tab, when="mine"),
            Button(T("apr-tab-mine"), id="tab_mine", on_click=on_tab, when="inbox"),
            when="approver",
        ),
        Row(*(Button(T(f"apr-filter-{f}"), id=f"f_{f}", on_click=on_filter) for f in FILTERS)),
        paged_select("req", "items", on_pick, pager="reqs"),
        Start(T("apr-rules-button"), id="rules", state=RulesSG.list, when="admin"),
        Row(help_button(), Cancel(T("btn-menu"))),
        getter=list_getter,
        state=ApprovalsSG.list,
    ),
    Window(
        Format("{text}"),
        Row(
            Button(T("apr-btn-approve"), id="approve", on_click=on_approve),
            Button(T("apr-btn-reject"), id="reject", on_click=on_reject),
            when="can_decide",
        ),
        Button(T("apr-btn-withdraw"), id="withdraw", on_click=on_withdraw, when="can_withdraw"),
        Button(T("btn-back"), id="back", on_click=back_to_list),
        getter=detail_getter,
        state=ApprovalsSG.detail,
    ),
    Window(
        T("apr-reject-ask"),
        MessageInput(on_reject_reason),
        Button(T("btn-back"), id="back", on_click=back_to_detail),
        getter=reject_getter,
        state=ApprovalsSG.reject,
    ),
    on_start=on_open,
    need=may("approvals", "approve"),
)


# --- Reject pressed on a card --------------------------------------------------------------


async def on_card_reject_reason(message: Message, _: MessageInput, manager: DialogManager) -> None:
    if await _reject_with(message, manager, int(start_args(manager).get("id", 0))):
        # The answer carries the Menu button; what was open before stays where it was.
        await manager.done(show_mode=ShowMode.NO_UPDATE)


reject_dialog = guarded(
    Window(
        T("apr-reject-ask"),
        MessageInput(on_card_reject_reason),
        Cancel(T("btn-cancel")),
        getter=reject_getter,
        state=RejectSG.reason,
    ),
    need=may("approve"),
)


# --- the requester's justification -----------------------------------------------------------


async def justify_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return {"id": int(start_args(dialog_manager).get("id", 0))}


async def on_justification(message: Message, _: MessageInput, manager: DialogManager) -> None:
    principal, approvals, i18n = _svc(manager)
    text = (message.text or "").strip()
    if not text:
        await message.answer(i18n("apr-reject-empty"))
        return
    res = await approvals.justify(principal, int(start_args(manager).get("id", 0)), text)
    await message.answer(
        i18n("apr-justify-done") if res.outcome == Outcome.DONE else render.answer(i18n, res)[0],
        reply_markup=menu_markup(i18n),
    )
    await manager.done(show_mode=ShowMode.NO_UPDATE)


justify_dialog = guarded(
    Window(
        T("apr-justify-ask"),
        MessageInput(on_justification),
        Cancel(T("btn-cancel")),
        getter=justify_getter,
        state=RequestSG.reason,
    ),
    need=may("approvals", "operations"),
)
