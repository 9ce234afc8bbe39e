"""aiogram-dialog widgets that speak Fluent: T(<key>) renders with the window's data."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.common import WhenCondition
from aiogram_dialog.widgets.text import Text

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
