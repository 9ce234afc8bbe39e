"""aiogram-dialog's Calendar speaking the user's language (it formats with strftime), the
one calendar of every wizard: `LocalCalendar` from today on (deferring, scheduling),
`PastCalendar` up to today (periods of reports and documents)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aiogram.types import InlineKeyboardButton
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import Calendar
from aiogram_dialog.widgets.kbd.calendar_kbd import (
    CalendarConfig,
    CalendarDaysView,
    CalendarMonthView,
    CalendarScope,
    CalendarScopeView,
    CalendarUserConfig,
    CalendarYearsView,
)
from aiogram_dialog.widgets.text import Text

from handlers.widgets import i18n_of
from services.formatting import zone


def local_today(manager: DialogManager) -> tuple[dt.date, dt.timezone]:
    """Today in the wizard's zone (the numbers' contract's), and that zone as aiogram-dialog's
    calendar takes it: a fixed offset. The calendar asks its zone only for today's date, so
    today's offset says the same as the zone."""
    return _today(manager.dialog_data.get("tz"))


def _today(name: str | None) -> tuple[dt.date, dt.timezone]:
    now = dt.datetime.now(zone(name))
    return now.date(), dt.timezone(now.utcoffset() or dt.timedelta())


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


def _filled(keyboard: list[list[InlineKeyboardButton]]) -> list[list[InlineKeyboardButton]]:
    # Blank cells are " ": Telegram refuses whitespace-only button texts.
    return [
        [b.model_copy(update={"text": "·"}) if not b.text.strip() else b for b in row]
        for row in keyboard
    ]


class _Days(CalendarDaysView):
    async def render(self, *args: Any, **kwargs: Any) -> list[list[InlineKeyboardButton]]:
        return _filled(await super().render(*args, **kwargs))


class _Months(CalendarMonthView):
    async def render(self, *args: Any, **kwargs: Any) -> list[list[InlineKeyboardButton]]:
        return _filled(await super().render(*args, **kwargs))


class _Years(CalendarYearsView):
    async def render(self, *args: Any, **kwargs: Any) -> list[list[InlineKeyboardButton]]:
        return _filled(await super().render(*args, **kwargs))


class LocalCalendar(Calendar):
    """Localized, starting today in the wizard's time zone (the numbers' contract's)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("config", CalendarConfig(timezone=_today(None)[1]))
        super().__init__(*args, **kwargs)

    async def _get_user_config(self, data: dict, manager: DialogManager) -> CalendarUserConfig:
        today, tz = local_today(manager)
        return CalendarUserConfig(min_date=today, timezone=tz)

    def _init_views(self) -> dict[CalendarScope, CalendarScopeView]:
        cb = self._item_callback_data
        return {
            CalendarScope.DAYS: _Days(
                cb,
                weekday_text=_Weekday(),
                header_text=_Month("🗓 {month} {year}"),
                next_month_text=_Month("{month} >>"),
                prev_month_text=_Month("<< {month}"),
            ),
            CalendarScope.MONTHS: _Months(
                cb, month_text=_Month("{month}"), this_month_text=_Month("[ {month} ]")
            ),
            CalendarScope.YEARS: _Years(cb),
        }


HISTORY_YEARS = 5  # how far back a period may start


class PastCalendar(LocalCalendar):
    """Reports and documents look back: any day of the last few years, up to today."""

    async def _get_user_config(self, data: dict, manager: DialogManager) -> CalendarUserConfig:
        today, tz = local_today(manager)
        return CalendarUserConfig(
            min_date=today.replace(year=today.year - HISTORY_YEARS, day=1),
            max_date=today,
            timezone=tz,
        )
