"""Free text and files outside a dialog step that expects them: text is a search, a file is
offered as a selection to load.

Dialogs take every message while they are open (even windows without an input), so this
router sits before them and steps aside whenever the current window has an input of its own.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Filter
from aiogram.types import Message
from aiogram_dialog import DialogManager, ShowMode, StartMode

from handlers.filters import Can
from handlers.numbers.load import offer_file
from handlers.numbers.states import ListSG, NumbersSG


class OutsideInput(Filter):
    """True when no dialog is open or the open window has no message input."""

    async def __call__(self, message: Message, dialog_manager: DialogManager | None = None
                       ) -> bool:
        if dialog_manager is None or not dialog_manager.has_context():
            return True
        try:
            dialog = dialog_manager.dialog()
            window = dialog.windows.get(dialog_manager.current_context().state)
        except (AttributeError, LookupError, ValueError):
            return True
        return window is None or getattr(window, "on_message", None) is None


router = Router(name="numbers-free")
router.message.filter(Can("numbers"), OutsideInput())


@router.message(F.text & ~F.text.startswith("/"))
async def free_search(message: Message, dialog_manager: DialogManager) -> None:
    await dialog_manager.start(NumbersSG.main, mode=StartMode.RESET_STACK,
                               show_mode=ShowMode.NO_UPDATE)
    await dialog_manager.start(ListSG.list, data={"kind": "search", "value": message.text},
                               show_mode=ShowMode.SEND)


@router.message(F.document)
async def free_document(message: Message, dialog_manager: DialogManager) -> None:
    await offer_file(message, dialog_manager, fresh=True)
