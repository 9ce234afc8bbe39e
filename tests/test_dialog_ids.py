"""Two dialogs opened within one second get different ids (aiogram-dialog's own ids repeat
once in a hundred within a second, and a repeat breaks the person's dialog stack)."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup
from aiogram_dialog.api.entities import Stack

from bot import dialog_ids


class _SG(StatesGroup):
    one = State()


def test_intents_opened_at_once_never_share_an_id() -> None:
    dialog_ids.install()
    ids = []
    for _ in range(200):  # well within one second
        stack = Stack()
        for _ in range(5):
            ids.append(stack.push(_SG.one, None).id)
    assert len(set(ids)) == len(ids)
    assert max(len(i) for i in ids) <= 6  # callback data keeps its room
