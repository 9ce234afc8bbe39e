"""Buttons on the "the service centre answered" message: a version in the prefix, the id."""

from aiogram.filters.callback_data import CallbackData


class AppealCb(CallbackData, prefix="apl1"):
    act: str  # "open" the appeal, or "menu"
    id: int = 0
