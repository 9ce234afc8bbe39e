"""One department (or the top of the tree): add a child, rename, move, delete. Every id is
re-checked by the service against the user's editable scope; refusals say why."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, Window
from aiogram_dialog.widgets.input import ManagedTextInput, TextInput
from aiogram_dialog.widgets.kbd import Button, Cancel, SwitchTo
from aiogram_dialog.widgets.text import Format

from handlers.departments.states import DepartmentSG
from handlers.widgets import T, paged_select
from locales import Translator, escape
from services.access import Principal
from services.departments import DepartmentService, Outcome, Result

TOP = "top"


def _ctx(manager: DialogManager) -> tuple[DepartmentService, Principal, Translator]:
    data = manager.middleware_data
    return data["departments"], data["principal"], data["i18n"]


def _id(manager: DialogManager) -> int | None:
    if "id" in manager.dialog_data:
        value = manager.dialog_data["id"]
    else:
        value = manager.start_data.get("id") if isinstance(manager.start_data, dict) else None
    return value if isinstance(value, int) else None


def _say(i18n: Translator, result: Result, name: str = "") -> str:
    return i18n(
        f"dep-{result.outcome.value.replace('_', '-')}",
        name=escape(name),
        numbers=result.numbers,
        children=result.children,
    )


async def main_getter(
    dialog_manager: DialogManager,
    departments: DepartmentService,
    principal: Principal,
    i18n: Translator,
    **_: Any,
) -> dict[str, Any]:
    dep_id = _id(dialog_manager)
    notice = dialog_manager.dialog_data.pop("notice", "")
    if dep_id is None:
        allowed = await departments.may_edit(principal, None)
        text = i18n("dep-top") if allowed else i18n("err-not-allowed")
        return {"text": f"{notice}\n\n{text}" if notice else text, "add": allowed, "node": False}
    info = await departments.info(principal, dep_id)
    if info is None:
        return {"text": i18n("dep-not-found"), "add": False, "node": False}
    text = i18n("dep-card", name=escape(info.name), numbers=info.numbers, children=info.children)
    return {"text": f"{notice}\n\n{text}" if notice else text, "add": True, "node": True}


async def ask_new(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    manager.dialog_data["mode"] = "create"
    await manager.switch_to(DepartmentSG.name)


async def ask_rename(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    manager.dialog_data["mode"] = "rename"
    await manager.switch_to(DepartmentSG.name)


async def name_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return {"create": dialog_manager.dialog_data.get("mode") != "rename"}


async def on_name(
    message: Message, _: ManagedTextInput[str], manager: DialogManager, text: str
) -> None:
    departments, principal, i18n = _ctx(manager)
    dep_id = _id(manager)
    if manager.dialog_data.get("mode") == "rename" and dep_id is not None:
        result = await departments.rename(principal, dep_id, text)
    else:
        result = await departments.create(principal, dep_id, text)
    if result.outcome in (Outcome.BAD_NAME, Outcome.DUPLICATE):
        manager.show_mode = ShowMode.SEND
        await message.answer(_say(i18n, result, text.strip()[:120]))
        return  # the step stays open for another try
    manager.dialog_data["notice"] = _say(i18n, result, text.strip()[:120])
    await manager.switch_to(DepartmentSG.main, show_mode=ShowMode.SEND)


async def targets_getter(
    dialog_manager: DialogManager,
    departments: DepartmentService,
    principal: Principal,
    i18n: Translator,
    **_: Any,
) -> dict[str, Any]:
    dep_id = _id(dialog_manager)
    items = await departments.targets(principal, dep_id) if dep_id is not None else []
    choices = [(str(i), name) for i, name in items]
    if await departments.may_edit(principal, None):
        choices.insert(0, (TOP, i18n("dep-to-top")))
    return {"targets": choices}


async def on_target(cb: CallbackQuery, _: Any, manager: DialogManager, item: str) -> None:
    departments, principal, i18n = _ctx(manager)
    dep_id = _id(manager)
    parent = None if item == TOP else (int(item) if item.isdigit() else -1)
    result = (
        await departments.move(principal, dep_id, parent)
        if dep_id is not None
        else Result(Outcome.NOT_FOUND)
    )
    manager.dialog_data["notice"] = _say(i18n, result)
    await manager.switch_to(DepartmentSG.main)


async def on_delete(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    departments, principal, i18n = _ctx(manager)
    dep_id = _id(manager)
    info = await departments.info(principal, dep_id) if dep_id is not None else None
    result = (
        await departments.delete(principal, dep_id)
        if dep_id is not None
        else Result(Outcome.NOT_FOUND)
    )
    if result.outcome == Outcome.DONE:
        await cb.answer(_say(i18n, Result(Outcome.DONE), info.name if info else ""))
        manager.dialog_data["id"] = None  # what is left is the top of the tree
        await manager.done()
        return
    manager.dialog_data["notice"] = _say(i18n, result)
    await manager.switch_to(DepartmentSG.main)


async def delete_getter(
    dialog_manager: DialogManager,
    departments: DepartmentService,
    principal: Principal,
    **_: Any,
) -> dict[str, Any]:
    dep_id = _id(dialog_manager)
    info = await departments.info(principal, dep_id) if dep_id is not None else None
    return {"name": escape(info.name) if info else "—"}


departments_dialog = Dialog(
    Window(
        Format("{text}"),
        Button(T("dep-btn-add"), id="add", on_click=ask_new, when="add"),
        Button(T("dep-btn-rename"), id="rename", on_click=ask_rename, when="node"),
        SwitchTo(T("dep-btn-move"), id="move", state=DepartmentSG.move, when="node"),
        SwitchTo(T("dep-btn-delete"), id="delete", state=DepartmentSG.delete, when="node"),
        Cancel(T("btn-back")),
        getter=main_getter,
        state=DepartmentSG.main,
    ),
    Window(
        T("dep-ask-new", when="create"),
        T("dep-ask-rename", when=lambda data, *_: not data.get("create")),
        TextInput(id="dep_name", on_success=on_name),
        SwitchTo(T("btn-back"), id="back", state=DepartmentSG.main),
        getter=name_getter,
        state=DepartmentSG.name,
    ),
    Window(
        T("dep-ask-move"),
        paged_select("target", "targets", on_target, pager="targets", height=6),
        SwitchTo(T("btn-back"), id="back", state=DepartmentSG.main),
        getter=targets_getter,
        state=DepartmentSG.move,
    ),
    Window(
        T("dep-ask-delete"),
        Button(T("dep-btn-delete-yes"), id="yes", on_click=on_delete),
        SwitchTo(T("btn-back"), id="back", state=DepartmentSG.main),
        getter=delete_getter,
        state=DepartmentSG.delete,
    ),
)
