"""In-memory stand-ins for the ports in services/ports.py."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from services.ports import Keyboard


@dataclass
class Sent:
    chat_id: int
    message_id: int
    text: str
    buttons: Keyboard = ()
    edits: list[tuple[str, Keyboard]] = field(default_factory=list)


class MemoryNotifier:
    """Keeps every message in memory: for tests and for running without a bot."""

    def __init__(self) -> None:
        self.messages: list[Sent] = []
        self._ids = itertools.count(1)
        self.unreachable: set[int] = set()

    async def send(self, chat_id: int, text: str, buttons: Keyboard = ()) -> int | None:
        if chat_id in self.unreachable:
            return None
        sent = Sent(chat_id, next(self._ids), text, buttons)
        self.messages.append(sent)
        return sent.message_id

    async def edit(self, chat_id: int, message_id: int, text: str, buttons: Keyboard = ()) -> bool:
        for m in self.messages:
            if m.chat_id == chat_id and m.message_id == message_id:
                m.text, m.buttons = text, buttons
                m.edits.append((text, buttons))
                return True
        return False

    def to(self, chat_id: int) -> list[Sent]:
        return [m for m in self.messages if m.chat_id == chat_id]
