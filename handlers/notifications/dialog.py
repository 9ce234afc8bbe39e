"""«🔔 Уведомления»: which alerts, by which channel (one button per alert cycles
off → Telegram → e-mail → both), balance thresholds for those who hold the budget, and for
admins whether mail can leave at all."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Row, SwitchTo
from aiogram_dialog.widgets.text import Format

from handlers.help.button import help_button
from handlers.notifications.states import NotificationsSG
from handlers.widgets import T, i18n_of, paged_select
from locales import Translator
from services.access import Principal
from services.formatting import typed_kopecks
from services.notifications import Notifications
from services.notifications.alerts import AlertService, money
from storage.models import AlertKind

MARKS = {(False, False): "▫️", (True, False): "💬", (False, True): "📧", (True, True): "💬📧"}
# Alerts a role has no use for are not offered (a balance alert without the budget).
BUDGET_ONLY = {AlertKind.BALANCE_LOW}


def _principal(manager: DialogManager) -> Principal:
    return manager.middleware_data["principal"]


def _offered(principal: Principal) -> set[AlertKind]:
    kinds = set(AlertKind)
    if not principal.may("budget"):
        kinds -= BUDGET_ONLY
    if not principal.may("approve"):
        kinds.discard(AlertKind.REQUEST_WAITING)
    return kinds


async def main_getter(
    dialog_manager: DialogManager,
    principal: Principal,
    i18n: Translator,
    alerts: AlertService,
    notifications: Notifications,
    **_: Any,
) -> dict[str, Any]:
    offered = _offered(principal)
    items = [
        (p.kind.value, f"{MARKS[(p.telegram, p.email)]} {i18n(f'alert-kind-{p.kind.value}')}")
        for p in await alerts.prefs(principal.user_id)
        if p.kind in offered
    ]
    mail = ""
    if principal.is_admin:
        status = await notifications.mail_status()
        mail = (
            i18n("ntf-mail-ok", n=status.waiting)
            if status.configured
            else i18n("ntf-mail-off", n=status.waiting)
        )
    return {"items": items, "mail": mail, "budget": principal.may("budget")}


async def on_cycle(cb: CallbackQuery, _: Any, manager: DialogManager, kind: str) -> None:
    principal = _principal(manager)
    alerts: AlertService = manager.middleware_data["alerts"]
    try:
        chosen = AlertKind(kind)
    except ValueError:  # forged callback data
        await cb.answer(i18n_of(manager)("err-not-allowed"), show_alert=True)
        return
    if chosen not in _offered(principal):
        await cb.answer(i18n_of(manager)("err-not-allowed"), show_alert=True)
        return
    await alerts.cycle(principal.user_id, chosen)


async def thresholds_getter(
    dialog_manager: DialogManager,
    principal: Principal,
    i18n: Translator,
    alerts: AlertService,
    **_: Any,
) -> dict[str, Any]:
    if not principal.may("budget"):
        return {"items": [], "empty": True}
    lang = i18n.lang
    items = [
        (
            str(v.account_id),
            i18n(
                "ntf-threshold-item",
                account=v.number,
                balance=money(v.balance, lang),
                threshold=money(v.threshold, lang) if v.threshold is not None else "—",
            ),
        )
        for v in await alerts.thresholds(principal)
    ]
    return {"items": items, "empty": not items}


async def on_account(cb: CallbackQuery, _: Any, manager: DialogManager, account_id: str) -> None:
    if not _principal(manager).may("budget") or not account_id.isdigit():
        await cb.answer(i18n_of(manager)("err-not-allowed"), show_alert=True)
        return
    manager.dialog_data["account_id"] = int(account_id)
    await manager.switch_to(NotificationsSG.amount)


async def amount_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return {"error": dialog_manager.dialog_data.get("error", "")}


async def on_amount(message: Message, _: Any, manager: DialogManager) -> None:
    i18n = i18n_of(manager)
    kopecks = typed_kopecks(message.text or "")
    if kopecks is None:
        manager.dialog_data["error"] = i18n("ntf-threshold-bad")
        return
    alerts: AlertService = manager.middleware_data["alerts"]
    account_id = int(manager.dialog_data.get("account_id", 0))
    if not await alerts.set_threshold(_principal(manager), account_id, kopecks):
        manager.dialog_data["error"] = i18n("err-not-allowed")
        return
    manager.dialog_data.pop("error", None)
    await message.answer(i18n("ntf-threshold-saved", amount=money(kopecks, i18n.lang)))
    await manager.switch_to(NotificationsSG.thresholds)


async def on_clear_error(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    manager.dialog_data.pop("error", None)


notifications_dialog = Dialog(
    Window(
        T("ntf-title"),
        Format("{mail}", when="mail"),
        # all on one screen: there are a dozen
        paged_select("kind", "items", on_cycle, pager="kinds", height=len(AlertKind)),
        SwitchTo(
            T("ntf-btn-thresholds"), id="thr", state=NotificationsSG.thresholds, when="budget"
        ),
        Row(help_button(), Cancel(T("btn-menu"))),
        getter=main_getter,
        state=NotificationsSG.main,
    ),
    Window(
        T("ntf-thresholds-title"),
        T("ntf-thresholds-empty", when="empty"),
        paged_select("acc", "items", on_account, pager="accs"),
        SwitchTo(T("btn-back"), id="back", state=NotificationsSG.main),
        getter=thresholds_getter,
        state=NotificationsSG.thresholds,
    ),
    Window(
        T("ntf-threshold-ask"),
        Format("{error}", when="error"),
        MessageInput(on_amount),
        SwitchTo(
            T("btn-back"), id="back2", state=NotificationsSG.thresholds, on_click=on_clear_error
        ),
        getter=amount_getter,
        state=NotificationsSG.amount,
    ),
)
