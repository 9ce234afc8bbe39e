"""aiogram-dialog's Calendar speaking the user's language (it formats with strftime)."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import Calendar
from aiogram_dialog.widgets.kbd.calendar_kbd import (
    CalendarDaysView,
    CalendarMonthView,
    CalendarScope,
    CalendarScopeView,
    CalendarYearsView,
)
from aiogram_dialog.widgets.text import Text

from handlers.widgets import i18n_of


class _Month(Text):
    def __init__(self, pattern: str) -> None:
        super().__init__()
        self.pattern = pattern

    async def _render_text(self, data: dict[str, Any], manager: DialogManager) -> str:
        date = data["date"]
        month = i18n_of(manager)(f"op-month-{date.month}")
        return self.pattern.format(month=month, year=date.year)


class _Weekday(Text):
    async def _render_text(self, data: dict[str, Any], manager: DialogManager) -> str:
        return i18n_of(manager)("op-weekdays").split()[data["date"].weekday()]


class LocalCalendar(Calendar):
    def _init_views(self) -> dict[CalendarScope, CalendarScopeView]:
        cb = self._item_callback_data
        return {
            CalendarScope.DAYS: CalendarDaysView(
                cb, weekday_text=_Weekday(), header_text=_Month("🗓 {month} {year}"),
                next_month_text=_Month("{month} >>"), prev_month_text=_Month("<< {month}")),
            CalendarScope.MONTHS: CalendarMonthView(
                cb, month_text=_Month("{month}"), this_month_text=_Month("[ {month} ]")),
            CalendarScope.YEARS: CalendarYearsView(cb),
        }
