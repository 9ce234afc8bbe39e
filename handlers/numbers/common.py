"""Shared pieces of the Numbers workplace: formatting, the selection line, operations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from aiogram.fsm.state import State
from aiogram_dialog import DialogManager

from locales import Html, Translator, escape
from services.access import Principal
from services.numbers import NumberRow
from services.numbers.phones import pretty
from services.selections import SelectionService, Summary


def _operations_state() -> State | None:
    """The operations workplace's entry, once it is part of this checkout (it comes from
    another branch). An editable install can resolve a missing subpackage from another
    checkout, so the module must live beside this package to count."""
    try:
        from handlers.operations import states
    except ImportError:
        return None
    here = Path(__file__).resolve().parents[1]
    if not Path(states.__file__).resolve().is_relative_to(here):
        return None
    return states.OperationsSG.choose


OPERATIONS_STATE: State | None = _operations_state()


def operations_available(principal: Principal | None) -> bool:
    return OPERATIONS_STATE is not None and principal is not None and principal.may("operations")


def money(kopecks: int, lang: str) -> str:
    value = Decimal(kopecks) / 100
    text = f"{value:,.2f}"
    if lang == "ru":
        text = text.replace(",", " ").replace(".", ",")
    return f"{text} ₽"


def day(value: dt.datetime | dt.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def short_name(holder: str) -> str:
    """Иванов Иван Ольгович -> Иванов И. О. (buttons are narrow on a phone)."""
    parts = holder.split()
    if len(parts) < 2:
        return holder
    return " ".join([parts[0], *(p[0] + "." for p in parts[1:3])])


def button_text(row: NumberRow) -> str:
    mark = "🔒 " if row.blocked else ""
    return f"{mark}{pretty(row.msisdn)} {short_name(row.holder)}".strip()


def line(i18n: Translator, index: int, row: NumberRow) -> str:
    return i18n(
        "num-line",
        index=index,
        number=pretty(row.msisdn),
        holder=escape(row.holder or "—"),
        account=row.account,
        department=escape(row.department or "—"),
        blocked=Html(" " + i18n("num-blocked-mark")) if row.blocked else "",
    )


def summary_text(i18n: Translator, summary: Summary) -> str:
    if summary.numbers == 0:
        return i18n("sel-summary-empty")
    return i18n("sel-summary", n=summary.numbers, a=summary.accounts, c=summary.contracts)


async def summary_data(manager: DialogManager) -> dict[str, Any]:
    data = manager.middleware_data
    selections: SelectionService = data["selections"]
    summary = await selections.summary(data["principal"])
    return {
        "selection": summary_text(data["i18n"], summary),
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
