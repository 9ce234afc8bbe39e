"""One paged list of numbers for every source: search results, an account, a department
subtree, a contract, a selection. Tapping a line opens the card; in tick mode lines are
ticked across pages and added to (or removed from) the current selection together."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import (
    Button,
    Cancel,
    Multiselect,
    Row,
    Select,
    Start,
)
from aiogram_dialog.widgets.text import Format

from handlers.chat import multiselect, scroll
from handlers.guard import guarded, may, refused
from handlers.numbers.common import (
    button_text,
    notice,
    parse_id,
    summary_data,
)
from handlers.numbers.load import offer_file
from handlers.numbers.states import CardSG, ListSG, SelectionSG
from handlers.widgets import Clipped, PagedList, T, i18n_of
from locales import Translator, escape
from services.access import Principal
from services.formatting import money
from services.numbers import (
    QUERY_MAX,
    NumberDirectory,
    Page,
    QueryKind,
    Source,
    classify,
)
from services.selections import SelectionService

BULK_KINDS = ("search", "account", "department", "contract")


def _source(manager: DialogManager) -> Source:
    return Source.from_data(manager.dialog_data.get("source") or {})


async def on_start(start_data: Any, manager: DialogManager) -> None:
    data = start_data if isinstance(start_data, dict) else {}
    manager.dialog_data["source"] = {
        "kind": str(data.get("kind", "search")),
        "value": str(data.get("value", "")),
    }


async def _title(manager: DialogManager, source: Source, page: Page) -> str:
    mw = manager.middleware_data
    i18n: Translator = mw["i18n"]
    principal: Principal = mw["principal"]
    directory: NumberDirectory = mw["directory"]
    ident = parse_id(source.value)
    if source.kind == "search":
        q = classify(source.value)
        text = escape(source.value)
        if q.kind == QueryKind.TOO_SHORT:
            return i18n("num-search-too-short", query=text)
        if page.total == 0:
            return i18n("num-search-none", query=text)
        if page.capped:
            return i18n("num-search-many", query=text, n=page.total)
        return i18n("num-search-found", query=text, n=page.total, kind=q.kind.value)
    if page.total == 0 and source.kind != "selection":
        return i18n("num-list-empty")
    if source.kind == "account" and ident:
        acc = await directory.account(principal, ident)
        if acc:
            return i18n(
                "num-list-account",
                account=acc.number,
                contract=acc.contract,
                region=escape(acc.region),
                balance=money(acc.balance, i18n.lang),
                n=page.total,
            )
    if source.kind == "department" and source.value == "none":
        return i18n("num-list-unassigned", n=page.total)
    if source.kind == "department" and ident:
        node, _ = await directory.departments(principal, ident)
        if node:
            return i18n("num-list-department", name=escape(node.name), n=page.total)
    if source.kind == "contract" and ident:
        con = await directory.contract(principal, ident)
        if con:
            return i18n(
                "num-list-contract",
                contract=con.number,
                name=escape(con.name),
                region=escape(con.region),
                n=page.total,
            )
    if source.kind == "selection":
        selections: SelectionService = mw["selections"]
        if ident:
            saved = await selections.saved_one(principal, ident)
            return i18n("num-list-saved", name=escape(saved.name if saved else "?"), n=page.total)
        return i18n("num-list-current", n=page.total)
    return i18n("num-list-empty")


async def list_getter(
    dialog_manager: DialogManager,
    principal: Principal,
    i18n: Translator,
    directory: NumberDirectory,
    selections: SelectionService,
    **_: Any,
) -> dict[str, Any]:
    source = _source(dialog_manager)
    pager = scroll(dialog_manager, "pg")
    wanted = await pager.get_page()
    if source.kind == "selection":
        page = await selections.items(principal, parse_id(source.value), wanted)
    else:
        page = await directory.page(principal, source, wanted)
    if page.page != wanted:
        await pager.set_page(page.page)
    ticked = len(multiselect(dialog_manager, "tick").get_checked())
    tick_mode = bool(dialog_manager.dialog_data.get("tick"))
    editable = source.kind in BULK_KINDS or (source.kind == "selection" and not source.value)
    return {
        "notice": notice(dialog_manager),
        "title": await _title(dialog_manager, source, page),
        "items": [(str(r.id), button_text(r)) for r in page.items],
        "pages": page.pages,
        "total": f"{page.total}+" if page.capped else str(page.total),
        "ticked": ticked,
        "tick_mode": tick_mode and editable,
        "open_mode": not (tick_mode and editable),
        "can_tick": editable and page.total > 0,
        "adding": source.kind in BULK_KINDS,
        "removing": source.kind == "selection" and not source.value,
        "can_add_all": source.kind in BULK_KINDS and page.total > 0,
        **await summary_data(dialog_manager),
    }


async def open_card(cb: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    number_id = parse_id(item)
    if number_id is None:
        await refused(manager, "number", item)
        return
    # The card re-checks scope itself: a forged id shows "not found".
    await manager.start(CardSG.card, data={"number_id": number_id})


async def toggle_mode(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    manager.dialog_data["tick"] = not manager.dialog_data.get("tick")


async def apply_ticked(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    i18n = i18n_of(manager)
    tick = multiselect(manager, "tick")
    ids = [i for i in (parse_id(x) for x in tick.get_checked()) if i is not None]
    principal: Principal = manager.middleware_data["principal"]
    selections: SelectionService = manager.middleware_data["selections"]
    if _source(manager).kind == "selection":
        n = await selections.remove(principal, ids)
        manager.dialog_data["notice"] = i18n("sel-removed", n=n)
    else:
        n = await selections.add(principal, ids)
        manager.dialog_data["notice"] = i18n("sel-added", n=n)
    await tick.reset_checked()


async def add_all(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    principal: Principal = manager.middleware_data["principal"]
    selections: SelectionService = manager.middleware_data["selections"]
    n = await selections.add_source(principal, _source(manager))
    manager.dialog_data["notice"] = i18n_of(manager)("sel-added", n=n)


async def on_input(message: Message, _: MessageInput, manager: DialogManager) -> None:
    if message.document:
        await offer_file(message, manager)
        return
    if message.text and not message.text.startswith("/"):
        # Another query typed right under the results replaces them.
        manager.dialog_data["source"] = {"kind": "search", "value": message.text[:QUERY_MAX]}
        manager.dialog_data["tick"] = False
        await scroll(manager, "pg").set_page(0)
        await multiselect(manager, "tick").reset_checked()


list_dialog = guarded(
    Window(
        Format("{notice}", when="notice"),
        Format("{title}"),
        Format("\n{selection}", when="selection"),
        # Each number once, as its button: the card has the rest.
        PagedList(
            Select(
                Clipped(Format("{item[1]}")),
                id="num",
                item_id_getter=lambda x: x[0],
                items="items",
                on_click=open_card,
                when="open_mode",
            ),
            Multiselect(
                Clipped(Format("✅ {item[1]}")),
                Clipped(Format("▫️ {item[1]}")),
                id="tick",
                item_id_getter=lambda x: x[0],
                items="items",
                when="tick_mode",
            ),
            id="pg",
            pages="pages",
        ),
        Button(
            T("num-btn-tick-mode"),
            id="mode_tick",
            on_click=toggle_mode,
            when=lambda d, *_: d["can_tick"] and d["open_mode"],
        ),
        Button(T("num-btn-open-mode"), id="mode_open", on_click=toggle_mode, when="tick_mode"),
        Button(
            T("num-btn-add-ticked"),
            id="add_ticked",
            on_click=apply_ticked,
            when=lambda d, *_: d["tick_mode"] and d["ticked"] and d["adding"],
        ),
        Button(
            T("num-btn-remove-ticked"),
            id="rm_ticked",
            on_click=apply_ticked,
            when=lambda d, *_: d["tick_mode"] and d["ticked"] and d["removing"],
        ),
        Button(T("num-btn-add-all"), id="add_all", on_click=add_all, when="can_add_all"),
        Row(
            Cancel(T("btn-back")), Start(T("sel-btn-open"), id="to_sel", state=SelectionSG.current)
        ),
        MessageInput(on_input, content_types=["text", "document"]),
        getter=list_getter,
        state=ListSG.list,
    ),
    on_start=on_start,
    need=may("numbers"),
)
