"""Where to answer and who asked: the parts of a Telegram update its types leave optional.

A button's message is missing when it is too old for Telegram to send along, or was posted
inline; the presser's private chat is where the bot answers then. A message's sender is
missing only in channel posts, which the bot does not subscribe to.
"""

from __future__ import annotations

from typing import Any, TypeVar

from aiogram.types import CallbackQuery, Message, User
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.common import ManagedScroll
from aiogram_dialog.widgets.kbd import ManagedMultiselect

W = TypeVar("W")


def chat_id_of(cb: CallbackQuery) -> int:
    """The chat the button was pressed in."""
    return cb.message.chat.id if cb.message is not None else cb.from_user.id


def sender(message: Message) -> User:
    if message.from_user is None:
        raise ValueError("a message without a sender (a channel post?)")
    return message.from_user


def start_args(manager: DialogManager) -> dict[str, Any]:
    """What the dialog was started with, when it was started with keywords."""
    data = manager.start_data
    return data if isinstance(data, dict) else {}


def widget(manager: DialogManager, widget_id: str, kind: type[W]) -> W:
    """The current window's widget by id, as the kind it is; a wrong id is a bug."""
    found = manager.find(widget_id)
    if not isinstance(found, kind):
        raise LookupError(f"{widget_id!r} is not a {kind.__name__} of this dialog")
    return found


def scroll(manager: DialogManager, widget_id: str) -> ManagedScroll:
    return widget(manager, widget_id, ManagedScroll)


def multiselect(manager: DialogManager, widget_id: str) -> ManagedMultiselect[str]:
    return widget(manager, widget_id, ManagedMultiselect)
