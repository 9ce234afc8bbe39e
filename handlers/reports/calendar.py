"""The custom period's calendar: past dates only (reports look back), in the user's language."""

from __future__ import annotations

from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd.calendar_kbd import CalendarUserConfig

from handlers.operations.calendar import LocalCalendar, local_today

HISTORY_YEARS = 5


class PastCalendar(LocalCalendar):
    async def _get_user_config(self, data: dict, manager: DialogManager) -> CalendarUserConfig:
        today, tz = local_today(manager)
        return CalendarUserConfig(
            min_date=today.replace(year=today.year - HISTORY_YEARS, day=1),
            max_date=today,
            timezone=tz,
        )
