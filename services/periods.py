"""Report and document periods: a date range with a label, the usual presets, month arithmetic.

A period is two inclusive calendar dates. Presets are relative to "today" (passed in, never
read from the clock here, so tests and the scheduler decide what today is). The label is a
plain Russian or English phrase built from month names; handlers may use it as is or build
their own from ``kind`` and the dates.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

MONTHS_RU = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)
# «1 ноября 2026 г.»: the month of a full date in the genitive.
MONTHS_GEN_RU = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
MONTHS_RU_SHORT = (
    "янв",
    "фев",
    "мар",
    "апр",
    "май",
    "июн",
    "июл",
    "авг",
    "сен",
    "окт",
    "ноя",
    "дек",
)
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTHS_EN_SHORT: tuple[str, ...] = tuple(m[:3] for m in MONTHS_EN)


class PeriodKind(enum.StrEnum):
    THIS_MONTH = "this_month"
    LAST_MONTH = "last_month"
    LAST_3_MONTHS = "last_3"
    LAST_12_MONTHS = "last_12"
    LAST_QUARTER = "last_quarter"
    CUSTOM = "custom"


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (negative: earlier), clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month0 = divmod(index, 12)
    last = _month_length(year, month0 + 1)
    return dt.date(year, month0 + 1, min(day.day, last))


def month_end(day: dt.date) -> dt.date:
    return add_months(month_start(day), 1) - dt.timedelta(days=1)


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """First days of every month touched by [start, end], in order."""
    out: list[dt.date] = []
    cur = month_start(start)
    while cur <= end:
        out.append(cur)
        cur = add_months(cur, 1)
    return out


def _month_length(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (dt.date(year, month + 1, 1) - dt.date(year, month, 1)).days


def month_name(day: dt.date, lang: str = "ru", *, short: bool = False) -> str:
    names: tuple[str, ...]
    if lang == "ru":
        names = MONTHS_RU_SHORT if short else MONTHS_RU
    else:
        names = MONTHS_EN_SHORT if short else MONTHS_EN
    return names[day.month - 1]


@dataclass(frozen=True)
class Period:
    """Inclusive dates ``start``..``end`` and what to call them."""

    start: dt.date
    end: dt.date
    kind: PeriodKind = PeriodKind.CUSTOM

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("period ends before it starts")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def months(self) -> list[dt.date]:
        return months_between(self.start, self.end)

    @property
    def end_exclusive(self) -> dt.date:
        return self.end + dt.timedelta(days=1)

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def previous(self) -> Period:
        """The period just before, of the same shape: whole months map to whole months."""
        if self.start == month_start(self.start) and self.end == month_end(self.end):
            n = len(self.months)
            start = add_months(self.start, -n)
            return Period(start, self.start - dt.timedelta(days=1), self.kind)
        if self.start == month_start(self.start) and self.kind == PeriodKind.THIS_MONTH:
            # 1st..today compares with the same days of last month
            start = add_months(self.start, -1)
            end = min(add_months(self.end, -1), self.start - dt.timedelta(days=1))
            return Period(start, end, self.kind)
        end = self.start - dt.timedelta(days=1)
        return Period(end - dt.timedelta(days=self.days - 1), end, self.kind)

    def label(self, lang: str = "ru") -> str:
        """«март 2026», «янв – мар 2026», «1–15 марта 2026» style, or dd.mm.yyyy range."""
        whole_start = self.start == month_start(self.start)
        whole_end = self.end == month_end(self.end)
        if whole_start and whole_end:
            if self.start.year == self.end.year and self.start.month == self.end.month:
                return f"{month_name(self.start, lang)} {self.start.year}"
            first = month_name(self.start, lang, short=True)
            last = month_name(self.end, lang, short=True)
            if self.start.year == self.end.year:
                return f"{first} – {last} {self.end.year}"
            return f"{first} {self.start.year} – {last} {self.end.year}"
        return f"{self.start:%d.%m.%Y} – {self.end:%d.%m.%Y}"

    @classmethod
    def preset(cls, kind: PeriodKind, today: dt.date) -> Period:
        first = month_start(today)
        if kind == PeriodKind.THIS_MONTH:
            return cls(first, today, kind)
        if kind == PeriodKind.LAST_MONTH:
            start = add_months(first, -1)
            return cls(start, first - dt.timedelta(days=1), kind)
        if kind == PeriodKind.LAST_3_MONTHS:
            return cls(add_months(first, -3), first - dt.timedelta(days=1), kind)
        if kind == PeriodKind.LAST_12_MONTHS:
            return cls(add_months(first, -12), first - dt.timedelta(days=1), kind)
        if kind == PeriodKind.LAST_QUARTER:
            q_first = dt.date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
            return cls(add_months(q_first, -3), q_first - dt.timedelta(days=1), kind)
        raise ValueError("a custom period needs its dates: use Period.custom")

    @classmethod
    def custom(cls, start: dt.date, end: dt.date) -> Period:
        """Any range; swapped ends are put in order."""
        if end < start:
            start, end = end, start
        return cls(start, end, PeriodKind.CUSTOM)
