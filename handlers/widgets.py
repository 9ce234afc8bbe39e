"""aiogram-dialog widgets that speak Fluent (T(<key>) renders with the window's data), and
the one paged list every list screen uses."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, InlineKeyboardButton
from aiogram_dialog import DialogManager
from aiogram_dialog.api.internal import RawKeyboard
from aiogram_dialog.api.protocols import DialogProtocol
from aiogram_dialog.widgets.common import WhenCondition
from aiogram_dialog.widgets.kbd import Group, Keyboard, ScrollingGroup, Select
from aiogram_dialog.widgets.text import Format, Text

from locales import Translator


def i18n_of(manager: DialogManager) -> Translator:
    return manager.middleware_data["i18n"]


class T(Text):
    """Translated text; arguments come from the getter's data, then from `args`."""

    def __init__(self, key: str, when: WhenCondition = None, **args: Any) -> None:
        super().__init__(when=when)
        self.key = key
        self.args = args

    async def _render_text(self, data: dict[str, Any], manager: DialogManager) -> str:
        return i18n_of(manager)(self.key, **{**data, **self.args})


def role_title(i18n: Translator, code: str, name: str = "") -> str:
    """Built-in roles speak the user's language; custom ones keep the admin's name."""
    key = f"role-{code}"
    return i18n(key) if i18n.has(key) else (name or code)


# --- one way to show a list on a phone ----------------------------------------------------

# A phone shows about 25 lines: a title, a page of items and a few buttons fit.
PAGE_ROWS = 8
LABEL_MAX = 30


def clip(text: str, limit: int = LABEL_MAX) -> str:
    """A button label that fits a phone's width; the full text is on the next screen."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class Clipped(Text):
    """Any text widget, cut to a button's width."""

    def __init__(self, text: Text, limit: int = LABEL_MAX) -> None:
        super().__init__(when=None)
        self.text = text
        self.limit = limit

    async def _render_text(self, data: dict[str, Any], manager: DialogManager) -> str:
        return clip(await self.text.render_text(data, manager), self.limit)


class PagedList(ScrollingGroup):
    """Items as buttons, one a line and each shown once, a page at a time, under a short
    pager «◀️ 2/5 ▶️» (the arrows wrap around, so each of them always does something).

    With `pages` (a key of the getter's data) the getter pages itself, for lists too long
    to fetch whole: it reads the page with `manager.find(id).get_page()`, fetches that page
    only and gives its count; the items are then that one page."""

    def __init__(
        self,
        *buttons: Keyboard,
        id: str,
        height: int = PAGE_ROWS,
        pages: str | None = None,
        when: WhenCondition = None,
    ) -> None:
        super().__init__(*buttons, id=id, width=1, height=height, when=when)
        self.pages_key = pages

    def _pages_of(self, data: dict[str, Any], keyboard: RawKeyboard) -> int:
        if self.pages_key is not None:
            return int(data.get(self.pages_key) or 0)
        return self._get_page_count(keyboard)

    async def get_page_count(self, data: dict[str, Any], manager: DialogManager) -> int:
        return self._pages_of(data, await self._render_contents(data, manager))

    async def _render_keyboard(self, data: dict[str, Any], manager: DialogManager) -> RawKeyboard:
        keyboard = await self._render_contents(data, manager)
        pages = self._pages_of(data, keyboard)
        page = min(max(pages - 1, 0), await self.get_page(manager))
        if self.pages_key is None:
            keyboard = keyboard[page * self.height : (page + 1) * self.height]
        if pages <= 1:
            return keyboard
        return [
            *keyboard,
            [
                InlineKeyboardButton(
                    text="◀️", callback_data=self._item_callback_data((page - 1) % pages)
                ),
                InlineKeyboardButton(
                    text=f"{page + 1}/{pages}", callback_data=self._item_callback_data(page)
                ),
                InlineKeyboardButton(
                    text="▶️", callback_data=self._item_callback_data((page + 1) % pages)
                ),
            ],
        ]

    async def _process_item_callback(
        self, callback: CallbackQuery, data: str, dialog: DialogProtocol, manager: DialogManager
    ) -> bool:
        if data.isdigit() and len(data) < 7:  # the page number comes from the client
            await self.set_page(callback, int(data), manager)
        return True


def paged_select(
    id: str,
    items: str,
    on_click: Any = None,
    *,
    height: int = PAGE_ROWS,
    pages: str | None = None,
    pager: str | None = None,
    when: WhenCondition = None,
) -> PagedList:
    """The usual list: getter items are (id, label) pairs; a tap calls on_click(id).
    `pager` names the page widget (`manager.find(pager)`), `<id>_pages` by default."""
    return PagedList(
        Select(
            Clipped(Format("{item[1]}")),
            id=id,
            item_id_getter=lambda x: x[0],
            items=items,
            on_click=on_click,
        ),
        id=pager or f"{id}_pages",
        height=height,
        pages=pages,
        when=when,
    )


def choice_grid(
    id: str, items: str, on_click: Any, *, width: int = 2, when: WhenCondition = None
) -> Group:
    """A short choice that fits on one screen: getter items are (id, label) pairs, `width`
    buttons a row; a tap calls on_click(id)."""
    return Group(
        Select(
            Format("{item[1]}"),
            id=id,
            item_id_getter=lambda x: x[0],
            items=items,
            on_click=on_click,
        ),
        width=width,
        when=when,
    )
