"""Browsing both hierarchies: billing (contract → personal account → numbers, or only the
accounts with their balances) and company structure (department tree → numbers)."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager, Window
from aiogram_dialog.widgets.kbd import (
    Button,
    Row,
    Start,
)
from aiogram_dialog.widgets.text import Format

from handlers.chat import scroll
from handlers.departments.states import DepartmentSG
from handlers.guard import guarded, may, refused
from handlers.help.button import help_button
from handlers.numbers.common import flash, notice, parse_id, summary_data
from handlers.numbers.states import HierarchySG, ListSG, SelectionSG
from handlers.widgets import T, i18n_of, paged_select
from locales import Translator, escape
from services.access import Principal
from services.departments import DepartmentService
from services.formatting import money
from services.numbers import NumberDirectory, Source
from services.selections import SelectionService


async def on_start(start_data: Any, manager: DialogManager) -> None:
    data = start_data if isinstance(start_data, dict) else {}
    manager.dialog_data["entry"] = data.get("view", "contracts")
    manager.dialog_data["trail"] = []


async def back(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    """Up one level; out of the dialog from the level it was opened at."""
    d = manager.dialog_data
    state = manager.current_context().state
    if state == HierarchySG.departments and d.get("trail"):
        d["trail"].pop()
        return
    if state == HierarchySG.accounts and d.get("entry") == "contracts":
        await manager.switch_to(HierarchySG.contracts)
        return
    await manager.done()


# --- billing --------------------------------------------------------------------------------


async def contracts_getter(
    dialog_manager: DialogManager,
    principal: Principal,
    i18n: Translator,
    directory: NumberDirectory,
    **_: Any,
) -> dict[str, Any]:
    rows = await directory.contracts(principal)
    return {
        "notice": notice(dialog_manager),
        "contracts": [
            (
                str(c.id),
                i18n(
                    "hier-contract-button",
                    name=c.name,
                    number=c.number,
                    region=c.region,
                    n=c.numbers,
                ),
            )
            for c in rows
        ],
        "empty": not rows,
        **await summary_data(dialog_manager),
    }


async def on_contract(cb: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    directory: NumberDirectory = manager.middleware_data["directory"]
    ident = parse_id(item)
    if (
        ident is None
        or await directory.contract(manager.middleware_data["principal"], ident) is None
    ):
        await refused(manager, "contract", item)
        flash(manager, i18n_of(manager)("num-not-found"))
        return
    manager.dialog_data["contract_id"] = ident
    await scroll(manager, "apg").set_page(0)
    await manager.switch_to(HierarchySG.accounts)


async def only_accounts(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    manager.dialog_data["contract_id"] = None
    await scroll(manager, "apg").set_page(0)
    await manager.switch_to(HierarchySG.accounts)


async def accounts_getter(
    dialog_manager: DialogManager,
    principal: Principal,
    i18n: Translator,
    directory: NumberDirectory,
    **_: Any,
) -> dict[str, Any]:
    contract_id = dialog_manager.dialog_data.get("contract_id")
    pager = scroll(dialog_manager, "apg")
    wanted = await pager.get_page()
    rows, page, pages = await directory.accounts(principal, contract_id, wanted)
    if page != wanted:
        await pager.set_page(page)
    if contract_id is not None:
        con = await directory.contract(principal, contract_id)
        title = i18n(
            "hier-accounts-of",
            name=escape(con.name) if con else "—",
            number=con.number if con else "",
            region=escape(con.region) if con else "",
        )
    else:
        title = i18n("hier-accounts-only")
    return {
        "notice": notice(dialog_manager),
        "title": title,
        "empty": not rows,
        "accounts": [(str(a.id), f"{a.number} · {money(a.balance, i18n.lang)}") for a in rows],
        "pages": pages,
        "by_contract": contract_id is not None,
        **await summary_data(dialog_manager),
    }


async def on_account(cb: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    ident = parse_id(item)
    directory: NumberDirectory = manager.middleware_data["directory"]
    if (
        ident is None
        or await directory.account(manager.middleware_data["principal"], ident) is None
    ):
        await refused(manager, "account", item)
        flash(manager, i18n_of(manager)("num-not-found"))
        return
    await manager.start(ListSG.list, data={"kind": "account", "value": str(ident)})


async def add_contract(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    contract_id = manager.dialog_data.get("contract_id")
    selections: SelectionService = manager.middleware_data["selections"]
    n = await selections.add_source(
        manager.middleware_data["principal"], Source("contract", str(contract_id))
    )
    manager.dialog_data["notice"] = i18n_of(manager)("sel-added", n=n)


# --- company structure ----------------------------------------------------------------------


def _node(manager: DialogManager) -> int | None:
    trail = manager.dialog_data.get("trail") or []
    return trail[-1] if trail else None


async def departments_getter(
    dialog_manager: DialogManager,
    principal: Principal,
    i18n: Translator,
    directory: NumberDirectory,
    departments: DepartmentService,
    **_: Any,
) -> dict[str, Any]:
    node_id = _node(dialog_manager)
    node, children = await directory.departments(principal, node_id)
    if node_id is not None and node is None:  # lost access meanwhile: back to the top
        dialog_manager.dialog_data["trail"] = []
        node, children = await directory.departments(principal, None)
    count = await directory.department_count(principal, node.id) if node else 0
    unassigned = 0 if node else await directory.department_count(principal, None)
    title = (
        i18n("hier-department", name=escape(node.name), n=count)
        if node
        else i18n("hier-departments-top")
    )
    return {
        "notice": notice(dialog_manager),
        "title": title,
        "children": [(str(c.id), ("📁 " if c.has_children else "▫️ ") + c.name) for c in children],
        "at_node": node is not None,
        "count": count,
        "has_numbers": count > 0,
        "empty": node is None and not children and not unassigned,
        "unassigned": unassigned,
        "manage": await departments.may_edit(principal, node.id if node else None),
        **await summary_data(dialog_manager),
    }


async def manage_departments(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    # The department service re-checks the id against what this user may edit.
    await manager.start(DepartmentSG.main, data={"id": _node(manager)})


async def on_department(cb: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    directory: NumberDirectory = manager.middleware_data["directory"]
    ident = parse_id(item)
    node, _children = (
        await directory.departments(manager.middleware_data["principal"], ident)
        if ident is not None
        else (None, [])
    )
    if node is None:
        await refused(manager, "department", item)
        flash(manager, i18n_of(manager)("num-not-found"))
        return
    manager.dialog_data.setdefault("trail", []).append(ident)
    await scroll(manager, "dpg").set_page(0)


async def department_numbers(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    node = _node(manager)
    if node is not None:
        await manager.start(ListSG.list, data={"kind": "department", "value": str(node)})


async def unassigned_numbers(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    await manager.start(ListSG.list, data={"kind": "department", "value": "none"})


async def add_department(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    node = _node(manager)
    selections: SelectionService = manager.middleware_data["selections"]
    n = await selections.add_source(
        manager.middleware_data["principal"], Source("department", str(node))
    )
    manager.dialog_data["notice"] = i18n_of(manager)("sel-added", n=n)


def _back_row() -> Row:
    return Row(
        Button(T("btn-back"), id="up", on_click=back),
        Start(T("sel-btn-open"), id="to_sel", state=SelectionSG.current),
    )


hierarchy_dialog = guarded(
    Window(
        Format("{notice}", when="notice"),
        T("hier-contracts"),
        T("num-list-empty", when="empty"),
        Format("\n{selection}", when="selection"),
        paged_select("con", "contracts", on_contract),
        Button(T("hier-btn-accounts-only"), id="only_acc", on_click=only_accounts),
        _back_row(),
        getter=contracts_getter,
        state=HierarchySG.contracts,
    ),
    Window(
        Format("{notice}", when="notice"),
        Format("{title}"),
        T("num-list-empty", when="empty"),
        Format("\n{selection}", when="selection"),
        paged_select("acc", "accounts", on_account, pages="pages", pager="apg"),
        Button(T("hier-btn-add-contract"), id="add_con", on_click=add_contract, when="by_contract"),
        _back_row(),
        getter=accounts_getter,
        state=HierarchySG.accounts,
    ),
    Window(
        Format("{notice}", when="notice"),
        Format("{title}"),
        T("num-list-empty", when="empty"),
        Format("\n{selection}", when="selection"),
        paged_select("dep", "children", on_department, pager="dpg"),
        Button(
            T("hier-btn-numbers"), id="dep_nums", on_click=department_numbers, when="has_numbers"
        ),
        Button(
            T("hier-btn-unassigned"), id="no_dep", on_click=unassigned_numbers, when="unassigned"
        ),
        Button(
            T("hier-btn-add-department"), id="add_dep", on_click=add_department, when="has_numbers"
        ),
        Button(T("dep-btn-manage"), id="manage", on_click=manage_departments, when="manage"),
        help_button(),
        _back_row(),
        getter=departments_getter,
        state=HierarchySG.departments,
    ),
    on_start=on_start,
    need=may("numbers", "hierarchy"),
)
