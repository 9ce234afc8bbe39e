"""Free text and files outside a dialog step that expects them: text is a search, a file is
offered as a selection to load.

Dialogs take every message while they are open (even windows without an input), so this
router sits before them and steps aside whenever the current window has an input of its own.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Filter
from aiogram.types import Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, StartMode
from aiogram_dialog.api.entities import Context

from handlers.filters import Can
from handlers.numbers.load import offer_file
from handlers.numbers.states import ListSG, NumbersSG


class OutsideInput(Filter):
    """True when no dialog is open or the open window has no message input of its own.

    Runs before aiogram-dialog's manager exists (filters precede inner middlewares), so it
    reads the context the intent middleware left and learns once, from the router tree,
    which windows take input."""

    def __init__(self) -> None:
        self._with_input: set[str] | None = None

    def _states_with_input(self, start: Router) -> set[str]:
        if self._with_input is None:
            top = start
            while top.parent_router is not None:
                top = top.parent_router
            found: set[str] = set()
            stack = [top]
            while stack:
                r = stack.pop()
                stack.extend(r.sub_routers)
                if isinstance(r, Dialog):
                    found |= {st.state for st, w in r.windows.items()
                              if getattr(w, "on_message", None) is not None}
            self._with_input = found
        return self._with_input

    async def __call__(self, message: Message, aiogd_context: Context | None = None
                       ) -> bool:
        if aiogd_context is None:
            return True
        return aiogd_context.state.state not in self._states_with_input(router)


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
