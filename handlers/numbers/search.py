"""Free text and files outside a dialog step that expects them: text is a search, a file is
offered as a selection to load.

Dialogs take every message while they are open (even windows without an input), so this
router sits before them and steps aside whenever the current window's input would take the
message itself.
"""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.enums import ContentType
from aiogram.filters import Filter
from aiogram.types import Message
from aiogram_dialog import Dialog, DialogManager, ShowMode, StartMode, Window
from aiogram_dialog.api.entities import Context
from aiogram_dialog.widgets.input import CombinedInput, MessageInput, TextInput

from handlers.filters import Browses, Can
from handlers.numbers.load import offer_file
from handlers.numbers.states import ListSG, NumbersSG
from services.numbers import QUERY_MAX


async def _accepts(widget: Any, message: Message, data: dict[str, Any]) -> bool:
    """Whether a window's input would take this message (its content type and filters)."""
    if isinstance(widget, TextInput):
        return message.content_type == ContentType.TEXT and (
            widget.filter is None or bool(await widget.filter.call(message, **data))
        )
    if isinstance(widget, MessageInput):
        return all([await f.call(message, **data) for f in widget.filters])
    if isinstance(widget, CombinedInput):
        if not all([await f.call(message, **data) for f in widget.filters]):
            return False
        return any([await _accepts(w, message, data) for w in widget.inputs])
    return True  # an input we don't know: let the dialog have the message


class OutsideInput(Filter):
    """True when no dialog is open or the open window's input would not take this message
    (a window that expects a file does not expect text, so text there is a search).

    Runs before aiogram-dialog's manager exists (filters precede inner middlewares), so it
    reads the context the intent middleware left and learns once, from the router tree,
    which windows take input."""

    def __init__(self) -> None:
        self._inputs: dict[str, Any] | None = None

    def _window_inputs(self, start: Router) -> dict[str, Any]:
        if self._inputs is None:
            top = start
            while top.parent_router is not None:
                top = top.parent_router
            found: dict[str, Any] = {}
            stack = [top]
            while stack:
                r = stack.pop()
                stack.extend(r.sub_routers)
                if isinstance(r, Dialog):
                    found |= {
                        st.state: w.on_message
                        for st, w in r.windows.items()
                        if isinstance(w, Window) and w.on_message is not None and st.state
                    }
            self._inputs = found
        return self._inputs

    async def __call__(
        self, message: Message, aiogd_context: Context | None = None, **data: Any
    ) -> bool:
        if aiogd_context is None:
            return True
        state = aiogd_context.state.state
        widget = self._window_inputs(router).get(state) if state else None
        if widget is None:
            return True
        return not await _accepts(widget, message, {"aiogd_context": aiogd_context, **data})


router = Router(name="numbers-free")
router.message.filter(Can("numbers"), Browses(), OutsideInput())


@router.message(F.text & ~F.text.startswith("/"))
async def free_search(message: Message, dialog_manager: DialogManager) -> None:
    await dialog_manager.start(
        NumbersSG.main, mode=StartMode.RESET_STACK, show_mode=ShowMode.NO_UPDATE
    )
    query = (message.text or "")[:QUERY_MAX]  # the filter lets only text through
    await dialog_manager.start(
        ListSG.list, data={"kind": "search", "value": query}, show_mode=ShowMode.SEND
    )


@router.message(F.document)
async def free_document(message: Message, dialog_manager: DialogManager) -> None:
    await offer_file(message, dialog_manager, fresh=True)
