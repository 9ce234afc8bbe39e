"""The free text/file router steps aside exactly when the open window would take the message."""

from __future__ import annotations

import datetime as dt

from aiogram.types import Chat, Document, Message
from aiogram_dialog.widgets.input import CombinedInput, MessageInput, TextInput

from handlers.numbers.search import _accepts


def message(**content: object) -> Message:
    return Message(
        message_id=1, date=dt.datetime.now(dt.UTC), chat=Chat(id=1, type="private"), **content
    )


TEXT = message(text="Иванов")
DOC = message(document=Document(file_id="f", file_unique_id="u", file_name="a.csv"))


async def noop(*_: object) -> None:
    return None


async def test_inputs_take_only_what_they_expect():
    assert await _accepts(TextInput(id="t"), TEXT, {})
    assert not await _accepts(TextInput(id="t"), DOC, {})
    files_only = MessageInput(noop, content_types=["document"])
    assert await _accepts(files_only, DOC, {})
    assert not await _accepts(files_only, TEXT, {})  # so the text is a search
    anything = MessageInput(noop)
    assert await _accepts(anything, TEXT, {}) and await _accepts(anything, DOC, {})
    both = CombinedInput(TextInput(id="t"), files_only)
    assert await _accepts(both, TEXT, {}) and await _accepts(both, DOC, {})
