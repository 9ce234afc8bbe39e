"""The current selection and the saved ones: show, filter, clear, save, rename, delete,
make current, export to XLSX, load from a file."""

from __future__ import annotations

import asyncio
from decimal import Decimal, InvalidOperation
from typing import Any

from aiogram import Bot
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram.utils.chat_action import ChatActionSender
from aiogram_dialog import DialogManager, ShowMode, Window
from aiogram_dialog.widgets.input import ManagedTextInput, MessageInput, TextInput
from aiogram_dialog.widgets.kbd import (
    Button,
    Cancel,
    Column,
    Row,
    Select,
    Start,
    SwitchTo,
)
from aiogram_dialog.widgets.text import Format

from handlers.chat import chat_id_of
from handlers.guard import guarded, may, refused
from handlers.numbers.common import (
    OPERATIONS_STATE,
    flash,
    notice,
    operations_available,
    parse_id,
    summary_text,
)
from handlers.numbers.load import search_or_file
from handlers.numbers.states import ListSG, LoadSG, SelectionSG
from handlers.widgets import T, i18n_of, paged_select
from locales import Translator, escape
from services import files
from services.access import Principal
from services.selections import Filter, SelectionError, SelectionService, number_ids

FILTER_KINDS = ("tariff", "service", "region", "blocked", "active", "balance_below")


def _mw(manager: DialogManager) -> tuple[Principal, SelectionService, Translator]:
    d = manager.middleware_data
    return d["principal"], d["selections"], d["i18n"]


async def current_getter(
    dialog_manager: DialogManager,
    principal: Principal,
    i18n: Translator,
    selections: SelectionService,
    **_: Any,
) -> dict[str, Any]:
    summary = await selections.summary(principal)
    if summary.numbers == 0:
        span = ""
    elif summary.single_contract:
        span = i18n("sel-one-contract")
    else:
        span = i18n("sel-many-contracts")
    return {
        "notice": notice(dialog_manager),
        "selection": summary_text(i18n, summary),
        "span": span,
        "has": summary.numbers > 0,
        "ops": summary.numbers > 0 and operations_available(principal),
    }


