"""Help: one page per workplace, opened by ❓ on its screens and by /help inside it, and an
overview of only the workplaces the user's role opens (/help outside, ❓ Help in the menu).

The pages are declared with the workplaces (handlers/workplaces.py): a new workplace gets
help by adding its two locale keys, not a handler."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import Dialog, DialogManager, StartMode, Window
from aiogram_dialog.widgets.kbd import Button, Cancel, Row
from aiogram_dialog.widgets.text import Format

from handlers.help.overview import overview, visible
from handlers.help.states import HelpSG
from handlers.menu.dialog import open_menu
from handlers.menu.states import MenuSG
from handlers.widgets import T
from handlers.workplaces import Workplace, of_state
from locales import Translator
from services.access import Principal


async def page_getter(
    dialog_manager: DialogManager, principal: Principal, i18n: Translator, **_: Any
) -> dict[str, Any]:
    data = dialog_manager.start_data if isinstance(dialog_manager.start_data, dict) else {}
    workplace = of_state(str(data.get("state", "")))
    # Only a workplace this user may open: anything else is the overview.
    if workplace is None or workplace not in visible(principal) or workplace.key == "help":
        return {"text": overview(principal, i18n)}
    return {"text": i18n(workplace.help_key)}


async def to_menu(_: CallbackQuery, __: Button, manager: DialogManager) -> None:
    await open_menu(manager)


help_dialog = Dialog(
    Window(
        Format("{text}"),
        Row(Cancel(T("btn-back")), Button(T("btn-menu"), id="menu", on_click=to_menu)),
        getter=page_getter,
        state=HelpSG.page,
    ),
)


def current_workplace(manager: DialogManager) -> Workplace | None:
    if not manager.has_context():
        return None
    return of_state(manager.current_context().state)


async def open_help(manager: DialogManager) -> None:
    """The page of the workplace the user is in, over it (Back returns there); outside
    any workplace, the overview."""
    workplace = current_workplace(manager)
    if workplace is None:
        await manager.start(MenuSG.help, mode=StartMode.RESET_STACK)
        return
    await manager.start(HelpSG.page, data={"state": manager.current_context().state.state})
