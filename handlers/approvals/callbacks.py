"""Callback data of approval cards: a version in the prefix and only the request id."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

from services.ports import Button

# Service action names -> short codes on the wire.
ACTIONS = {"approve": "ok", "reject": "no", "info": "i", "withdraw": "wd", "justify": "why"}


class ApprovalCb(CallbackData, prefix="apr1"):
    act: str
    id: int


def pack(button: Button) -> str:
    return ApprovalCb(act=ACTIONS[button.action], id=button.ref).pack()
