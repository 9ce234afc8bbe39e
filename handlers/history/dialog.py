"""The action history workplace: a page of entries and the filters above it.

Every id a button carries (a kind, a status, an author) is checked against what the
service offers this user; the service applies the scope again on every read."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram.utils.chat_action import ChatActionSender
from aiogram_dialog import Dialog, DialogManager, ShowMode, Window
from aiogram_dialog.widgets.input import ManagedTextInput, TextInput
from aiogram_dialog.widgets.kbd import (
    Button,
    Cancel,
    Column,
    Row,
    SwitchTo,
)
from aiogram_dialog.widgets.text import Format

from handlers.help.button import help_button
from handlers.history.states import HistorySG
from handlers.widgets import T, paged_select
from locales import Translator, escape, html_fmt, html_join
from services.access import Principal
from services.files import export_xlsx
from services.formatting import pretty_phone
from services.history import KINDS, Entry, HistoryFilter, HistoryService
from services.notifications.service import sms_reason

PERIODS: tuple[int | None, ...] = (30, 90, 365, None, 7)  # a tap moves to the next one
ANY = "any"


def _ctx(manager: DialogManager) -> tuple[HistoryService, Principal, Translator]:
    data = manager.middleware_data
    return data["history"], data["principal"], data["i18n"]


def _filter(manager: DialogManager) -> HistoryFilter:
    d = manager.dialog_data
    start = manager.start_data if isinstance(manager.start_data, dict) else {}
    number_id = d.get("number_id", start.get("number_id"))
    return HistoryFilter(
        days=d.get("days", PERIODS[0]),
        kind=d.get("kind"),
        status=d.get("status"),
        user_id=d.get("user_id"),
        number_id=number_id if isinstance(number_id, int) else None,
    )


def action_title(i18n: Translator, action: str, details: dict[str, Any] | None = None) -> str:
    """What happened, in words; SMS delivery entries carry their reason or figures."""
    details = details or {}
    if action == "sms.undelivered":
        return html_fmt(
            "{what} — {why}",
            what=i18n("hist-sms-undelivered"),
            why=sms_reason(i18n, str(details.get("reason"))),
        )
    if action == "sms.report":
        delivered, failed = int(details.get("delivered", 0)), int(details.get("failed", 0))
        return i18n("hist-sms-report", delivered=delivered, total=delivered + failed)
    if action.startswith("op."):
        key = "op-" + action[3:].replace("_", "-")
    else:
        key = "hist-" + action.replace(".", "-").replace("_", "-")
    return i18n(key) if i18n.has(key) else i18n("hist-action-other")


def status_title(i18n: Translator, status: str) -> str:
    key = "hist-status-" + status.replace("_", "-")
    return i18n(key) if i18n.has(key) else i18n("hist-status-other")


def _when(at: dt.datetime, zone: ZoneInfo) -> str:
    return at.astimezone(zone).strftime("%d.%m.%y %H:%M")


def render_entry(i18n: Translator, e: Entry, zone: ZoneInfo) -> str:
    who = e.user_name or i18n("hist-system")
    parts = [who]
    if e.msisdn:
        parts.append(pretty_phone(e.msisdn))
    if e.operation_id:
        parts.append(f"№{e.operation_id}")
    return i18n(
        "hist-entry",
        when=_when(e.at, zone),
        action=action_title(i18n, e.action, e.details),
        status=status_title(i18n, e.status),
        who=html_join(parts, " · "),
    )


def _period_label(i18n: Translator, days: int | None) -> str:
    return i18n("hist-period-all") if days is None else i18n("hist-period-days", days=days)


async def main_getter(
    dialog_manager: DialogManager,
    history: HistoryService,
    principal: Principal,
    i18n: Translator,
    **_: Any,
) -> dict[str, Any]:
    if not principal.may("history"):
        return {"allowed": False, "body": i18n("err-not-allowed"), "pager": False, "reset": False}
    flt = _filter(dialog_manager)
    page = await history.page(principal, flt, dialog_manager.dialog_data.get("page", 0))
    dialog_manager.dialog_data["page"] = page.page
    zone = ZoneInfo(await history.timezone(principal.company_id))
    lines = [render_entry(i18n, e, zone) for e in page.entries]
    author = dialog_manager.dialog_data.get("author_name")
    number = dialog_manager.dialog_data.get("number_text")
    return {
        "allowed": True,
        "body": html_join(lines) if lines else i18n("hist-empty"),
        "total": page.total,
        "page": page.page + 1,
        "pages": page.pages,
        "pager": page.pages > 1,
        "period": _period_label(i18n, flt.days),
        "kind": i18n(f"hist-kind-{flt.kind}") if flt.kind else i18n("hist-kind-all"),
        "status": status_title(i18n, flt.status) if flt.status else i18n("hist-status-all"),
        "author": escape(author) if author and flt.user_id else i18n("hist-author-all"),
        "number": escape(number) if number and flt.number_id else i18n("hist-number-all"),
        "reset": any((flt.kind, flt.status, flt.user_id, flt.number_id, flt.days != PERIODS[0])),
    }


def _refilter(manager: DialogManager, **changes: Any) -> None:
    manager.dialog_data.update(changes)
    manager.dialog_data["page"] = 0


async def next_period(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    days = _filter(manager).days
    index = PERIODS.index(days) if days in PERIODS else -1
    _refilter(manager, days=PERIODS[(index + 1) % len(PERIODS)])


async def turn_page(cb: CallbackQuery, button: Button, manager: DialogManager) -> None:
    step = 1 if button.widget_id == "next" else -1
    manager.dialog_data["page"] = manager.dialog_data.get("page", 0) + step


async def reset(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    manager.dialog_data.clear()
    manager.dialog_data["number_id"] = None


async def export(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    history, principal, i18n = _ctx(manager)
    if not principal.may("history"):
        await cb.answer(i18n("err-not-allowed"), show_alert=True)
        return
    assert cb.message is not None and cb.bot is not None
    chat_id = cb.message.chat.id
    async with ChatActionSender.upload_document(chat_id=chat_id, bot=cb.bot):
        entries = await history.entries(principal, _filter(manager))
        zone = ZoneInfo(await history.timezone(principal.company_id))
        header = [
            i18n.plain(f"hist-col-{c}") for c in ("when", "who", "action", "status", "number", "op")
        ]
        rows: list[list[object]] = [
            [
                e.at.astimezone(zone).replace(tzinfo=None),
                e.user_name,
                # A spreadsheet holds text, not HTML.
                html.unescape(action_title(i18n, e.action, e.details)),
                html.unescape(status_title(i18n, e.status)),
                pretty_phone(e.msisdn) if e.msisdn else "",
                e.operation_id or "",
            ]
            for e in entries
        ]
        data = export_xlsx(header, rows)
    await cb.bot.send_document(
        chat_id,
        BufferedInputFile(data, filename="history.xlsx"),
        caption=i18n("hist-exported", n=len(rows)),
    )
    # The file lands below the workplace: bring the workplace back under it.
    manager.show_mode = ShowMode.DELETE_AND_SEND


async def kinds_getter(i18n: Translator, **_: Any) -> dict[str, Any]:
    items = [(ANY, i18n("hist-kind-all"))]
    items += [(k, i18n(f"hist-kind-{k}")) for k in KINDS]
    return {"items": items}


async def on_kind(cb: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    if item != ANY and item not in KINDS:
        return
    _refilter(manager, kind=None if item == ANY else item)
    await manager.switch_to(HistorySG.main)


async def statuses_getter(
    history: HistoryService, principal: Principal, i18n: Translator, **_: Any
) -> dict[str, Any]:
    items: list[tuple[str, str]] = [(ANY, i18n("hist-status-all"))]
    items += [(s, status_title(i18n, s)) for s in await history.statuses(principal)]
    return {"items": items}


async def on_status(cb: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    history, principal, _i18n = _ctx(manager)
    if item != ANY and item not in await history.statuses(principal):
        return
    _refilter(manager, status=None if item == ANY else item)
    await manager.switch_to(HistorySG.main)


async def authors_getter(
    history: HistoryService, principal: Principal, i18n: Translator, **_: Any
) -> dict[str, Any]:
    items: list[tuple[str, str]] = [(ANY, i18n("hist-author-all"))]
    items += [(str(uid), name) for uid, name in await history.authors(principal)]
    return {"items": items}


async def on_author(cb: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    history, principal, _i18n = _ctx(manager)
    if item == ANY:
        _refilter(manager, user_id=None, author_name=None)
    else:
        known = dict(await history.authors(principal))
        uid = int(item) if item.isdigit() else -1
        if uid not in known:  # forged or out of scope: nothing to filter by
            return
        _refilter(manager, user_id=uid, author_name=known[uid])
    await manager.switch_to(HistorySG.main)


async def on_number(
    message: Message, _: ManagedTextInput[str], manager: DialogManager, text: str
) -> None:
    history, principal, i18n = _ctx(manager)
    number_id = await history.find_number(principal, text)
    if number_id is None:
        await message.answer(i18n("hist-number-unknown"))
        manager.show_mode = ShowMode.SEND
        return
    _refilter(manager, number_id=number_id, number_text=text.strip()[:32])
    await manager.switch_to(HistorySG.main, show_mode=ShowMode.SEND)


async def any_number(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    _refilter(manager, number_id=None, number_text=None)
    await manager.switch_to(HistorySG.main)


def _choice(state: Any, title: str, getter: Any, on_click: Any) -> Window:
    return Window(
        T(title),
        paged_select("pick", "items", on_click, pager="picks", height=6),
        SwitchTo(T("btn-back"), id="back", state=HistorySG.main),
        getter=getter,
        state=state,
    )


history_dialog = Dialog(
    Window(
        T("hist-title"),
        Row(
            Button(Format("⏱ {period}"), id="period", on_click=next_period),
            SwitchTo(Format("🗂 {kind}"), id="kind", state=HistorySG.kind),
            when="allowed",
        ),
        Row(
            SwitchTo(Format("✔️ {status}"), id="status", state=HistorySG.status),
            SwitchTo(Format("👤 {author}"), id="author", state=HistorySG.author),
            when="allowed",
        ),
        Row(
            SwitchTo(Format("📱 {number}"), id="number", state=HistorySG.number),
            Button(T("hist-export"), id="export", on_click=export),
            when="allowed",
        ),
        Row(
            Button(Format("◀️"), id="prev", on_click=turn_page),
            Button(Format("{page}/{pages}"), id="pageno"),
            Button(Format("▶️"), id="next", on_click=turn_page),
            when="pager",
        ),
        Column(Button(T("hist-reset"), id="reset", on_click=reset, when="reset")),
        Row(help_button(), Cancel(T("btn-menu"))),
        getter=main_getter,
        state=HistorySG.main,
    ),
    _choice(HistorySG.kind, "hist-choose-kind", kinds_getter, on_kind),
    _choice(HistorySG.status, "hist-choose-status", statuses_getter, on_status),
    _choice(HistorySG.author, "hist-choose-author", authors_getter, on_author),
    Window(
        T("hist-ask-number"),
        TextInput(id="number_input", on_success=on_number),
        Button(T("hist-number-any"), id="any_number", on_click=any_number),
        SwitchTo(T("btn-back"), id="back", state=HistorySG.main),
        state=HistorySG.number,
    ),
)
