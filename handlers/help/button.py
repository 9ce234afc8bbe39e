"""❓ on a workplace's screen. Kept apart from the help dialog (which knows every workplace)
so that any workplace may import it."""

from __future__ import annotations

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import Button

from handlers.help.states import HelpSG
from handlers.widgets import T


async def on_help(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    # The window it was pressed on names the workplace; Back returns to that window.
    here = manager.current_context().state
    await manager.start(HelpSG.page, data={"state": here.state or ""})


def help_button() -> Button:
    return Button(T("btn-help"), id="help", on_click=on_help)
