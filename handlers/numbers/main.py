"""The Numbers workplace's front page: the search prompt, the current selection, the ways in."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Row, Start
from aiogram_dialog.widgets.text import Format

from handlers.guard import guarded, may
from handlers.help.button import help_button
from handlers.numbers.common import summary_data
from handlers.numbers.load import search_or_file
from handlers.numbers.states import HierarchySG, LoadSG, NumbersSG, SelectionSG
from handlers.widgets import T


async def main_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    return await summary_data(dialog_manager)


async def to_menu(cb: CallbackQuery, _: Button, manager: DialogManager) -> None:
    from handlers.menu.dialog import open_menu

    await open_menu(manager)


numbers_dialog = guarded(
    Window(
        T("num-title"),
        Format("\n{selection}", when="selection"),
        Start(
            T("num-btn-contracts"),
            id="contracts",
            state=HierarchySG.contracts,
            data={"view": "contracts"},
        ),
        Row(
            Start(
                T("hier-btn-accounts-only"),
                id="accounts",
                state=HierarchySG.accounts,
                data={"view": "accounts"},
            ),
            Start(
                T("num-btn-departments"),
                id="departments",
                state=HierarchySG.departments,
                data={"view": "departments"},
            ),
        ),
        Row(
            Start(T("sel-btn-open"), id="selection", state=SelectionSG.current),
            Start(T("sel-btn-all"), id="all", state=SelectionSG.saved),
        ),
        Start(T("sel-btn-load"), id="load", state=LoadSG.wait),
        Row(help_button(), Button(T("btn-menu"), id="menu", on_click=to_menu)),
        MessageInput(search_or_file, content_types=["text", "document"]),
        getter=main_getter,
        state=NumbersSG.main,
    ),
    need=may("numbers"),
)
