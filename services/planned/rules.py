"""When a recurring item happens next: its rule, read in the item's own time zone.

A rule is plain JSON on the item: a frequency and its slots, e.g. a weekend block
``{"freq": "weekly", "slots": [{"day": 5, "time": "00:00", "step": "on"},
{"day": 0, "time": "08:00", "step": "off"}]}`` (days are Monday=0 … Sunday=6) or a report on
the 31st ``{"freq": "monthly", "slots": [{"day": 31, "time": "09:00"}]}``.

Walls clocks are what people mean: "09:00" is 09:00 in the zone whatever its offset is that
day. The edges are decided here, once:
- a day of month the month lacks (the 31st in February) is that month's last day;
- a time the clock skips when summer time starts (02:30 on that night) is taken as the
  same wall time on the old offset, i.e. just after the jump;
- a time the clock shows twice when summer time ends happens once, the first time.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo


class Freq(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"


# How many local days ahead an occurrence is looked for: any rule fires within these.
HORIZON = {Freq.DAILY: 3, Freq.WEEKLY: 9, Freq.MONTHLY: 63}


class RuleError(ValueError):
    """A rule that cannot be read (a bad day, time or frequency)."""


@dataclass(frozen=True)
class Slot:
    time: dt.time
    day: int | None = None  # weekday (Monday=0) for weekly, day of month for monthly
    step: str = ""  # what this occurrence does, for items with several ("on", "off")

    def matches(self, freq: Freq, day: dt.date) -> bool:
        if freq == Freq.DAILY:
            return True
        if freq == Freq.WEEKLY:
            return day.weekday() == self.day
        last = calendar.monthrange(day.year, day.month)[1]
        return day.day == min(self.day or 1, last)


@dataclass(frozen=True)
class Rule:
    freq: Freq
    slots: tuple[Slot, ...]

    @classmethod
    def load(cls, raw: dict[str, Any]) -> Rule:
        try:
            freq = Freq(raw["freq"])
            slots = tuple(
                Slot(
                    dt.time.fromisoformat(str(s["time"])),
                    None if s.get("day") is None else int(s["day"]),
                    str(s.get("step") or ""),
                )
                for s in raw["slots"]
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise RuleError(str(exc)) from None
        if not slots:
            raise RuleError("no slots")
        for s in slots:
            if freq == Freq.WEEKLY and not (s.day is not None and 0 <= s.day <= 6):
                raise RuleError("weekday out of range")
            if freq == Freq.MONTHLY and not (s.day is not None and 1 <= s.day <= 31):
                raise RuleError("day of month out of range")
        return cls(freq, slots)

    def dump(self) -> dict[str, Any]:
        return {
            "freq": self.freq.value,
            "slots": [
                {"time": s.time.strftime("%H:%M"), "day": s.day, "step": s.step} for s in self.slots
            ],
        }

    def next_after(self, tz: ZoneInfo, after: dt.datetime) -> tuple[dt.datetime, str]:
        """The first occurrence strictly after `after` (UTC) and its step."""
        first = after.astimezone(tz).date()
        for offset in range(HORIZON[self.freq]):
            day = first + dt.timedelta(days=offset)
            found = [
                (at, s.step)
                for s in self.slots
                if s.matches(self.freq, day) and (at := wall_to_utc(day, s.time, tz)) > after
            ]
            if found:
                return min(found)
        raise RuleError("no occurrence")  # unreachable for a rule that load() accepted


def wall_to_utc(day: dt.date, time: dt.time, tz: ZoneInfo) -> dt.datetime:
    """The UTC moment a wall clock in `tz` shows `time` on `day` (the module's DST rules)."""
    # fold=0: an ambiguous time is its first occurrence; a skipped one keeps the offset
    # before the jump, which lands just after it.
    return dt.datetime.combine(day, time, tzinfo=tz).astimezone(dt.UTC)


def next_occurrence(
    rule: dict[str, Any] | None, tz: ZoneInfo, after: dt.datetime
) -> tuple[dt.datetime, str] | None:
    """The next occurrence of a stored rule after `after`; None for a one-off item."""
    if rule is None:
        return None
    return Rule.load(rule).next_after(tz, after)
