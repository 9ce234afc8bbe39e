"""How services talk to people without knowing Telegram: text plus buttons as plain data.

The bot implements `Notifier` with aiogram (bot/notifier.py); tests use `MemoryNotifier`.
A button names an action and the id it acts on; the implementation turns that into
callback data, so services never build Telegram payloads.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class Button:
    text: str
    action: str  # e.g. "approve", "reject", "info", "withdraw"
    ref: int  # the id the action applies to


Keyboard = tuple[tuple[Button, ...], ...]


class Notifier(Protocol):
    async def send(self, chat_id: int, text: str, buttons: Keyboard = ()) -> int | None:
        """Send a message; its id, or None when it could not be delivered."""

    async def edit(self, chat_id: int, message_id: int, text: str, buttons: Keyboard = ()) -> bool:
        """Replace a message's text and buttons; False when it could not be edited."""


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
