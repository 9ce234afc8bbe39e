"""Shared pieces of the Numbers workplace: formatting, the selection line, operations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aiogram.fsm.state import State
from aiogram_dialog import DialogManager

from handlers.operations.states import OperationsSG
from locales import Translator
from services.access import Principal
from services.formatting import short_phone
from services.numbers import NumberRow
from services.selections import SelectionService, Summary

OPERATIONS_STATE: State = OperationsSG.choose


def operations_available(principal: Principal | None) -> bool:
    return principal is not None and principal.may("operations")


def day(value: dt.datetime | dt.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def short_name(holder: str) -> str:
    """Иванов Иван Ольгович -> Иванов И. О. (buttons are narrow on a phone)."""
    parts = holder.split()
    if len(parts) < 2:
        return holder
    return " ".join([parts[0], *(p[0] + "." for p in parts[1:3])])


def button_text(row: NumberRow) -> str:
    """«913 947-95-80 Иванов И. О.»: a list shows each number once, as its button."""
    mark = "🔒" if row.blocked else ""
    return f"{mark}{short_phone(row.msisdn)} {short_name(row.holder)}".strip()


def summary_text(i18n: Translator, summary: Summary) -> str:
    if summary.numbers == 0:
        return i18n("sel-summary-empty")
    return i18n("sel-summary", n=summary.numbers, a=summary.accounts, c=summary.contracts)


async def summary_data(manager: DialogManager) -> dict[str, Any]:
    data = manager.middleware_data
    selections: SelectionService = data["selections"]
    summary = await selections.summary(data["principal"])
    return {
        # Under other screens the selection is named only when it holds something.
        "selection": summary_text(data["i18n"], summary) if summary.numbers else "",
        "sel_n": summary.numbers,
        "sel_badge": f" ({summary.numbers})" if summary.numbers else "",
    }


def notice(manager: DialogManager) -> str:
    """A one-time line shown above a window after an action (popped once shown)."""
    return manager.dialog_data.pop("notice", "")


def parse_id(value: Any) -> int | None:
    """Ids from the client are text; anything but a plain positive int is ignored."""
    text = str(value)
    return int(text) if text.isdigit() and len(text) < 12 else None


def flash(manager: DialogManager, text: str) -> None:
    """Tell the user something in the window itself, above its text, once.

    aiogram-dialog answers every callback query itself, so a second answer with text would
    be refused by Telegram; the window is where feedback goes."""
    manager.dialog_data["notice"] = text