async def show_current(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    await manager.start(ListSG.list, data={"kind": "selection", "value": ""})


async def do_clear(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    principal, selections, i18n = _mw(manager)
    await selections.clear(principal)
    manager.dialog_data["notice"] = i18n("sel-cleared")
    await manager.switch_to(SelectionSG.current)


async def open_operations(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    principal, selections, _i18n = _mw(manager)
    sid = await selections.current_id(principal)
    await manager.start(OPERATIONS_STATE, data={"selection_id": sid})


async def export(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    principal, selections, i18n = _mw(manager)
    db = manager.middleware_data["db"]
    bot: Bot = manager.middleware_data["bot"]
    sid = await selections.current_id(principal)
    ids = await number_ids(db, principal, sid)
    if not ids:
        flash(manager, i18n("sel-empty"))
        return
    await cb.answer(i18n("sel-exporting"))
    async with ChatActionSender.upload_document(bot=bot, chat_id=chat_id_of(cb)):
        rows = await files.export_rows(db, principal, ids)
        header = [
            i18n(f"xlsx-{c}")
            for c in ("number", "holder", "account", "contract", "department", "tariff", "balance")
        ]
        data = await asyncio.to_thread(files.export_xlsx, header, rows)
        await bot.send_document(
            chat_id_of(cb),
            BufferedInputFile(data, filename=i18n("sel-export-filename") + ".xlsx"),
            caption=i18n("sel-exported", n=len(rows)),
        )
    manager.show_mode = ShowMode.DELETE_AND_SEND  # keep the workplace under the file


# --- save / saved ------------------------------------------------------------------------------


def _error(manager: DialogManager, err: SelectionError) -> None:
    manager.dialog_data["notice"] = i18n_of(manager)(f"sel-error-{err.code}", max=60)


async def on_save(message: Message, _: ManagedTextInput, manager: DialogManager, name: str) -> None:
    principal, selections, i18n = _mw(manager)
    try:
        _sid, replaced = await selections.save(principal, name)
    except SelectionError as err:
        _error(manager, err)
        if err.code == "empty":
            await manager.switch_to(SelectionSG.current)
        return
    clean = escape(selections.clean_name(name))
    manager.dialog_data["notice"] = i18n(
        "sel-saved-replaced" if replaced else "sel-saved", name=clean
    )
    await manager.switch_to(SelectionSG.current)


async def saved_getter(
    dialog_manager: DialogManager,
    principal: Principal,
    i18n: Translator,
    selections: SelectionService,
    **_: Any,
) -> dict[str, Any]:
    rows = await selections.saved(principal)
    return {
        "notice": notice(dialog_manager),
        "saved": [(str(r.id), i18n("sel-saved-button", name=r.name, n=r.numbers)) for r in rows],
        "none": not rows,
    }


async def on_saved(cb: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    principal, selections, i18n = _mw(manager)
    ident = parse_id(item)
    if ident is None or await selections.saved_one(principal, ident) is None:
        await refused(manager, "selection", item)
        flash(manager, i18n("sel-error-not-found"))
        return
    manager.dialog_data["sid"] = ident
    await manager.switch_to(SelectionSG.saved_one)


async def saved_one_getter(
    dialog_manager: DialogManager,
    principal: Principal,
    i18n: Translator,
    selections: SelectionService,
    **_: Any,
) -> dict[str, Any]:
    sid = dialog_manager.dialog_data.get("sid")
    row = await selections.saved_one(principal, sid) if sid else None
    summary = await selections.summary(principal, sid) if row else None
    return {
        "notice": notice(dialog_manager),
        "name": escape(row.name) if row else "—",
        "summary": summary_text(i18n, summary) if summary else i18n("sel-error-not-found"),
        "found": row is not None,
    }


async def make_current(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    principal, selections, i18n = _mw(manager)
    try:
        n = await selections.make_current(principal, manager.dialog_data.get("sid") or 0)
    except SelectionError as err:
        _error(manager, err)
        return
    manager.dialog_data["notice"] = i18n("sel-made-current", n=n)
    await manager.switch_to(SelectionSG.current)


async def show_saved(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    await manager.start(
        ListSG.list, data={"kind": "selection", "value": str(manager.dialog_data.get("sid", ""))}
    )


async def on_rename(
    message: Message, _: ManagedTextInput, manager: DialogManager, name: str
) -> None:
    principal, selections, i18n = _mw(manager)
    try:
        await selections.rename(principal, manager.dialog_data.get("sid") or 0, name)
    except SelectionError as err:
        _error(manager, err)
        return
    manager.dialog_data["notice"] = i18n("sel-renamed")
    await manager.switch_to(SelectionSG.saved_one)


async def do_delete(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    principal, selections, i18n = _mw(manager)
    try:
        await selections.delete(principal, manager.dialog_data.get("sid") or 0)
    except SelectionError as err:
        _error(manager, err)
    else:
        manager.dialog_data["notice"] = i18n("sel-deleted")
    await manager.switch_to(SelectionSG.saved)


# --- filters -----------------------------------------------------------------------------------


async def kinds_getter(i18n: Translator, **_: Any) -> dict[str, Any]:
    return {"kinds": [(k, i18n(f"sel-filter-{k}")) for k in FILTER_KINDS]}


async def _add_filter(manager: DialogManager, f: Filter) -> None:
    principal, selections, i18n = _mw(manager)
    try:
        n = await selections.add_filter(principal, f)
    except SelectionError as err:
        _error(manager, err)
        return
    manager.dialog_data["notice"] = i18n("sel-added", n=n)
    await manager.switch_to(SelectionSG.current)


async def on_kind(cb: CallbackQuery, _: Any, manager: DialogManager, kind: str) -> None:
    if kind not in FILTER_KINDS:
        return
    manager.dialog_data["filter"] = kind
    if kind in ("blocked", "active"):
        await _add_filter(manager, Filter(kind))
    elif kind == "balance_below":
        await manager.switch_to(SelectionSG.balance)
    else:
        await manager.switch_to(SelectionSG.filter_value)


async def values_getter(
    dialog_manager: DialogManager,
    principal: Principal,
    i18n: Translator,
    selections: SelectionService,
    **_: Any,
) -> dict[str, Any]:
    kind = dialog_manager.dialog_data.get("filter", "")
    choices = await selections.filter_choices(principal, kind)
    # Region names can be long: the button carries an index, the value stays on the server.
    dialog_manager.dialog_data["choices"] = [v for v, _label in choices]
    return {
        "title": i18n(f"sel-filter-{kind}") if kind in FILTER_KINDS else "",
        "values": [(str(i), label) for i, (_v, label) in enumerate(choices)],
        "none": not choices,
    }


async def on_value(cb: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    choices = manager.dialog_data.get("choices") or []
    index = parse_id(item)
    if index is None or index >= len(choices):
        return
    await _add_filter(manager, Filter(manager.dialog_data.get("filter", ""), choices[index]))


def parse_money(text: str) -> int:
    try:
        value = Decimal(text.replace(" ", "").replace("₽", "").replace(",", "."))
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not value.is_finite() or abs(value) > 10**9:
        raise ValueError(text)
    return int(value * 100)


async def on_balance(
    message: Message, _: ManagedTextInput, manager: DialogManager, kopecks: int
) -> None:
    await _add_filter(manager, Filter("balance_below", str(kopecks)))


async def on_bad_balance(
    message: Message, _: ManagedTextInput, manager: DialogManager, error: ValueError
) -> None:
    manager.dialog_data["notice"] = i18n_of(manager)("sel-balance-invalid")


async def notice_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return {"notice": notice(dialog_manager)}


def _nav(back_to: Any = None) -> Row:
    back = SwitchTo(T("btn-back"), id="back", state=back_to) if back_to else Cancel(T("btn-back"))
    return Row(back)


selection_dialog = guarded(
    Window(
        Format("{notice}", when="notice"),
        T("sel-title"),
        Format("{selection}"),
        Format("{span}", when="span"),
        Button(T("sel-btn-show"), id="show", on_click=show_current, when="has"),
        Button(T("card-btn-operations"), id="ops", on_click=open_operations, when="ops"),
        Row(
            SwitchTo(T("sel-btn-filter"), id="filter", state=SelectionSG.filter_kind),
            Start(T("sel-btn-load"), id="load", state=LoadSG.wait),
        ),
        Row(
            Button(T("sel-btn-export"), id="export", on_click=export, when="has"),
            SwitchTo(T("sel-btn-save"), id="save", state=SelectionSG.save, when="has"),
        ),
        Row(
            SwitchTo(T("sel-btn-all"), id="all", state=SelectionSG.saved),
            SwitchTo(T("sel-btn-clear"), id="clear", state=SelectionSG.clear, when="has"),
        ),
        Cancel(T("btn-back")),
        MessageInput(search_or_file, content_types=["text", "document"]),
        getter=current_getter,
        state=SelectionSG.current,
    ),
    Window(
        T("sel-clear-confirm"),
        Row(
            Button(T("sel-btn-clear-yes"), id="yes", on_click=do_clear),
            SwitchTo(T("btn-cancel"), id="no", state=SelectionSG.current),
        ),
        state=SelectionSG.clear,
    ),
    Window(
        Format("{notice}", when="notice"),
        T("sel-save-prompt"),
        TextInput(id="name", on_success=on_save),
        _nav(SelectionSG.current),
        getter=notice_getter,
        state=SelectionSG.save,
    ),
    Window(
        Format("{notice}", when="notice"),
        T("sel-all-title"),
        T("sel-none-saved", when="none"),
        paged_select("saved", "saved", on_saved, pager="spg"),
        _nav(SelectionSG.current),
        getter=saved_getter,
        state=SelectionSG.saved,
    ),
    Window(
        Format("{notice}", when="notice"),
        T("sel-saved-title"),
        Button(T("sel-btn-make-current"), id="make", on_click=make_current, when="found"),
        Button(T("sel-btn-show"), id="show_saved", on_click=show_saved, when="found"),
        Row(
            SwitchTo(T("sel-btn-rename"), id="rename", state=SelectionSG.rename, when="found"),
            SwitchTo(T("sel-btn-delete"), id="delete", state=SelectionSG.delete, when="found"),
        ),
        _nav(SelectionSG.saved),
        getter=saved_one_getter,
        state=SelectionSG.saved_one,
    ),
    Window(
        Format("{notice}", when="notice"),
        T("sel-rename-prompt"),
        TextInput(id="rename", on_success=on_rename),
        _nav(SelectionSG.saved_one),
        getter=notice_getter,
        state=SelectionSG.rename,
    ),
    Window(
        T("sel-delete-confirm"),
        Row(
            Button(T("sel-btn-delete-yes"), id="yes", on_click=do_delete),
            SwitchTo(T("btn-cancel"), id="no", state=SelectionSG.saved_one),
        ),
        getter=saved_one_getter,
        state=SelectionSG.delete,
    ),
    Window(
        Format("{notice}", when="notice"),
        T("sel-filter-title"),
        Column(
            Select(
                Format("{item[1]}"),
                id="kind",
                item_id_getter=lambda x: x[0],
                items="kinds",
                on_click=on_kind,
            )
        ),
        _nav(SelectionSG.current),
        getter=[kinds_getter, notice_getter],
        state=SelectionSG.filter_kind,
    ),
    Window(
        Format("<b>{title}</b>"),
        T("num-list-empty", when="none"),
        paged_select("val", "values", on_value, pager="vpg"),
        _nav(SelectionSG.filter_kind),
        getter=values_getter,
        state=SelectionSG.filter_value,
    ),
    Window(
        Format("{notice}", when="notice"),
        T("sel-balance-prompt"),
        TextInput(
            id="balance", type_factory=parse_money, on_success=on_balance, on_error=on_bad_balance
        ),
        _nav(SelectionSG.filter_kind),
        getter=notice_getter,
        state=SelectionSG.balance,
    ),
    need=may("numbers"),
)
