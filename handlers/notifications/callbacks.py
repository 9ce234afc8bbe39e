"""Buttons on queued messages: approval cards keep their own callback data; the rest
(Menu, open the notification settings) are ours, versioned in the prefix."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

from handlers.appeals.callbacks import AppealCb
from handlers.approvals.callbacks import ACTIONS as APPROVAL_ACTIONS
from handlers.approvals.callbacks import pack as approval_pack
from services.ports import Button

ACTIONS = {"menu": "m", "settings": "s"}
APPEAL_ACTIONS = {"appeal_open": "open", "appeal_menu": "menu"}  # the appeals' own buttons


class NotifCb(CallbackData, prefix="ntf1"):
    act: str
    id: int


def pack(button: Button) -> str:
    if button.action in APPROVAL_ACTIONS:
        return approval_pack(button)
    if button.action in APPEAL_ACTIONS:
        return AppealCb(act=APPEAL_ACTIONS[button.action], id=button.ref).pack()
    return NotifCb(act=ACTIONS[button.action], id=button.ref).pack()
