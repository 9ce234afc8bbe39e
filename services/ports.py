"""How services talk to people without knowing Telegram: text plus buttons as plain data.

The bot implements `Notifier` with aiogram (bot/notifier.py); tests use a memory fake.
A button names an action and the id it acts on; the implementation turns that into
callback data, so services never build Telegram payloads.
"""

from __future__ import annotations

from dataclasses import dataclass
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
